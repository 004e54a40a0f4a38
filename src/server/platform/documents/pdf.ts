import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

/** A simple document: a title block, then sections of paragraphs, bullet lists and two-column rows. */
export type DocumentBlock = { kind: 'paragraph'; text: string } | { kind: 'bullets'; items: string[] } | { kind: 'rows'; rows: [string, string][] };
/** The issuing clinic's own letterhead (name, then address, phone and NPI lines), printed above the title. */
export type DocumentLetterhead = { name: string; lines: string[] };
export type DocumentSpec = {
  letterhead?: DocumentLetterhead | null | undefined;
  title: string;
  subtitle?: string | undefined;
  sections: { heading?: string | undefined; blocks: DocumentBlock[] }[];
  footer?: string | undefined;
};

// DejaVu Sans ships in the repo (assets/fonts, Bitstream Vera licence): the standard PDF fonts cannot draw names
// outside Latin-1.
const FONT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../assets/fonts');
let fontBytes: { regular: Buffer; bold: Buffer } | null = null;
function fonts() {
  fontBytes ??= { regular: fs.readFileSync(path.join(FONT_DIR, 'DejaVuSans.ttf')), bold: fs.readFileSync(path.join(FONT_DIR, 'DejaVuSans-Bold.ttf')) };
  return fontBytes;
}

const PAGE = { width: 612, height: 792, margin: 54 };

/** Splits text into lines that fit `width` at `size`, breaking at spaces (and inside words longer than a line). */
export function wrapText(text: string, font: Pick<PDFFont, 'widthOfTextAtSize'>, size: number, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) out.push(line);
      line = word;
      while (font.widthOfTextAtSize(line, size) > width) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
        out.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    out.push(line);
  }
  return out;
}

/** Renders a document to PDF bytes, adding pages as needed. */
export async function renderPdf(spec: DocumentSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(fonts().regular, { subset: true });
  const bold = await doc.embedFont(fonts().bold, { subset: true });
  doc.setTitle(spec.title);
  doc.setProducer('Stepwise');
  if (spec.letterhead) doc.setAuthor(spec.letterhead.name);
  const width = PAGE.width - 2 * PAGE.margin;
  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const ensure = (needed: number) => {
    if (y - needed < PAGE.margin + 20) {
      page = doc.addPage([PAGE.width, PAGE.height]);
      y = PAGE.height - PAGE.margin;
    }
  };
  const write = (text: string, font: PDFFont, size: number, indent = 0, color = rgb(0.1, 0.1, 0.12)) => {
    for (const line of wrapText(text, font, size, width - indent)) {
      ensure(size + 4);
      page.drawText(line, { x: PAGE.margin + indent, y: y - size, size, font, color });
      y -= size + 4;
    }
  };
  if (spec.letterhead) {
    write(spec.letterhead.name, bold, 13, 0, rgb(0.05, 0.2, 0.35));
    for (const line of spec.letterhead.lines) write(line, regular, 9, 0, rgb(0.3, 0.3, 0.35));
    y -= 4;
    page.drawLine({ start: { x: PAGE.margin, y }, end: { x: PAGE.width - PAGE.margin, y }, thickness: 0.75, color: rgb(0.05, 0.2, 0.35) });
    y -= 14;
  }
  write(spec.title, bold, 16);
  if (spec.subtitle) write(spec.subtitle, regular, 10, 0, rgb(0.3, 0.3, 0.35));
  y -= 8;
  for (const section of spec.sections) {
    if (section.heading) {
      y -= 6;
      write(section.heading, bold, 12);
    }
    for (const block of section.blocks) {
      if (block.kind === 'paragraph') write(block.text, regular, 10);
      if (block.kind === 'bullets') for (const item of block.items) write(`• ${item}`, regular, 10, 8);
      if (block.kind === 'rows') {
        for (const [label, value] of block.rows) {
          const lines = wrapText(value, regular, 10, width - 170);
          ensure(14 * lines.length);
          page.drawText(label, { x: PAGE.margin, y: y - 10, size: 10, font: bold });
          lines.forEach((l, i) => page.drawText(l, { x: PAGE.margin + 170, y: y - 10 - i * 14, size: 10, font: regular }));
          y -= 14 * lines.length;
        }
      }
      y -= 4;
    }
  }
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    p.drawText(`${spec.footer ? `${spec.footer} · ` : ''}Page ${i + 1} of ${pages.length}`, {
      x: PAGE.margin,
      y: PAGE.margin - 20,
      size: 8,
      font: regular,
      color: rgb(0.4, 0.4, 0.45),
    });
  });
  return doc.save();
}
