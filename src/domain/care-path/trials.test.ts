import { describe, expect, it } from 'vitest';
import { classifyTrial, isFailedPsychotherapyTrial, type TrialLike } from './trials.js';

const t = (o: Partial<TrialLike>): TrialLike => ({ class: 'ssri', adequate: true, outcome: 'no_response', currentEpisode: true, ...o });

describe('the one definition of a failed trial', () => {
  it.each<[string, TrialLike, string]>([
    ['adequate, no response', t({}), 'failed_adequate'],
    ['adequate, partial response', t({ outcome: 'partial_response' }), 'failed_adequate'],
    ['adequate, then stopped for intolerance', t({ outcome: 'intolerance' }), 'failed_adequate'],
    ['stopped early for intolerance', t({ adequate: false, outcome: 'intolerance' }), 'intolerance'],
    ['intolerance, adequacy unknown', t({ adequate: null, outcome: 'intolerance' }), 'intolerance'],
    ['inadequate, no response', t({ adequate: false }), 'not_failed'],
    ['adequacy unknown, no response', t({ adequate: null }), 'undetermined'],
    ['responding', t({ outcome: 'response' }), 'not_failed'],
    ['ongoing', t({ outcome: 'ongoing' }), 'not_failed'],
    ['a prior episode', t({ currentEpisode: false }), 'not_failed'],
    ['an augmentation agent', t({ class: 'sga_augmentation' }), 'not_failed'],
    ['lithium augmentation', t({ class: 'lithium' }), 'not_failed'],
  ])('%s -> %s', (_name, trial, expected) => {
    expect(classifyTrial(trial)).toBe(expected);
  });

  it.each<[string, 'none' | 'partial' | 'response' | 'remission' | 'unknown', boolean]>([
    ['psychotherapy', 'none', true],
    ['psychotherapy', 'partial', true],
    ['psychotherapy', 'response', false],
    ['psychotherapy', 'unknown', false],
    ['tms', 'none', false],
  ])('%s with %s response is a failed psychotherapy trial: %s', (type, response, expected) => {
    expect(isFailedPsychotherapyTrial({ type, response })).toBe(expected);
  });
});
