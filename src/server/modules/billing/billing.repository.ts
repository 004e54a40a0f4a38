import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  appeals,
  billingSettings,
  charges,
  claimBatches,
  claimEvents,
  claimLines,
  claims,
  codedSessions,
  denials,
  feeScheduleItems,
  installmentReminders,
  ledgerEntries,
  patientPayments,
  payerBillingSettings,
  remittanceClaims,
  remittances,
} from '../../db/schema/billing.js';
import { queryRows } from '../../db/sql-values.js';
import { isPoolLevel } from '../../db/batch.js';
import { defined } from '../../../domain/defined.js';

// The billing module's SQL. Lists join patients, payers and users for the names people read (read-only, by id);
// every write is to billing's own tables.

const CHUNK = 1000;
async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}
const uuids = (ids: readonly string[]) => sql`${sql.param([...ids])}::uuid[]`;
const clinicFilter = (column: SQL, locationIds: readonly string[] | null) => (locationIds ? sql`and ${column} = any(${uuids(locationIds)})` : sql``);

// ---- Settings and fees ----

export type SettingsRow = typeof billingSettings.$inferSelect;
export async function settingsOf(db: Db, organizationId: string): Promise<SettingsRow | null> {
  const [row] = await db
    .select()
    .from(billingSettings)
    .where(sql`${billingSettings.organizationId} = ${organizationId}`);
  return row ?? null;
}

export async function saveSettings(db: Db, values: typeof billingSettings.$inferInsert): Promise<SettingsRow> {
  const { organizationId: _org, ...rest } = values;
  const [row] = await db
    .insert(billingSettings)
    .values(values)
    .onConflictDoUpdate({ target: billingSettings.organizationId, set: { ...rest, updatedAt: new Date() } })
    .returning();
  return defined(row);
}

export type PayerSettingsRow = { payerId: string; name: string; kind: string; organizationId: string } & Partial<
  Omit<typeof payerBillingSettings.$inferSelect, 'payerId'>
> & {
    configured: boolean;
  };

/** The organization's payers with their billing settings (configured false when none are saved yet). */
export async function payersWithSettings(db: Db, organizationId: string, payerIds?: readonly string[]): Promise<PayerSettingsRow[]> {
  return queryRows<PayerSettingsRow>(
    db,
    sql`select p.id as payer_id, p.name, p.kind, p.organization_id, s.payer_id is not null as configured, s.x12_payer_id, s.claim_filing_indicator,
               s.filing_days, s.appeal_rules, s.spravato_drug_line
          from payers p left join payer_billing_settings s on s.payer_id = p.id
         where p.organization_id = ${organizationId} ${payerIds ? sql`and p.id = any(${uuids(payerIds)})` : sql``}
         order by p.name`,
  );
}

export async function savePayerSettings(db: Db, values: typeof payerBillingSettings.$inferInsert) {
  const { payerId: _p, ...rest } = values;
  await db
    .insert(payerBillingSettings)
    .values(values)
    .onConflictDoUpdate({ target: payerBillingSettings.payerId, set: { ...rest, updatedAt: new Date() } });
}

export type FeeRow = { id: string; locationId: string; payerId: string | null; payerName: string | null; code: string; description: string; feeCents: number };
export async function feesAt(db: Db, locationIds: readonly string[]): Promise<FeeRow[]> {
  if (locationIds.length === 0) return [];
  return queryRows<FeeRow>(
    db,
    sql`select f.id, f.location_id, f.payer_id, p.name as payer_name, f.code, f.description, f.fee_cents
          from fee_schedule_items f left join payers p on p.id = f.payer_id
         where f.location_id = any(${uuids(locationIds)}) order by f.location_id, f.code, p.name nulls first`,
  );
}

export async function saveFee(db: Db, values: typeof feeScheduleItems.$inferInsert): Promise<string> {
  const [existing] = await queryRows<{ id: string }>(
    db,
    sql`select id from fee_schedule_items where location_id = ${values.locationId} and code = ${values.code}
          and ${values.payerId ? sql`payer_id = ${values.payerId}` : sql`payer_id is null`} for update`,
  );
  if (existing) {
    await db
      .update(feeScheduleItems)
      .set({ feeCents: values.feeCents, description: values.description, updatedBy: values.updatedBy ?? null, updatedAt: new Date() })
      .where(sql`${feeScheduleItems.id} = ${existing.id}`);
    return existing.id;
  }
  const [row] = await db.insert(feeScheduleItems).values(values).returning({ id: feeScheduleItems.id });
  return defined(row).id;
}

// ---- Coding signed sessions ----

/** Where the next coding pass starts: the latest session already coded, less a margin for transactions still committing. */
export async function lastCodedFinalAt(db: Db, organizationId: string): Promise<Date | null> {
  const [row] = await queryRows<{ finalAt: string | Date | null }>(
    db,
    sql`select final_at from coded_sessions where organization_id = ${organizationId} order by final_at desc limit 1`,
  );
  return row?.finalAt ? new Date(row.finalAt) : null;
}

export async function codedAmong(db: Db, sessionIds: readonly string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await queryRows<{ sessionId: string }>(db, sql`select session_id from coded_sessions where session_id = any(${uuids(sessionIds)})`);
  return new Set(rows.map((r) => r.sessionId));
}

