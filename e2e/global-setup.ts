import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Browser journeys need the built web app and Debian's Chromium (never a downloaded browser). */
export default function setup() {
  execFileSync(process.execPath, ['scripts/build-web-if-stale.mjs'], { stdio: 'inherit' });
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    throw new Error(`Chromium not found at ${chromium}. Install Debian's package: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
}
