// Builds the web app when dist/web is missing or older than its sources, so `npm start` works on a fresh clone
// without rebuilding on every start.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const out = path.resolve('dist/web/index.html');
function newest(dir) {
  let t = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}
const sources = Math.max(newest('src/web'), newest('src/contracts'), newest('src/domain'), fs.statSync('vite.config.ts').mtimeMs);
if (!fs.existsSync(out) || !fs.existsSync(path.resolve('dist/web/public.html')) || fs.statSync(out).mtimeMs < sources) {
  console.log('Building the web app...');
  execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
}
