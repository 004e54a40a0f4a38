#!/usr/bin/env node
// The JavaScript each entry page needs before its first screen (its scripts and their modulepreloads), gzipped,
// against a budget. Run after `vite build`; exits 1 when a budget is passed. Budgets (issue 8): the staff app's first
// screen under 250 kB; the public pages stay small. Pages loaded later (each staff page is its own chunk) do not count.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = path.resolve(process.argv[2] ?? 'dist/web');
const BUDGETS = [
  { page: 'index.html', label: 'staff app, first screen', kb: 250 },
  { page: 'public.html', label: 'public pages (callback, check)', kb: 80 },
  // Issue 11: the patient portal's first screen under 150 kB.
  { page: 'portal.html', label: 'patient portal', kb: 150 },
];

let failed = false;
for (const { page, label, kb } of BUDGETS) {
  const html = fs.readFileSync(path.join(dist, page), 'utf8');
  const files = new Set();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) files.add(m[1]);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) files.add(m[1]);
  let total = 0;
  const parts = [];
  for (const f of files) {
    const bytes = zlib.gzipSync(fs.readFileSync(path.join(dist, f.replace(/^\//, '')))).length;
    total += bytes;
    parts.push(`${path.basename(f)} ${(bytes / 1024).toFixed(1)} kB`);
  }
  const ok = total / 1024 <= kb;
  if (!ok) failed = true;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${label}: ${(total / 1024).toFixed(1)} kB gzipped of ${kb} kB (${parts.join(', ')})`);
}
process.exit(failed ? 1 : 0);
