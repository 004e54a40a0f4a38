import { parseArgs } from 'node:util';
import { count, eq, sql } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { locations, organizations, patients, userLocations, users } from '../db/schema/index.js';
import { DEMO_DOMAIN, insertClinics, insertSyntheticPatients, seedDemoIfEmpty, syntheticClinics } from '../seed/demo.js';
import { rng } from '../seed/synthetic.js';
import { defined } from '../../domain/defined.js';

/**
 * `npm run seed -- --patients 100000 --locations 50` grows the database to at least that many patients and
 * clinics (the demo practice first, if the database is empty). Running it again with the same numbers adds nothing.
 */
const { values } = parseArgs({
  options: { patients: { type: 'string', default: '0' }, locations: { type: 'string', default: '0' }, seed: { type: 'string', default: '42' } },
});
const targetPatients = Number(values.patients);
const targetLocations = Number(values.locations);
for (const [name, v] of [
  ['--patients', targetPatients],
  ['--locations', targetLocations],
] as const) {
  if (!Number.isInteger(v) || v < 0 || v > 5_000_000) {
    console.error(`${name} must be a whole number from 0 to 5,000,000`);
    process.exit(2);
  }
}

let lastTenth = -1;
function progress(label: string, done: number, total: number, started: number) {
  // A redrawn bar on a terminal; one line per tenth in a log.
  if (!process.stderr.isTTY) {
    const tenth = Math.floor((done / total) * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
  }
  const width = 30;
  const filled = Math.round((done / total) * width);
  const secs = (Date.now() - started) / 1000;
  const rate = done / Math.max(secs, 0.001);
  const eta = done < total ? ` eta ${Math.ceil((total - done) / rate)}s` : '';
  process.stderr.write(
    `${process.stderr.isTTY ? '\r' : ''}${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor((done / total) * 100)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${Math.round(rate)}/s${eta}   ${process.stderr.isTTY ? '' : '\n'}`,
  );
  if (done >= total && process.stderr.isTTY) process.stderr.write('\n');
}

const config = loadConfig();
const database = await openDatabase(config.database);
await database.migrate();
const db = database.db;
const seeded = await seedDemoIfEmpty(db, { password: config.demoPassword });
if (seeded) {
  console.log(`Seeded the demo practice (${seeded.clinics} clinics, ${seeded.patients} patients).`);
  console.log(seeded.passwordGenerated ? `Demo password: ${seeded.password}` : 'Demo password: STEPWISE_DEMO_PASSWORD');
}
const [org] = await db.select({ id: organizations.id }).from(organizations).limit(1);
const organizationId = defined(org).id;
const r = rng(Number(values.seed));

const [{ n: haveLocations }] = (await db.select({ n: count() }).from(locations)) as [{ n: number }];
if (targetLocations > haveLocations) {
  const existingCodes = new Set((await db.select({ code: locations.code }).from(locations)).map((x) => x.code));
  const seeds = syntheticClinics(targetLocations + existingCodes.size, r)
    .filter((c) => !existingCodes.has(c.code))
    .slice(0, targetLocations - haveLocations);
  const ids = await insertClinics(db, organizationId, seeds);
  // The demo coordinator answers the phones for every clinic, as a central call centre does.
  const [coordinator] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, `coordinator@${DEMO_DOMAIN}`));
  if (coordinator)
    await db
      .insert(userLocations)
      .values([...ids.values()].map((locationId) => ({ userId: coordinator.id, locationId })))
      .onConflictDoNothing();
  console.log(`Added ${seeds.length} clinics.`);
}

const [{ n: havePatients }] = (await db.select({ n: count() }).from(patients)) as [{ n: number }];
const toAdd = targetPatients - havePatients;
if (toAdd > 0) {
  const all = await db
    .select({ id: locations.id, city: locations.city, state: locations.state, zip: locations.postalCode, phone: locations.phone })
    .from(locations);
  const clinics = all.map((c) => ({ id: c.id, city: c.city, state: c.state, zip: c.zip, areaCode: (c.phone ?? '+1415').slice(2, 5) }));
  const started = Date.now();
  await insertSyntheticPatients(db, organizationId, clinics, toAdd, r, (done) => progress('patients', done, toAdd, started));
  // Fresh statistics and visibility maps, so index-only scans and plans are right from the first query.
  await db.execute(sql`vacuum analyze`);
  console.log(`Added ${toAdd.toLocaleString('en-US')} patients in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
} else {
  console.log(`Already ${havePatients.toLocaleString('en-US')} patients; nothing to add.`);
}
await database.close();
