import { randomBytes } from 'node:crypto';
import { queryRows } from '../db/sql-values.js';
import { sql } from 'drizzle-orm';
import type { Role } from '../../contracts/roles.js';
import { formatMrn } from '../../domain/patients/mrn.js';
import { phq9Severity } from '../../domain/screening/instruments.js';
import type { WeeklyHours } from '../../domain/scheduling/opening-hours.js';
import type { Db } from '../db/client.js';
import {
  leads,
  leadScreenings,
  observations,
  locationHolidays,
  locations,
  organizations,
  patientLocations,
  patients,
  patientWeights,
  treatmentResources,
  userLocations,
  users,
} from '../db/schema/index.js';
import { hashPassword } from '../platform/auth/password.js';
import { STATES, rng, syntheticPatient, type Rng } from './synthetic.js';
import { seedBilling } from './billing.js';
import { seedPayersAndPrices } from './payers.js';
import { seedProtocols } from '../modules/scheduling/index.js';
import { defined } from '../../domain/defined.js';

export const DEMO_DOMAIN = 'demo.stepwise.test';

const WEEKDAY_HOURS: WeeklyHours = {
  mon: [{ open: '08:00', close: '18:00' }],
  tue: [{ open: '08:00', close: '18:00' }],
  wed: [{ open: '08:00', close: '18:00' }],
  thu: [{ open: '08:00', close: '18:00' }],
  fri: [{ open: '08:00', close: '17:00' }],
  sat: [],
  sun: [],
};
const WITH_SATURDAY: WeeklyHours = { ...WEEKDAY_HOURS, sat: [{ open: '09:00', close: '13:00' }] };

type ClinicSeed = {
  code: string;
  name: string;
  state: string;
  timeZone: string;
  city: string;
  zip: string;
  areaCode: string;
  line1: string;
  hours: WeeklyHours;
  services: string[];
  resources: { kind: string; name: string }[];
};

const chairs = (n: number) => Array.from({ length: n }, (_, i) => ({ kind: 'infusion_chair', name: `Infusion chair ${i + 1}` }));
const tms = (n: number) => Array.from({ length: n }, (_, i) => ({ kind: 'tms_device', name: `TMS device ${i + 1}` }));
const rooms = (n: number) => Array.from({ length: n }, (_, i) => ({ kind: 'esketamine_room', name: `Observation room ${i + 1}` }));

export const DEMO_CLINICS: ClinicSeed[] = [
  {
    code: 'SF',
    name: 'Stepwise San Francisco',
    state: 'CA',
    timeZone: 'America/Los_Angeles',
    city: 'San Francisco',
    zip: '94110',
    areaCode: '415',
    line1: '2100 Mission St, Suite 300',
    hours: WITH_SATURDAY,
    services: ['tms', 'esketamine', 'iv_ketamine', 'integration_therapy'],
    resources: [...chairs(4), ...tms(2), ...rooms(3)],
  },
  {
    code: 'AUS',
    name: 'Stepwise Austin',
    state: 'TX',
    timeZone: 'America/Chicago',
    city: 'Austin',
    zip: '78701',
    areaCode: '512',
    line1: '600 Congress Ave, Floor 4',
    hours: WEEKDAY_HOURS,
    services: ['tms', 'esketamine', 'iv_ketamine'],
    resources: [...chairs(3), ...tms(2), ...rooms(2)],
  },
  {
    code: 'SEA',
    name: 'Stepwise Seattle',
    state: 'WA',
    timeZone: 'America/Los_Angeles',
    city: 'Seattle',
    zip: '98101',
    areaCode: '206',
    line1: '1420 5th Ave, Suite 1100',
    hours: WEEKDAY_HOURS,
    services: ['tms', 'esketamine', 'integration_therapy'],
    resources: [...tms(3), ...rooms(2)],
  },
  {
    code: 'ATL',
    name: 'Stepwise Atlanta',
    state: 'GA',
    timeZone: 'America/New_York',
    city: 'Atlanta',
    zip: '30303',
    areaCode: '404',
    line1: '191 Peachtree St NE, Suite 2500',
    hours: WITH_SATURDAY,
    services: ['tms', 'esketamine', 'iv_ketamine', 'integration_therapy'],
    resources: [...chairs(3), ...tms(1), ...rooms(2)],
  },
];

/** US holidays the demo clinics close for (dates as published for 2026-2027). */
const HOLIDAYS = [
  { date: '2026-11-26', name: 'Thanksgiving Day' },
  { date: '2026-12-25', name: 'Christmas Day' },
  { date: '2027-01-01', name: "New Year's Day" },
  { date: '2027-01-18', name: 'Martin Luther King Jr. Day' },
  { date: '2027-05-31', name: 'Memorial Day' },
  { date: '2027-07-05', name: 'Independence Day (observed)' },
];