/** Marks sessions coded; answers the ones this call marked (another pass may have coded some a moment before). */
export async function markCoded(db: Db, rows: (typeof codedSessions.$inferInsert)[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const marked = await db.insert(codedSessions).values(rows).onConflictDoNothing().returning({ sessionId: codedSessions.sessionId });
  return new Set(marked.map((r) => r.sessionId));
}

export type ChargeInsert = typeof charges.$inferInsert;
export async function insertCharges(db: Db, rows: readonly ChargeInsert[]): Promise<{ id: string }[]> {
  const out: { id: string }[] = [];
  await insertChunked(rows, async (chunk) => out.push(...(await db.insert(charges).values(chunk).returning({ id: charges.id }))));
  return out;
}

// ---- Charges ----

export type ChargeRow = {
  id: string;
  organizationId: string;
  locationId: string;
  patientId: string;
  patientName: string;
  mrn: string;
  sessionId: string | null;
  dateOfService: string;
  code: string;
  modifiers: string[];
  units: number;
  unitFeeCents: number;
  chargeCents: number;
  drug: { ndc: string | null; quantity: number; unit: string; name: string } | null;
  diagnoses: string[];
  pointers: number[];
  placeOfService: string;
  renderingProviderId: string | null;
  renderingName: string | null;
  coverageId: string | null;
  payerId: string | null;
  payerName: string | null;
  payerKind: string | null;
  priorAuthorizationId: string | null;
  vaReferralId: string | null;
  authorizationOrdinal: number | null;
  why: string;
  review: string | null;
  status: 'review' | 'approved' | 'billed' | 'void';
  claimId: string | null;
  version: number;
};

const CHARGE_SELECT = sql`select c.id, c.organization_id, c.location_id, c.patient_id, p.legal_family_name || ', ' || p.legal_given_name as patient_name, p.mrn,
       c.session_id, c.date_of_service::text as date_of_service, c.code, c.modifiers, c.units, c.unit_fee_cents, c.charge_cents, c.drug, c.diagnoses,
       c.pointers, c.place_of_service, c.rendering_provider_id, u.display_name as rendering_name, c.coverage_id, c.payer_id, py.name as payer_name,
       py.kind as payer_kind, c.prior_authorization_id, c.va_referral_id, c.authorization_ordinal, c.why, c.review, c.status, c.version,
       (select cl.claim_id from claim_lines cl join claims k on k.id = cl.claim_id where cl.charge_id = c.id and k.status <> 'closed' order by k.created_at desc limit 1) as claim_id
  from charges c join patients p on p.id = c.patient_id left join payers py on py.id = c.payer_id left join users u on u.id = c.rendering_provider_id`;

export async function listCharges(
  db: Db,
  organizationId: string,
  locationIds: readonly string[] | null,
  f: { status: string; patientId?: string | undefined; locationId?: string | undefined },
): Promise<ChargeRow[]> {
  return queryRows<ChargeRow>(
    db,
    sql`${CHARGE_SELECT}
         where c.organization_id = ${organizationId} and c.status = ${f.status} ${clinicFilter(sql`c.location_id`, locationIds)}
           ${f.patientId ? sql`and c.patient_id = ${f.patientId}` : sql``} ${f.locationId ? sql`and c.location_id = ${f.locationId}` : sql``}
         order by c.date_of_service, p.legal_family_name, c.session_id, c.code limit 2000`,
  );
}

export async function chargesByIds(db: Db, ids: readonly string[], forUpdate = false): Promise<ChargeRow[]> {
  if (ids.length === 0) return [];
  return queryRows<ChargeRow>(
    db,
    sql`${CHARGE_SELECT} where c.id = any(${uuids(ids)}) order by c.date_of_service, c.session_id, c.drug is not null, c.code, c.id ${forUpdate ? sql`for update of c` : sql``}`,
  );
}

export async function chargesOfPatient(db: Db, patientId: string, from?: string, to?: string): Promise<ChargeRow[]> {
  return queryRows<ChargeRow>(
    db,
    sql`${CHARGE_SELECT} where c.patient_id = ${patientId} and c.status <> 'void'
          ${from ? sql`and c.date_of_service >= ${from}::date` : sql``} ${to ? sql`and c.date_of_service <= ${to}::date` : sql``}
        order by c.date_of_service, c.code`,
  );
}

export async function updateCharge(db: Db, id: string, version: number, set: Partial<typeof charges.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(charges)
    .set({ ...set, version: sql`${charges.version} + 1` })
    .where(sql`${charges.id} = ${id} and ${charges.version} = ${version}`)
    .returning({ id: charges.id });
  return rows.length === 1;
}

export async function setChargeStatus(db: Db, ids: readonly string[], status: ChargeRow['status'], userId: string | null) {
  if (ids.length === 0) return;
  await db.execute(
    sql`update charges set status = ${status}, version = version + 1
          ${status === 'approved' ? sql`, reviewed_by = ${userId}, reviewed_at = now()` : sql``}
        where id = any(${uuids(ids)})`,
  );
}

// ---- Claims ----

export async function nextClaimNumbers(db: Db, n: number): Promise<number[]> {
  const rows = await queryRows<{ n: string | number }>(db, sql`select nextval('claim_number_seq') as n from generate_series(1, ${n})`);
  return rows.map((r) => Number(r.n));
}

export type ClaimInsert = typeof claims.$inferInsert;
export async function insertClaims(db: Db, rows: readonly ClaimInsert[]): Promise<{ id: string; patientControlNumber: string }[]> {
  const out: { id: string; patientControlNumber: string }[] = [];
  await insertChunked(rows, async (chunk) =>
    out.push(...(await db.insert(claims).values(chunk).returning({ id: claims.id, patientControlNumber: claims.patientControlNumber }))),
  );
  return out;
}

export async function insertClaimLines(db: Db, rows: readonly (typeof claimLines.$inferInsert)[]) {
  await insertChunked(rows, (chunk) => db.insert(claimLines).values(chunk));
}

export async function insertClaimEvents(db: Db, rows: readonly (typeof claimEvents.$inferInsert)[]) {
  await insertChunked(rows, (chunk) => db.insert(claimEvents).values(chunk));
}

export type ClaimRow = {
  id: string;
  organizationId: string;
  locationId: string;
  patientId: string;
  patientName: string;
  mrn: string;
  payerId: string;
  payerName: string;
  payerKind: string;
  coverageId: string;
  patientControlNumber: string;
  frequency: '1' | '7' | '8';
  originalClaimId: string | null;
  originalPatientControlNumber: string | null;
  payerClaimNumber: string | null;
  originalPayerClaimNumber: string | null;
  status: string;
  diagnoses: string[];
  priorAuthorizationNumber: string | null;
  referralNumber: string | null;
  renderingProviderId: string | null;
  placeOfService: string;
  firstDateOfService: string;
  totalCents: number;
  paidCents: number;
  patientResponsibilityCents: number;
  adjustedCents: number;
  batchId: string | null;
  submittedAt: string | Date | null;
  paidAt: string | Date | null;
  createdAt: string | Date;
  version: number;
};

const CLAIM_SELECT = sql`select k.id, k.organization_id, k.location_id, k.patient_id, p.legal_family_name || ', ' || p.legal_given_name as patient_name, p.mrn,
       k.payer_id, py.name as payer_name, py.kind as payer_kind, k.coverage_id, k.patient_control_number, k.frequency, k.original_claim_id,
       o.patient_control_number as original_patient_control_number, k.payer_claim_number, o.payer_claim_number as original_payer_claim_number, k.status,
       k.diagnoses, k.prior_authorization_number, k.referral_number, k.rendering_provider_id, k.place_of_service, k.first_date_of_service::text as first_date_of_service,
       k.total_cents, k.paid_cents, k.patient_responsibility_cents, k.adjusted_cents, k.batch_id, k.submitted_at, k.paid_at, k.created_at, k.version
  from claims k join patients p on p.id = k.patient_id join payers py on py.id = k.payer_id left join claims o on o.id = k.original_claim_id`;

export async function listClaims(
  db: Db,
  organizationId: string,
  locationIds: readonly string[] | null,
  f: { status?: string | undefined; patientId?: string | undefined; batchId?: string | undefined },
): Promise<ClaimRow[]> {
  return queryRows<ClaimRow>(
    db,
    sql`${CLAIM_SELECT}
         where k.organization_id = ${organizationId} ${clinicFilter(sql`k.location_id`, locationIds)}
           ${f.status ? sql`and k.status = ${f.status}` : sql``} ${f.patientId ? sql`and k.patient_id = ${f.patientId}` : sql``}
           ${f.batchId ? sql`and k.batch_id = ${f.batchId}` : sql``}
         order by k.first_date_of_service desc, k.patient_control_number desc limit 1000`,
  );
}

export async function claimsByIds(db: Db, ids: readonly string[], forUpdate = false): Promise<ClaimRow[]> {
  if (ids.length === 0) return [];
  return queryRows<ClaimRow>(
    db,
    sql`${CLAIM_SELECT} where k.id = any(${uuids(ids)}) order by k.patient_control_number ${forUpdate ? sql`for update of k` : sql``}`,
  );
}

export type ClaimLineRow = typeof claimLines.$inferSelect;
export async function linesOfClaims(db: Db, claimIds: readonly string[]): Promise<ClaimLineRow[]> {
  if (claimIds.length === 0) return [];
  return db
    .select()
    .from(claimLines)
    .where(sql`${claimLines.claimId} = any(${uuids(claimIds)})`)
    .orderBy(claimLines.claimId, claimLines.lineNumber);
}

export async function setClaimStatus(db: Db, ids: readonly string[], status: string, extra: SQL = sql``) {
  if (ids.length === 0) return;
  await db.execute(sql`update claims set status = ${status}, version = version + 1, updated_at = now() ${extra} where id = any(${uuids(ids)})`);
}

export async function claimEventsOf(db: Db, claimId: string) {
  return queryRows<{ fromStatus: string | null; toStatus: string; note: string | null; at: string | Date; byName: string | null }>(
    db,
    sql`select e.from_status, e.to_status, e.note, e.at, u.display_name as by_name from claim_events e left join users u on u.id = e.by
         where e.claim_id = ${claimId} order by e.at, e.id`,
  );
}

// ---- Batches ----

export async function nextBatchControlNumber(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(db, sql`select nextval('claim_batch_control_seq') as n`);
  return Number(defined(row).n);
}

export async function insertBatch(db: Db, values: typeof claimBatches.$inferInsert): Promise<string> {
  const [row] = await db.insert(claimBatches).values(values).returning({ id: claimBatches.id });
  return defined(row).id;
}

export type BatchRow = Omit<typeof claimBatches.$inferSelect, 'file' | 'controlNumber' | 'totalCents'> & {
  controlNumber: number | string;
  totalCents: number | string;
};
export async function findBatch(db: Db, id: string, withFile: true): Promise<(BatchRow & { file: string }) | null>;
export async function findBatch(db: Db, id: string, withFile?: false): Promise<BatchRow | null>;
export async function findBatch(db: Db, id: string, withFile = false) {
  const [row] = await queryRows<BatchRow & { file?: string }>(
    db,
    sql`select id, organization_id, control_number, claim_count, total_cents, ${withFile ? sql`file,` : sql``} file_sha256, status, submitted_at,
               submission_reference, created_by, created_at from claim_batches where id = ${id}`,
  );
  return row ?? null;
}

export async function listBatches(db: Db, organizationId: string) {
  return queryRows<BatchRow & { createdByName: string }>(
    db,
    sql`select b.id, b.organization_id, b.control_number, b.claim_count, b.total_cents, b.file_sha256, b.status, b.submitted_at, b.submission_reference,
               b.created_by, b.created_at, u.display_name as created_by_name
          from claim_batches b join users u on u.id = b.created_by where b.organization_id = ${organizationId} order by b.created_at desc limit 200`,
  );
}

export async function markBatchSubmitted(db: Db, id: string, reference: string) {
  await db.execute(sql`update claim_batches set status = 'submitted', submitted_at = now(), submission_reference = ${reference} where id = ${id}`);
}

/** Puts claims in a batch and marks them submitted (their 837P is in the batch's file). */
export async function attachClaimsToBatch(db: Db, batchId: string, claimIds: readonly string[]) {
  await db.execute(
    sql`update claims set batch_id = ${batchId}, status = 'submitted', submitted_at = now(), version = version + 1, updated_at = now() where id = any(${uuids(claimIds)})`,
  );
}

// ---- Remittances ----

export async function remittanceByFile(db: Db, organizationId: string, sha: string) {
  const [row] = await queryRows<{ id: string }>(db, sql`select id from remittances where organization_id = ${organizationId} and file_sha256 = ${sha}`);
  return row?.id ?? null;
}

export async function insertRemittance(db: Db, values: typeof remittances.$inferInsert): Promise<string> {
  const [row] = await db.insert(remittances).values(values).returning({ id: remittances.id });
  return defined(row).id;
}

export type RemittanceRow = Omit<typeof remittances.$inferSelect, 'body' | 'paymentCents'> & {
  body?: unknown;
  paymentCents: number | string;
  importedByName: string;
};
export async function findRemittance(db: Db, id: string, withBody = false, forUpdate = false): Promise<RemittanceRow | null> {
  const [row] = await queryRows<RemittanceRow>(
    db,
    sql`select r.id, r.organization_id, r.file_sha256, r.payer_name, r.trace_number, r.payment_cents, r.payment_date::text as payment_date, r.method, r.status,
               r.problems, r.claim_count, ${withBody ? sql`r.body,` : sql``} r.imported_by, r.imported_at, r.posted_at, u.display_name as imported_by_name
          from remittances r join users u on u.id = r.imported_by where r.id = ${id} ${forUpdate ? sql`for update of r` : sql``}`,
  );
  return row ?? null;
}

export async function listRemittances(db: Db, organizationId: string) {
  return queryRows<RemittanceRow>(
    db,
    sql`select r.id, r.organization_id, r.file_sha256, r.payer_name, r.trace_number, r.payment_cents, r.payment_date::text as payment_date, r.method, r.status,
               r.problems, r.claim_count, r.imported_by, r.imported_at, r.posted_at, u.display_name as imported_by_name
          from remittances r join users u on u.id = r.imported_by where r.organization_id = ${organizationId} order by r.imported_at desc limit 200`,
  );
}

export async function markRemittance(db: Db, id: string, status: 'posted' | 'held', problems: string[]) {
  await db.execute(
    sql`update remittances set status = ${status}, problems = ${sql.param(problems)}::text[] ${status === 'posted' ? sql`, posted_at = now()` : sql``} where id = ${id}`,
  );
}

/** Claims by their patient control number (CLP01 = CLM01), with what matching and posting need. */
export async function claimsByControlNumber(db: Db, organizationId: string, pcns: readonly string[]) {
  if (pcns.length === 0) return [];
  return queryRows<{
    id: string;
    patientControlNumber: string;
    status: string;
    totalCents: number;
    patientId: string;
    payerId: string;
    payerKind: string;
    locationId: string;
    version: number;
  }>(
    db,
    sql`select k.id, k.patient_control_number, k.status, k.total_cents, k.patient_id, k.payer_id, py.kind as payer_kind, k.location_id, k.version
          from claims k join payers py on py.id = k.payer_id
         where k.organization_id = ${organizationId} and k.patient_control_number = any(${sql.param([...pcns])}::text[])
         for update of k`,
  );
}

export async function insertRemittanceClaims(db: Db, rows: readonly (typeof remittanceClaims.$inferInsert)[]): Promise<{ id: string; claimId: string }[]> {
  const out: { id: string; claimId: string }[] = [];
  await insertChunked(rows, async (chunk) =>
    out.push(...(await db.insert(remittanceClaims).values(chunk).returning({ id: remittanceClaims.id, claimId: remittanceClaims.claimId }))),
  );
  return out;
}

/** Applies a remittance's totals to its claims in one statement per chunk. */
export async function applyRemitToClaims(
  db: Db,
  rows: readonly {
    id: string;
    status: string;
    paidCents: number;
    patientCents: number;
    adjustedCents: number;
    payerClaimNumber: string | null;
    paidOn: string | null;
  }[],
) {
  await insertChunked(rows, async (chunk) => {
    await db.execute(sql`
      update claims k set status = v.status, paid_cents = k.paid_cents + v.paid, patient_responsibility_cents = k.patient_responsibility_cents + v.pr,
             adjusted_cents = k.adjusted_cents + v.adj, payer_claim_number = coalesce(v.pcn, k.payer_claim_number),
             paid_at = coalesce(v.paid_on::timestamptz, k.paid_at), version = k.version + 1, updated_at = now()
        from unnest(${sql.param(chunk.map((r) => r.id))}::uuid[], ${sql.param(chunk.map((r) => r.status))}::text[], ${sql.param(chunk.map((r) => r.paidCents))}::int[],
                    ${sql.param(chunk.map((r) => r.patientCents))}::int[], ${sql.param(chunk.map((r) => r.adjustedCents))}::int[],
                    ${sql.param(chunk.map((r) => r.payerClaimNumber))}::text[], ${sql.param(chunk.map((r) => r.paidOn))}::text[])
             as v(id, status, paid, pr, adj, pcn, paid_on)
       where k.id = v.id`);
  });
}

export async function addLinePayments(db: Db, rows: readonly { id: string; paidCents: number }[]) {
  await insertChunked(rows, async (chunk) => {
    await db.execute(sql`
      update claim_lines l set paid_cents = l.paid_cents + v.paid
        from unnest(${sql.param(chunk.map((r) => r.id))}::uuid[], ${sql.param(chunk.map((r) => r.paidCents))}::int[]) as v(id, paid)
       where l.id = v.id`);
  });
}

export async function remitsOfClaim(db: Db, claimId: string) {
  return queryRows<{
    id: string;
    remittanceId: string;
    status: string;
    chargeCents: number;
    paidCents: number;
    patientResponsibilityCents: number;
    payerClaimNumber: string | null;
    adjustments: { line: number | null; group: string; reason: string; amountCents: number; quantity: number | null }[];
    remarks: string[];
    paymentDate: string;
    traceNumber: string | null;
  }>(
    db,
    sql`select rc.id, rc.remittance_id, rc.status, rc.charge_cents, rc.paid_cents, rc.patient_responsibility_cents, rc.payer_claim_number, rc.adjustments,
               rc.remarks, rc.payment_date::text as payment_date, r.trace_number
          from remittance_claims rc join remittances r on r.id = rc.remittance_id where rc.claim_id = ${claimId} order by rc.payment_date, rc.id`,
  );
}

// ---- Denials and appeals ----

export async function insertDenials(db: Db, rows: readonly (typeof denials.$inferInsert)[]) {
  await insertChunked(rows, (chunk) => db.insert(denials).values(chunk).onConflictDoNothing());
}

export type DenialRow = {
  id: string;
  organizationId: string;
  claimId: string;
  locationId: string;
  patientId: string;
  patientName: string;
  patientControlNumber: string;
  payerId: string;
  payerName: string;
  payerKind: string;
  claimStatus: string;
  groupCode: string;
  reasonCode: string;
  remarks: string[];
  amountCents: number;
  deniedOn: string;
  appealable: boolean;
  appealNote: string | null;
  deadline: string | null;
  status: string;
  resolvedNote: string | null;
  firstDateOfService: string;
  appealRules: string | null;
  version: number;
};

const DENIAL_SELECT = sql`select d.id, d.organization_id, d.claim_id, k.location_id, k.patient_id, p.legal_family_name || ', ' || p.legal_given_name as patient_name,
       k.patient_control_number, d.payer_id, py.name as payer_name, py.kind as payer_kind, k.status as claim_status, d.group_code, d.reason_code, d.remarks,
       d.amount_cents, d.denied_on::text as denied_on, d.appealable, d.appeal_note, d.deadline::text as deadline, d.status, d.resolved_note,
       k.first_date_of_service::text as first_date_of_service, s.appeal_rules, d.version
  from denials d join claims k on k.id = d.claim_id join patients p on p.id = k.patient_id join payers py on py.id = d.payer_id
  left join payer_billing_settings s on s.payer_id = d.payer_id`;

export async function listDenials(
  db: Db,
  organizationId: string,
  locationIds: readonly string[] | null,
  f: { status: string; payerId?: string | undefined; reasonCode?: string | undefined },
): Promise<DenialRow[]> {
  return queryRows<DenialRow>(
    db,
    sql`${DENIAL_SELECT}
         where d.organization_id = ${organizationId} and d.status = ${f.status} ${clinicFilter(sql`k.location_id`, locationIds)}
           ${f.payerId ? sql`and d.payer_id = ${f.payerId}` : sql``} ${f.reasonCode ? sql`and d.reason_code = ${f.reasonCode}` : sql``}
         order by d.deadline nulls last, d.denied_on limit 2000`,
  );
}

export async function findDenial(db: Db, id: string, forUpdate = false): Promise<DenialRow | null> {
  const [row] = await queryRows<DenialRow>(db, sql`${DENIAL_SELECT} where d.id = ${id} ${forUpdate ? sql`for update of d` : sql``}`);
  return row ?? null;
}

export async function denialsOfClaim(db: Db, claimId: string): Promise<DenialRow[]> {
  return queryRows<DenialRow>(db, sql`${DENIAL_SELECT} where d.claim_id = ${claimId} order by d.denied_on, d.reason_code`);
}

export async function updateDenial(db: Db, id: string, version: number, set: Partial<typeof denials.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(denials)
    .set({ ...set, version: sql`${denials.version} + 1` })
    .where(sql`${denials.id} = ${id} and ${denials.version} = ${version}`)
    .returning({ id: denials.id });
  return rows.length === 1;
}

export async function insertAppeal(db: Db, values: typeof appeals.$inferInsert): Promise<string> {
  const [row] = await db.insert(appeals).values(values).returning({ id: appeals.id });
  return defined(row).id;
}

export type AppealRow = typeof appeals.$inferSelect & { locationId: string; patientId: string; patientControlNumber: string; payerName: string };
export async function findAppeal(db: Db, id: string, forUpdate = false): Promise<AppealRow | null> {
  const [row] = await queryRows<AppealRow>(
    db,
    sql`select a.id, a.organization_id, a.claim_id, a.denial_id, a.level, a.level_name, a.rules, a.decided_on::text as decided_on, a.deadline::text as deadline,
               a.letter, a.status, a.submitted_at, a.outcome_note, a.decided_at, a.created_by, a.created_at, a.version,
               k.location_id, k.patient_id, k.patient_control_number, py.name as payer_name
          from appeals a join claims k on k.id = a.claim_id join payers py on py.id = k.payer_id where a.id = ${id} ${forUpdate ? sql`for update of a` : sql``}`,
  );
  return row ?? null;
}

export async function appealsOfClaim(db: Db, claimId: string) {
  return queryRows<{ id: string; denialId: string; level: number; levelName: string; deadline: string; status: string; submittedAt: string | Date | null }>(
    db,
    sql`select id, denial_id, level, level_name, deadline::text as deadline, status, submitted_at from appeals where claim_id = ${claimId} order by level`,
  );
}

export async function updateAppeal(db: Db, id: string, version: number, set: Partial<typeof appeals.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(appeals)
    .set({ ...set, version: sql`${appeals.version} + 1` })
    .where(sql`${appeals.id} = ${id} and ${appeals.version} = ${version}`)
    .returning({ id: appeals.id });
  return rows.length === 1;
}

// ---- Ledger and payments ----

export type LedgerInsert = typeof ledgerEntries.$inferInsert;
export async function insertLedger(db: Db, rows: readonly LedgerInsert[]) {
  await insertChunked(rows, (chunk) => db.insert(ledgerEntries).values(chunk));
}

export type LedgerRow = {
  id: string;
  /** bigint columns arrive as strings from raw SQL. */
  seq: number | string;
  kind: string;
  responsibility: string;
  amountCents: number;
  balanceCents: number | string;
  patientBalanceCents: number | string;
  description: string;
  dateOfService: string | null;
  postedOn: string;
  chargeId: string | null;
  claimId: string | null;
  paymentId: string | null;
  reason: string | null;
  createdAt: string | Date;
};

export async function ledgerOf(db: Db, patientId: string): Promise<LedgerRow[]> {
  return queryRows<LedgerRow>(
    db,
    sql`select id, seq, kind, responsibility, amount_cents, balance_cents, patient_balance_cents, description, date_of_service::text as date_of_service,
               posted_on::text as posted_on, charge_id, claim_id, payment_id, reason, created_at
          from ledger_entries where patient_id = ${patientId} order by seq`,
  );
}

export async function balanceOf(
  db: Db,
  patientId: string,
): Promise<{ balanceCents: number; patientBalanceCents: number; sumCents: number; patientSumCents: number }> {
  const [row] = await queryRows<{
    balanceCents: string | number | null;
    patientBalanceCents: string | number | null;
    sumCents: string | number;
    patientSumCents: string | number;
  }>(
    db,
    sql`select b.balance_cents, b.patient_balance_cents,
               (select coalesce(sum(amount_cents), 0) from ledger_entries where patient_id = ${patientId}) as sum_cents,
               (select coalesce(sum(amount_cents), 0) from ledger_entries where patient_id = ${patientId} and responsibility = 'patient') as patient_sum_cents
          from (select 1) one left join patient_balances b on b.patient_id = ${patientId}`,
  );
  const r = defined(row);
  return {
    balanceCents: Number(r.balanceCents ?? 0),
    patientBalanceCents: Number(r.patientBalanceCents ?? 0),
    sumCents: Number(r.sumCents),
    patientSumCents: Number(r.patientSumCents),
  };
}

export async function insertPayment(db: Db, values: typeof patientPayments.$inferInsert): Promise<string> {
  const [row] = await db.insert(patientPayments).values(values).returning({ id: patientPayments.id });
  return defined(row).id;
}

export type PaymentRow = typeof patientPayments.$inferSelect & { refundedCents: number; recordedByName: string };
export async function findPayment(db: Db, id: string, forUpdate = false): Promise<PaymentRow | null> {
  const [row] = await queryRows<PaymentRow>(
    db,
    sql`select p.id, p.organization_id, p.location_id, p.patient_id, p.kind, p.method, p.amount_cents, p.reference, p.refund_of, p.received_on::text as received_on,
               p.note, p.recorded_by, p.recorded_at, u.display_name as recorded_by_name,
               (select coalesce(sum(r.amount_cents), 0)::int from patient_payments r where r.refund_of = p.id) as refunded_cents
          from patient_payments p join users u on u.id = p.recorded_by where p.id = ${id} ${forUpdate ? sql`for update of p` : sql``}`,
  );
  return row ?? null;
}

export async function paymentsOf(db: Db, patientId: string) {
  return queryRows<PaymentRow>(
    db,
    sql`select p.id, p.organization_id, p.location_id, p.patient_id, p.kind, p.method, p.amount_cents, p.reference, p.refund_of, p.received_on::text as received_on,
               p.note, p.recorded_by, p.recorded_at, u.display_name as recorded_by_name,
               (select coalesce(sum(r.amount_cents), 0)::int from patient_payments r where r.refund_of = p.id) as refunded_cents
          from patient_payments p join users u on u.id = p.recorded_by where p.patient_id = ${patientId} order by p.received_on, p.recorded_at`,
  );
}

/** Self-pay charges billed to the patient so far (charges without a payer, approved or billed): the No Surprises Act total. */
export async function selfPayBilledCents(db: Db, patientId: string): Promise<{ totalCents: number; firstBilledOn: string | null }> {
  const [row] = await queryRows<{ totalCents: string | number; firstBilledOn: string | null }>(
    db,
    sql`select coalesce(sum(charge_cents), 0) as total_cents, min(reviewed_at)::date::text as first_billed_on
          from charges where patient_id = ${patientId} and payer_id is null and status in ('approved', 'billed')`,
  );
  return { totalCents: Number(row?.totalCents ?? 0), firstBilledOn: row?.firstBilledOn ?? null };
}

/** Moves part of a claim's open balance after a denial is written off or passed to the patient. */
export async function addToClaim(db: Db, claimId: string, add: { adjustedCents?: number; patientCents?: number }) {
  await db.execute(
    sql`update claims set adjusted_cents = adjusted_cents + ${add.adjustedCents ?? 0}, patient_responsibility_cents = patient_responsibility_cents + ${add.patientCents ?? 0},
               version = version + 1, updated_at = now() where id = ${claimId}`,
  );
}

// ---- Reports ----

const OPEN_CLAIM = sql.raw(`k.status in ('submitted', 'accepted', 'rejected', 'denied', 'appealed', 'partially_paid', 'paid')`);

/** Accounts receivable by payer and age (days since the first date of service, as of `asOf`): what insurers still owe. */
export async function agingByPayer(db: Db, organizationId: string, locationIds: readonly string[] | null, asOf: string) {
  return queryRows<{ payerId: string; payerName: string; claims: number; b0: number; b31: number; b61: number; b91: number; b121: number; totalCents: number }>(
    db,
    sql`with open as (
          select k.payer_id, ${asOf}::date - k.first_date_of_service as age,
                 k.total_cents - k.paid_cents - k.adjusted_cents - k.patient_responsibility_cents as due
            from claims k
           where k.organization_id = ${organizationId} and ${OPEN_CLAIM} ${clinicFilter(sql`k.location_id`, locationIds)} and k.first_date_of_service <= ${asOf}::date)
        select o.payer_id, py.name as payer_name, count(*)::int as claims,
               coalesce(sum(due) filter (where age <= 30), 0)::bigint as b0, coalesce(sum(due) filter (where age between 31 and 60), 0)::bigint as b31,
               coalesce(sum(due) filter (where age between 61 and 90), 0)::bigint as b61, coalesce(sum(due) filter (where age between 91 and 120), 0)::bigint as b91,
               coalesce(sum(due) filter (where age > 120), 0)::bigint as b121, sum(due)::bigint as total_cents
          from open o join payers py on py.id = o.payer_id where o.due <> 0
         group by o.payer_id, py.name order by py.name`,
  );
}

/** Denial rate by payer (claims adjudicated in [from, to] that carried a denial) and the codes behind them. */
export async function denialRates(db: Db, organizationId: string, locationIds: readonly string[] | null, from: string, to: string) {
  const [byPayer, byCode] = await Promise.all([
    queryRows<{ payerId: string; payerName: string; adjudicated: number; denied: number }>(
      db,
      sql`select k.payer_id, py.name as payer_name, count(distinct rc.claim_id)::int as adjudicated,
                 count(distinct rc.claim_id) filter (where exists (select 1 from denials d where d.remittance_claim_id = rc.id))::int as denied
            from remittance_claims rc join claims k on k.id = rc.claim_id join payers py on py.id = k.payer_id
           where k.organization_id = ${organizationId} and rc.payment_date >= ${from}::date and rc.payment_date < ${to}::date ${clinicFilter(sql`k.location_id`, locationIds)}
           group by k.payer_id, py.name order by py.name`,
    ),
    queryRows<{ payerId: string; payerName: string; groupCode: string; reasonCode: string; count: number; amountCents: number }>(
      db,
      sql`select d.payer_id, py.name as payer_name, d.group_code, d.reason_code, count(*)::int as count, sum(d.amount_cents)::bigint as amount_cents
            from denials d join claims k on k.id = d.claim_id join payers py on py.id = d.payer_id
           where d.organization_id = ${organizationId} and d.denied_on >= ${from}::date and d.denied_on < ${to}::date ${clinicFilter(sql`k.location_id`, locationIds)}
           group by d.payer_id, py.name, d.group_code, d.reason_code order by count(*) desc, py.name`,
    ),
  ]);
  return { byPayer, byCode };
}

/** Days from submission to the first payment, for claims paid in [from, to], by payer. */
export async function daysToPayment(db: Db, organizationId: string, locationIds: readonly string[] | null, from: string, to: string) {
  return queryRows<{ payerId: string; payerName: string; claims: number; averageDays: number; medianDays: number }>(
    db,
    sql`select k.payer_id, py.name as payer_name, count(*)::int as claims,
               round(avg(k.paid_at::date - k.submitted_at::date), 1)::float as average_days,
               percentile_cont(0.5) within group (order by k.paid_at::date - k.submitted_at::date)::float as median_days
          from claims k join payers py on py.id = k.payer_id
         where k.organization_id = ${organizationId} and k.paid_at is not null and k.submitted_at is not null
           and k.paid_at >= ${from}::date and k.paid_at < ${to}::date ${clinicFilter(sql`k.location_id`, locationIds)}
         group by k.payer_id, py.name order by py.name`,
  );
}

/** Money collected by clinic and month: insurers' payments (by payment date) and patients' payments less refunds. */
export async function collections(db: Db, organizationId: string, locationIds: readonly string[] | null, from: string, to: string) {
  return queryRows<{ locationId: string; locationName: string; month: string; insuranceCents: number; patientCents: number }>(
    db,
    sql`with money as (
          select k.location_id, to_char(rc.payment_date, 'YYYY-MM') as month, rc.paid_cents as insurance, 0 as patient
            from remittance_claims rc join claims k on k.id = rc.claim_id
           where k.organization_id = ${organizationId} and rc.payment_date >= ${from}::date and rc.payment_date < ${to}::date ${clinicFilter(sql`k.location_id`, locationIds)}
          union all
          select p.location_id, to_char(p.received_on, 'YYYY-MM'), 0, case when p.kind = 'payment' then p.amount_cents else -p.amount_cents end
            from patient_payments p
           where p.organization_id = ${organizationId} and p.received_on >= ${from}::date and p.received_on < ${to}::date ${clinicFilter(sql`p.location_id`, locationIds)})
        select m.location_id, l.name as location_name, m.month, sum(m.insurance)::bigint as insurance_cents, sum(m.patient)::bigint as patient_cents
          from money m join locations l on l.id = m.location_id group by m.location_id, l.name, m.month order by l.name, m.month`,
  );
}

/**
 * Runs independent reads together on the pool, one after another inside a transaction (a transaction is one
 * connection: pg queues concurrent queries on it, and pg 9 will refuse them).
 */
export async function together<T extends readonly unknown[]>(db: Db, calls: { readonly [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (isPoolLevel(db)) return (await Promise.all(calls.map((c) => c()))) as unknown as T;
  const out: unknown[] = [];
  for (const c of calls) out.push(await c());
  return out as unknown as T;
}

// ---- Installment reminders ----

/** Each patient's payments less refunds received on or after a date (their plan's start). */
export async function paidSince(db: Db, rows: readonly { patientId: string; since: string }[]): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const out = await queryRows<{ patientId: string; paid: string | number }>(
    db,
    sql`select v.patient_id, coalesce(sum(case when p.kind = 'payment' then p.amount_cents else -p.amount_cents end), 0) as paid
          from unnest(${sql.param(rows.map((r) => r.patientId))}::uuid[], ${sql.param(rows.map((r) => r.since))}::date[]) as v(patient_id, since)
          left join patient_payments p on p.patient_id = v.patient_id and p.received_on >= v.since
         group by v.patient_id`,
  );
  return new Map(out.map((r) => [r.patientId, Number(r.paid)]));
}

export type ClaimedInstallmentReminder = {
  id: string;
  patientId: string;
  installmentNumber: number;
  dueOn: string;
  amountCents: number;
  channel: 'email' | 'sms';
};
/** Claims the reminders not yet claimed (once per installment and channel); answers the ones this call claimed. */
export async function claimInstallmentReminders(db: Db, rows: readonly (typeof installmentReminders.$inferInsert)[]): Promise<ClaimedInstallmentReminder[]> {
  if (rows.length === 0) return [];
  const out: ClaimedInstallmentReminder[] = [];
  await insertChunked(rows, async (chunk) =>
    out.push(
      ...((await db.insert(installmentReminders).values(chunk).onConflictDoNothing().returning({
        id: installmentReminders.id,
        patientId: installmentReminders.patientId,
        installmentNumber: installmentReminders.installmentNumber,
        dueOn: installmentReminders.dueOn,
        amountCents: installmentReminders.amountCents,
        channel: installmentReminders.channel,
      })) as ClaimedInstallmentReminder[]),
    ),
  );
  return out;
}

export async function markInstallmentReminder(db: Db, id: string, status: 'sent' | 'failed', error: string | null) {
  await db.execute(
    sql`update installment_reminders set status = ${status}, error = ${error}, sent_at = case when ${status} = 'sent' then now() else sent_at end where id = ${id}`,
  );
}
