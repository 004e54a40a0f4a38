/**
 * `npm run bench`: the whole benchmark. The course planner runs first (bench/planner.ts); then patient search runs on a 10,000-patient network, then every scenario
 * on the 100,000-patient network, each in its own PostgreSQL data directory, so a plan that changes with network
 * size shows at either scale (issue 8: the clinic-scoped search once chose a hash join on small networks).
 * Between the two, bench/billing.ts makes, batches (837P) and pays (835) 10,000 claims on the smaller network's server.
 * Extra arguments go to both network runs (for example `-- --duration 5 --skip-floor`).
 */
import { spawnSync } from 'node:child_process';

const extra = process.argv.slice(2);
const runs: { label: string; args: string[] }[] = [
  {
    label: 'network-10k',
    args: [
      '--patients',
      '10000',
      '--locations',
      '20',
      '--data-dir',
      '.bench-data/pg15-10k',
      '--pg-port',
      '55433',
      '--scenarios',
      'search,read',
      '--connections',
      '16,64',
    ],
  },
  { label: 'network-100k', args: ['--patients', '100000', '--locations', '50', '--data-dir', '.bench-data/pg15', '--pg-port', '55432'] },
];
// The course planner first: pure domain code, no database (issue 9: median under 50 ms, p99 reported).
console.error('[bench] === planner ===');
const planner = spawnSync(process.execPath, ['--import', 'tsx', 'bench/planner.ts'], { stdio: 'inherit' });
if (planner.status !== 0) process.exit(planner.status ?? 1);
for (const run of runs) {
  if (run.label === 'network-100k') {
    // Billing (issue 12) on the 10,000-patient network's server, before the big network: 10,000-claim 837P and 835.
    console.error('[bench] === billing ===');
    const billing = spawnSync(process.execPath, ['--import', 'tsx', 'bench/billing.ts', '--data-dir', '.bench-data/pg15-10k', '--pg-port', '55433'], {
      stdio: 'inherit',
    });
    if (billing.status !== 0) process.exit(billing.status ?? 1);
  }
  console.error(`[bench] === ${run.label} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...run.args, '--label', run.label, ...extra], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