/** One account per role; `clinics` are clinic codes, "*" for all. */
const DEMO_STAFF: { role: Role; name: string; clinics: string[] | '*'; organizationWide?: boolean; timeZone: string }[] = [
  { role: 'admin', name: 'Alex Admin', clinics: [], timeZone: 'America/Los_Angeles' },
  { role: 'provider', name: 'Dr. Priya Raman, MD', clinics: ['SF', 'SEA'], timeZone: 'America/Los_Angeles' },
  { role: 'nurse', name: 'Nina Nakamura, RN', clinics: ['SF'], timeZone: 'America/Los_Angeles' },
  { role: 'coordinator', name: 'Carmen Coordinator', clinics: '*', timeZone: 'America/Chicago' },
  { role: 'biller', name: 'Bill Biller', clinics: [], organizationWide: true, timeZone: 'America/Chicago' },
  { role: 'manager', name: 'Morgan Manager', clinics: ['SF'], timeZone: 'America/Los_Angeles' },
];

/** Additional staff at the other clinics, so clinic-scoped access can be tried with two nurses. */
const EXTRA_STAFF: { email: string; role: Role; name: string; clinics: string[]; timeZone: string }[] = [
  { email: 'nurse.austin', role: 'nurse', name: 'Tomas Reyes, RN', clinics: ['AUS'], timeZone: 'America/Chicago' },
  { email: 'provider.atlanta', role: 'provider', name: 'Dr. Kwame Mensah, DO', clinics: ['ATL'], timeZone: 'America/New_York' },
  { email: 'np.austin', role: 'provider', name: 'Dana Whitfield, PMHNP', clinics: ['AUS'], timeZone: 'America/Chicago' },
  { email: 'manager.atlanta', role: 'manager', name: 'Grace Okafor', clinics: ['ATL'], timeZone: 'America/New_York' },
];

const PORTAL_EMAIL = `patient@${DEMO_DOMAIN}`;

export type SeedSummary = {
  organizationName: string;
  clinics: number;
  patients: number;
  accounts: { role: string; email: string }[];
  password: string;
  passwordGenerated: boolean;
  /** The demo patient's portal login (same password as the staff accounts). */
  patientPortal: { email: string; name: string } | null;
};

/** Creates clinics with hours, holidays and resources; returns their ids by code. */
export async function insertClinics(db: Db, organizationId: string, clinics: ClinicSeed[]): Promise<Map<string, string>> {
  const inserted = await db
    .insert(locations)
    .values(
      clinics.map((c) => ({
        organizationId,
        code: c.code,
        name: c.name,
        timeZone: c.timeZone,
        phone: `+1${c.areaCode}5550100`,
        addressLine1: c.line1,
        city: c.city,
        state: c.state,
        postalCode: c.zip,
        openingHours: c.hours,
        services: c.services,
        // Synthetic identifiers: 1234567893 is the NPI standard's own check-digit example.
        npi: '1234567893',
        taxId: '12-3456789',
      })),
    )
    .returning({ id: locations.id, code: locations.code });
  const ids = new Map(inserted.map((r) => [r.code, r.id]));
  await db.insert(locationHolidays).values(clinics.flatMap((c) => HOLIDAYS.map((h) => ({ locationId: defined(ids.get(c.code)), ...h }))));
  const resources = clinics.flatMap((c) => c.resources.map((r) => ({ locationId: defined(ids.get(c.code)), ...r })));
  if (resources.length) await db.insert(treatmentResources).values(resources);
  return ids;
}

/** Reserves `count` MRNs from the sequence and returns the first sequence number. */
async function reserveMrns(db: Db, count: number): Promise<number> {
  const result = await queryRows<{ last: number }>(db, sql`select setval('patient_mrn_seq', nextval('patient_mrn_seq') + ${count - 1})::int as last`);
  return defined(result[0]).last - count + 1;
}

/**
 * Inserts synthetic patients in batches, each at one clinic (a tenth at two), with a weight for most.
 * Clinics are given as id + home area. Calls onProgress after each batch.
 */
