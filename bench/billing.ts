/**
 * Billing benchmark (issue 12): on a PostgreSQL server with the 10,000-patient network, makes 10,000 claims (two
 * TMS lines each) and measures, through the real app (in process, `inject`, no sockets):
 *   - making the claims from 20,000 approved charges (10 requests of 1,000 charges),
 *   - batching the 10,000 ready claims into one 837P (POST /api/claim-batches) and reading the file back,
 *   - importing an 835 that pays all 10,000 claims with CO-45 and PR-2 on every line (POST /api/remittances).
 * The 837P is parsed back with node-x12 in strict mode (not timed). Target: each step in seconds, not minutes.
 *   npx tsx bench/billing.ts [--claims 10000] [--data-dir .bench-data/pg15-10k --pg-port 55433]
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import { testConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { hashPassword } from '../src/server/platform/auth/password.js';
import { parse837p } from '../src/server/testing/x12-check.js';
import { startBenchPostgres } from './pg-server.js';

const { values: args } = parseArgs({
  options: {
    claims: { type: 'string', default: '10000' },
    'data-dir': { type: 'string', default: '.bench-data/pg15-10k' },
    'pg-port': { type: 'string', default: '55433' },
  },
});
const N = Number(args.claims);
const PASSWORD = 'bench-password-not-secret';
const log = (...m: unknown[]) => console.error('[bench:billing]', ...m);

const server = process.env.DATABASE_URL ? null : startBenchPostgres(args['data-dir'], Number(args['pg-port']));
const url = process.env.DATABASE_URL ?? server!.url;
const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli/seed.ts', '--patients', '10000', '--locations', '20'], {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: url, STEPWISE_DEMO_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' },
});
if (seeded.status !== 0) throw new Error('seeding failed');

const sqlc = new pg.Client({ connectionString: url });
await sqlc.connect();
const q = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => (await sqlc.query<T>(text, params)).rows;
await q(`update users set password_hash = $1, failed_logins = 0, locked_until = null where email = 'biller@demo.stepwise.test'`, [
  await hashPassword(PASSWORD),
]);

// The practice's billing set-up (the demo seed adds it to new databases; older bench databases get it here).
const [org] = await q<{ id: string }>(`select id from organizations order by created_at limit 1`);
const orgId = org!.id;
await q(
  `insert into billing_settings (organization_id, submitter_name, submitter_id, interchange_sender_id, contact_name, contact_phone, receiver_name, receiver_id, interchange_receiver_id, ketamine_ndc, taxonomy)
   values ($1, 'Stepwise Bench', 'SWBENCH', 'STEPWISE', 'Billing', '4155550100', 'Bench Clearinghouse', 'CLEARHOUSE1', 'CLEARINGHOUSE', '00409205105', '2084P0800X') on conflict do nothing`,
  [orgId],
);
const [payer] = await q<{ id: string }>(`select id from payers where organization_id = $1 and name = 'Blue Horizon Commercial'`, [orgId]);
await q(
  `insert into payer_billing_settings (payer_id, x12_payer_id, claim_filing_indicator, filing_days, appeal_rules) values ($1, '60054', 'CI', 90, 'erisa') on conflict do nothing`,
  [payer!.id],
);
await q(`update locations set npi = coalesce(npi, '1234567893'), tax_id = coalesce(tax_id, '12-3456789') where organization_id = $1`, [orgId]);
const [provider] = await q<{ id: string }>(`update users set npi = '1245319599' where email = 'provider@demo.stepwise.test' returning id`);

// N patients with a Blue Horizon coverage, and two approved TMS charges (90868) each, on two days last week.
log(`preparing ${N.toLocaleString()} patients' charges`);
await q(
  `insert into patient_coverages (patient_id, payer_id, priority, member_id, effective_from)
   select p.id, $1, 'primary', 'BENCH' || p.mrn, '2020-01-01' from patients p
    where p.organization_id = $2 and not exists (select 1 from patient_coverages c where c.patient_id = p.id and c.member_id like 'BENCH%')
    order by p.id limit $3`,
  [payer!.id, orgId, N],
);
const run = Date.now().toString(36);
const charges = await q<{ id: string }>(
  `with covered as (
     select c.id as coverage_id, c.patient_id, (select location_id from patient_locations pl where pl.patient_id = c.patient_id limit 1) as location_id
       from patient_coverages c where c.payer_id = $1 and c.member_id like 'BENCH%' order by c.patient_id limit $3)
   insert into charges (organization_id, location_id, patient_id, date_of_service, code, units, unit_fee_cents, charge_cents, diagnoses, pointers,
                        rendering_provider_id, coverage_id, payer_id, why, status)
   select $2, location_id, patient_id, current_date - d, '90868', 1, 35000, 35000, '{F33.2}', '{1}', $4, coverage_id, $1, 'bench run ' || $5, 'approved'
     from covered cross join (values (6), (7)) days(d)
   returning id`,
  [payer!.id, orgId, N, provider!.id, run],
);
log(`${charges.length.toLocaleString()} approved charges`);

const database = await openDatabase({ kind: 'postgres', url, poolSize: 10 });
const config = { ...testConfig(), database: { kind: 'postgres' as const, url, poolSize: 10 }, clearinghouseDir: path.resolve('.bench-data/clearinghouse') };
const { app } = await buildApp(config, database);
await app.ready();
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'biller@demo.stepwise.test', password: PASSWORD } });
const headers = {
  cookie: `stepwise_session=${login.cookies.find((c) => c.name === 'stepwise_session')!.value}`,
  'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken,
};
const call = async (method: 'GET' | 'POST', url: string, payload?: unknown, contentType?: string) => {
  const res = await app.inject({ method, url, payload: payload as string, headers: contentType ? { ...headers, 'content-type': contentType } : headers });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 500)}`);
  return res;
};
const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const r = await fn();
  return [r, Math.round(performance.now() - t0)];
};

// 1. Claims from the approved charges, 1,000 charges per request.
const ids = charges.map((c) => c.id);
const [claimIds, makeMs] = await timed(async () => {
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += 1000)
    out.push(...((await call('POST', '/api/claims', { ids: ids.slice(i, i + 1000) })).json() as { items: { id: string }[] }).items.map((c) => c.id));
  return out;
});
log(`made ${claimIds.length.toLocaleString()} claims in ${makeMs} ms`);
// Each claim is scrubbed and made ready by a person one at a time; here they are marked ready directly.
await q(`update claims set status = 'ready' where id = any($1::uuid[])`, [claimIds]);

// 2. One batch, its 837P.
const [batch, batchMs] = await timed(
  async () => (await call('POST', '/api/claim-batches', { ids: claimIds })).json() as { items: { id: string; claimCount: number }[] },
);
const [file, fileMs] = await timed(async () => (await call('GET', `/api/claim-batches/${batch.items[0]!.id}/837p`)).body);
const [parsed, parseMs] = await timed(async () => parse837p(file));
if (parsed.claims.length !== N) throw new Error(`837P parsed back ${parsed.claims.length} claims, not ${N}`);
log(`837P: ${N.toLocaleString()} claims in ${batchMs} ms (${(file.length / 1e6).toFixed(1)} MB, read back in ${fileMs} ms, parsed strictly in ${parseMs} ms)`);

// 3. An 835 paying every claim: per line 210 paid, CO-45 110, PR-2 30.
const detail = await q<{ pcn: string; control: string; code: string; dos: string }>(
  `select k.patient_control_number as pcn, l.control_number as control, l.code, to_char(l.date_of_service, 'YYYYMMDD') as dos
     from claims k join claim_lines l on l.claim_id = k.id where k.id = any($1::uuid[]) order by k.patient_control_number, l.line_number`,
  [claimIds],
);
const byClaim = new Map<string, typeof detail>();
for (const d of detail) byClaim.set(d.pcn, [...(byClaim.get(d.pcn) ?? []), d]);
const segs: string[] = [
  'ST*835*0001',
  `BPR*I*${210 * detail.length}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*888888888*DA*654321*20261215`,
  `TRN*1*BENCH${run}*1512345678`,
  'N1*PR*BLUE HORIZON',
  'N1*PE*STEPWISE*XX*1234567893',
  'LX*1',
];
for (const [pcn, lines] of byClaim) {
  segs.push(`CLP*${pcn}*1*${350 * lines.length}*${210 * lines.length}*${30 * lines.length}*CI*BH${pcn}`);
  for (const l of lines) segs.push(`SVC*HC:${l.code}*350*210**1`, `DTM*472*${l.dos}`, 'CAS*CO*45*110', 'CAS*PR*2*30', `REF*6R*${l.control}`);
}
segs.push(`SE*${segs.length + 1}*0001`);
const era =
  [
    'ISA*00*          *00*          *ZZ*BLUEHORIZON    *ZZ*STEPWISE       *261215*0900*^*00501*000000002*0*T*:',
    'GS*HP*BLUEHORIZON*STEPWISE*20261215*0900*2*X*005010X221A1',
    ...segs,
    'GE*1*2',
    'IEA*1*000000002',
  ].join('~\n') + '~\n';
const [posted, importMs] = await timed(
  async () => (await call('POST', '/api/remittances', era, 'application/edi-x12')).json() as { status: string; problems: string[] },
);
if (posted.status !== 'posted') throw new Error(`835 not posted: ${posted.problems.slice(0, 3).join('; ')}`);
const [paid] = await q<{ n: number }>(`select count(*)::int as n from claims where id = any($1::uuid[]) and status = 'paid'`, [claimIds]);
if (paid!.n !== N) throw new Error(`only ${paid!.n} claims paid`);
log(`835: ${N.toLocaleString()} claims (${(era.length / 1e6).toFixed(1)} MB) posted in ${importMs} ms`);

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const md = [
  `# Billing benchmark (${stamp})`,
  '',
  `PostgreSQL server, the app in process (\`inject\`), ${N.toLocaleString()} claims of two lines each, on ${process.platform} ${process.arch}, Node ${process.version}.`,
  '',
  '| step | time |',
  '|---|---|',
  `| make ${N.toLocaleString()} claims from ${ids.length.toLocaleString()} approved charges (${Math.ceil(ids.length / 1000)} requests) | ${(makeMs / 1000).toFixed(2)} s |`,
  `| batch ${N.toLocaleString()} ready claims into one 837P (${(file.length / 1e6).toFixed(1)} MB, ${parsed.transactions} transaction sets) | ${(batchMs / 1000).toFixed(2)} s |`,
  `| read the 837P back | ${(fileMs / 1000).toFixed(2)} s |`,
  `| (not the app) parse it back with node-x12 strict | ${(parseMs / 1000).toFixed(2)} s |`,
  `| import and post an 835 paying all ${N.toLocaleString()} claims (${(era.length / 1e6).toFixed(1)} MB, CO-45 and PR-2 on every line) | ${(importMs / 1000).toFixed(2)} s |`,
  '',
].join('\n');
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync(`bench/results/${stamp}-billing.md`, md);
fs.writeFileSync('bench/results/latest-billing.md', md);
fs.writeFileSync(
  `bench/results/${stamp}-billing.json`,
  JSON.stringify({ claims: N, makeMs, batchMs, fileMs, parseMs, importMs, fileBytes: file.length, eraBytes: era.length }, null, 2),
);
console.log(md);
await app.close();
await sqlc.end();
server?.stop();
