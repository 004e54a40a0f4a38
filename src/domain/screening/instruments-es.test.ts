import { describe, expect, it } from 'vitest';
import { INSTRUMENTS } from './instruments.js';
import { INSTRUMENTS_ES } from './instruments-es.js';

describe('the Spanish PHQ-9 and GAD-7', () => {
  it.each(['PHQ-9', 'GAD-7'] as const)('%s has an item and an option for each English one, in the same order', (id) => {
    const es = INSTRUMENTS_ES[id]!;
    expect(es.items).toHaveLength(INSTRUMENTS[id].items.length);
    expect(es.options).toHaveLength(INSTRUMENTS[id].options.length);
  });
  it('keeps item 9 (the suicide-risk item) as the ninth PHQ-9 item', () => {
    expect(INSTRUMENTS_ES['PHQ-9']!.items[8]).toMatch(/muerto\(a\).*lastimarse/);
  });
});