export async function insertSyntheticPatients(
  db: Db,
  organizationId: string,
  clinics: { id: string; city: string; state: string; zip: string; areaCode: string }[],
  count: number,
  r: Rng,
  onProgress: (done: number) => void = () => undefined,
): Promise<void> {
  const BATCH = 1000;
  let done = 0;
  // A separate generator for score histories, so adding them does not change the synthetic people themselves.
  const scores = rng(count * 7 + 11);
  while (done < count) {
    const n = Math.min(BATCH, count - done);
    const firstSeq = await reserveMrns(db, n);
    const people = Array.from({ length: n }, (_, i) => {
      const clinic = r.pick(clinics);
      const second = r.chance(0.1) ? r.pick(clinics) : null;
      return { clinic, second, person: syntheticPatient(r, clinic), mrn: formatMrn(firstSeq + i) };
    });
    await db.transaction(async (tx) => {
      const rows = await tx
        .insert(patients)
        .values(
          people.map(({ person, mrn }) => {
            const { weightGrams: _w, ...fields } = person;
            return { ...fields, organizationId, mrn };
          }),
        )
        .returning({ id: patients.id });
      const links = people.flatMap((p, i) => {
        const id = defined(rows[i]).id;
        const list = [{ patientId: id, locationId: p.clinic.id }];
        if (p.second && p.second.id !== p.clinic.id) list.push({ patientId: id, locationId: p.second.id });
        return list;
      });
      await tx.insert(patientLocations).values(links);
      const weights = people.flatMap((p, i) =>
        p.person.weightGrams
          ? [
              {
                patientId: defined(rows[i]).id,
                measuredAt: new Date(Date.now() - r.int(1, 365) * 86_400_000),
                weightGrams: p.person.weightGrams,
                source: 'measured',
              },
            ]
          : [],
      );
      if (weights.length) await tx.insert(patientWeights).values(weights);
      // About half the patients have a PHQ-9 history: a baseline, then scores every two weeks, mostly improving.
      const history = rows.flatMap((row) => {
        if (!scores.chance(0.5)) return [];
        let total = scores.int(12, 25);
        const points = scores.int(2, 6);
        const start = Date.now() - points * 14 * 86_400_000;
        return Array.from({ length: points }, (_, k) => {
          if (k > 0) total = Math.max(0, Math.min(27, total - scores.int(-2, 5)));
          return {
            organizationId,
            patientId: row.id,
            kind: 'PHQ-9',
            loinc: '44261-6',
            effectiveAt: new Date(start + k * 14 * 86_400_000),
            valueNumber: String(total),
            unit: '{score}',
            interpretation: phq9Severity(total),
            source: 'measurement',
          };
        });
      });
      if (history.length) await tx.insert(observations).values(history);
    });
    done += n;
    onProgress(done);
  }
}

