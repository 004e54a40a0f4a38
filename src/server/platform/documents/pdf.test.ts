import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderPdf, wrapText } from './pdf.js';

const mono = { widthOfTextAtSize: (t: string, size: number) => t.length * size * 0.5 };

describe('PDF documents', () => {
  it.each([
    ['short text stays on one line', 'Hello world', 100, ['Hello world']],
    ['wraps at spaces', 'aaaa bbbb cccc', 40, ['aaaa', 'bbbb', 'cccc']],
    ['keeps paragraphs', 'one\ntwo', 100, ['one', 'two']],
    ['breaks a word longer than the line', 'abcdefghijkl', 30, ['abcdef', 'ghijkl']],
  ])('%s', (_name, text, width, lines) => {
    expect(wrapText(text, mono, 10, width)).toEqual(lines);
  });

  it('renders names outside Latin-1 and adds pages for long content', async () => {
    const bytes = await renderPdf({
      title: 'Letter of medical necessity',
      subtitle: 'Patient: Zoë Nguyễn-Łukasiewicz',
      sections: [{ heading: 'History', blocks: [{ kind: 'bullets', items: Array.from({ length: 120 }, (_, i) => `Item ${i + 1}: ưu tiên`) }] }],
      footer: 'Confidential',
    });
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThan(1);
    expect(doc.getTitle()).toBe('Letter of medical necessity');
  });
});