export function generatePassword(): string {
  // 18 characters from an unambiguous alphabet (~105 bits).
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(18);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** Seeds the demo practice when the database has no organization yet; returns null when it already has one. */
export async function seedDemoIfEmpty(
  db: Db,
  options: { password?: string | undefined; patients?: number; leads?: boolean } = {},
): Promise<SeedSummary | null> {
  const existing = await db.select({ id: organizations.id }).from(organizations).limit(1);
  if (existing.length) return null;
  const password = options.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const patientCount = options.patients ?? 300;
  const organizationName = 'Stepwise Demo Practice';

  const accounts = await db.transaction(async (tx) => {
    const [org] = await tx.insert(organizations).values({ name: organizationName }).returning({ id: organizations.id });
    const organizationId = defined(org).id;
    const clinicIds = await insertClinics(tx, organizationId, DEMO_CLINICS);
    // Version 1 of each published treatment protocol (TMS, Spravato, ketamine), each with its source.
    await seedProtocols(tx, organizationId);

    const staff = [
      ...DEMO_STAFF.map((s) => ({ email: `${s.role}@${DEMO_DOMAIN}`, ...s })),
      ...EXTRA_STAFF.map((s) => ({ ...s, email: `${s.email}@${DEMO_DOMAIN}`, organizationWide: false })),
    ];
    const inserted = await tx
      .insert(users)
      .values(
        staff.map((s) => ({
          organizationId,
          email: s.email,
          displayName: s.name,
          role: s.role,
          organizationWide: s.organizationWide ?? false,
          timeZone: s.timeZone,
          passwordHash,
        })),
      )
      .returning({ id: users.id, email: users.email });
    const links = staff.flatMap((s, i) => {
      const codes = s.clinics === '*' ? DEMO_CLINICS.map((c) => c.code) : s.clinics;
      return codes.map((code) => ({ userId: defined(inserted[i]).id, locationId: defined(clinicIds.get(code)) }));
    });
    if (links.length) await tx.insert(userLocations).values(links);

    const clinics = DEMO_CLINICS.map((c) => ({ id: defined(clinicIds.get(c.code)), city: c.city, state: c.state, zip: c.zip, areaCode: c.areaCode }));
    await insertSyntheticPatients(tx, organizationId, clinics, patientCount, rng(20261123));
    await seedPayersAndPrices(
      tx,
      organizationId,
      DEMO_CLINICS.map((c) => ({ id: defined(clinicIds.get(c.code)), services: c.services })),
    );
    await seedBilling(tx, organizationId, [...clinicIds.values()]);
    if (options.leads !== false) await insertDemoLeads(tx, organizationId, clinicIds);
    // One synthetic patient with an active portal account, to try the portal at /portal.
    const [portal] = await queryRows<{ name: string }>(
      tx,
      sql`with p as (select id from patients where organization_id = ${organizationId} order by mrn limit 1),
               upd as (update patients set email = ${PORTAL_EMAIL} where id = (select id from p) returning id, coalesce(preferred_name, legal_given_name) || ' ' || legal_family_name as name)
          insert into patient_accounts (patient_id, organization_id, email, password_hash, activated_at)
          select id, ${organizationId}, ${PORTAL_EMAIL}, ${passwordHash}, now() from upd returning (select name from upd)`,
    );
    return { staff: staff.map((s) => ({ role: s.role, email: s.email })), portal: portal ? { email: PORTAL_EMAIL, name: portal.name } : null };
  });

  return {
    organizationName,
    clinics: DEMO_CLINICS.length,
    patients: patientCount,
    accounts: accounts.staff,
    password,
    passwordGenerated: !options.password,
    patientPortal: accounts.portal,
  };
}

/** Adds clinics across the four states for a large benchmark network; returns their seeds. */
export function syntheticClinics(count: number, r: Rng): ClinicSeed[] {
  return Array.from({ length: count }, (_, i) => {
    const st = defined(STATES[i % STATES.length]);
    const home = r.pick(st.cities);
    return {
      code: `N${String(i + 1).padStart(3, '0')}`,
      name: `Stepwise ${home.city} ${i + 1}`,
      state: st.state,
      timeZone: st.timeZone,
      city: home.city,
      zip: home.zip,
      areaCode: home.areaCode,
      line1: `${r.int(100, 9999)} Main St`,
      hours: i % 3 === 0 ? WITH_SATURDAY : WEEKDAY_HOURS,
      services: ['tms', 'esketamine', ...(i % 2 === 0 ? ['iv_ketamine'] : []), 'integration_therapy'],
      resources: [...chairs(2), ...tms(2), ...rooms(1)],
    };
  });
}

/**
 * A few synthetic leads so the queue has something in it on a fresh start: an urgent screening, an overdue callback
 * (the escalation job flags it within seconds of start-up), a claimed lead with a voicemail, and new requests.
 */
async function insertDemoLeads(db: Db, organizationId: string, clinicIds: Map<string, string>): Promise<void> {
  const now = Date.now();
  const minutes = (m: number) => new Date(now + m * 60_000);
  const rows: Omit<typeof leads.$inferInsert, 'organizationId'>[] = [
    {
      locationId: defined(clinicIds.get('SF')),
      source: 'screening',
      urgent: true,
      urgentReason: 'Screening: thoughts of self-harm (PHQ-9 item 9 above "not at all")',
      name: 'Robin Demo-Lead',
      phone: '+14155550231',
      state: 'CA',
      requestedAt: minutes(-3),
      callbackDueAt: minutes(7),
      consentToCall: true,
      consentToText: true,
    },
    {
      locationId: defined(clinicIds.get('AUS')),
      source: 'callback',
      name: 'Jamie Sample',
      phone: '+15125550232',
      state: 'TX',
      bestTime: 'after 5 pm',
      reason: 'Asking whether insurance covers TMS',
      requestedAt: minutes(-30),
      callbackDueAt: minutes(-20),
      consentToCall: true,
    },
    {
      locationId: defined(clinicIds.get('ATL')),
      source: 'callback',
      name: 'Morgan Placeholder',
      phone: '+14045550233',
      state: 'GA',
      reason: 'Interested in ketamine infusions',
      requestedAt: minutes(-1),
      callbackDueAt: minutes(9),
      consentToCall: true,
      consentToText: true,
    },
    {
      locationId: defined(clinicIds.get('SEA')),
      source: 'phone',
      name: 'Taylor Example',
      phone: '+12065550234',
      state: 'WA',
      reason: 'Referred by primary care',
      requestedAt: minutes(-5),
      callbackDueAt: minutes(5),
      consentToCall: true,
    },
    {
      locationId: defined(clinicIds.get('SF')),
      source: 'callback',
      name: 'Alex Fictional',
      phone: '+14155550235',
      state: 'CA',
      reason: 'Spravato questions',
      requestedAt: minutes(-2),
      callbackDueAt: minutes(8),
      consentToCall: true,
    },
  ];
  const inserted = await db
    .insert(leads)
    .values(rows.map((r) => ({ ...r, organizationId })))
    .returning({ id: leads.id, phone: leads.phone });
  const crisis = defined(inserted.find((r) => r.phone === '+14155550231'));
  await db.insert(leadScreenings).values([
    { leadId: crisis.id, instrument: 'PHQ-9', answers: [2, 2, 2, 1, 2, 2, 1, 1, 1], total: 14, severity: 'moderate' },
    { leadId: crisis.id, instrument: 'GAD-7', answers: [2, 2, 1, 1, 1, 1, 1], total: 9, severity: 'mild' },
  ]);
}
