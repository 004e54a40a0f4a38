import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { locations, organizations } from './locations.js';
import { patients } from './patients.js';
import { users } from './users.js';
import { payers, patientCoverages } from './coverage.js';
import { treatmentSessions } from './charting.js';

// The billing module's tables (src/server/modules/billing, issue 12): fee schedules, charges from signed sessions,
// claims and their batches (837P), remittances (835) and what they posted, denials and appeals, and the patient's
// ledger. Money is integer cents throughout. The ledger is append-only and its balance is kept by a trigger
// (migration 0019), so a patient's balance always equals the sum of their entries.

/** How a practice sends claims: its submitter identity with the clearinghouse, and what it bills for ketamine. */
export const billingSettings = pgTable('billing_settings', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id),
  submitterName: text('submitter_name').notNull(),
  /** The submitter's ETIN with the clearinghouse (1000A NM1*41) and its interchange id (ISA06/GS02). */
  submitterId: text('submitter_id').notNull(),
  interchangeSenderId: text('interchange_sender_id').notNull(),
  contactName: text('contact_name').notNull(),
  contactPhone: text('contact_phone').notNull(),
  receiverName: text('receiver_name').notNull(),
  receiverId: text('receiver_id').notNull(),
  interchangeReceiverId: text('interchange_receiver_id').notNull(),
  /** T (test) until the clearinghouse enrols the practice for production (P). */
  usage: text('usage').notNull().default('T'),
  /** The 11-digit NDC of the ketamine the clinic stocks (J3490 lines carry it). */
  ketamineNdc: text('ketamine_ndc'),
  /** The billing provider's taxonomy (PRV*BI), e.g. 2084P0800X psychiatry. */
  taxonomy: text('taxonomy'),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A payer's billing rules: its X12 payer id, claim filing indicator, filing limit and appeal rules. */
export const payerBillingSettings = pgTable(
  'payer_billing_settings',
  {
    payerId: uuid('payer_id')
      .primaryKey()
      .references(() => payers.id),
    x12PayerId: text('x12_payer_id').notNull(),
    /** SBR09 (CI commercial, MB Medicare Part B, MC Medicaid, VA, ...). */
    claimFilingIndicator: text('claim_filing_indicator').notNull(),
    /** Timely-filing limit in days from the date of service; null = the payer kind's rule (domain/billing/deadlines.ts). */
    filingDays: integer('filing_days'),
    appealRules: text('appeal_rules').notNull(),
    /** Whether Spravato's drug goes on its own J0013 line; null = by payer kind. */
    spravatoDrugLine: boolean('spravato_drug_line'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('payer_billing_settings_appeal_rules_check', sql`${t.appealRules} in ('erisa', 'medicare', 'medicare_advantage', 'medicaid', 'va_ccn')`),
    check('payer_billing_settings_filing_days_check', sql`${t.filingDays} is null or ${t.filingDays} between 1 and 3650`),
  ],
);

/** A clinic's fee per code: the standard fee (payer null) or a payer's contracted fee schedule. */
export const feeScheduleItems = pgTable(
  'fee_schedule_items',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    payerId: uuid('payer_id').references(() => payers.id),
    code: text('code').notNull(),
    description: text('description').notNull(),
    /** Fee per unit. */
    feeCents: integer('fee_cents').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('fee_schedule_items_standard_key')
      .on(t.locationId, t.code)
      .where(sql`${t.payerId} is null`),
    uniqueIndex('fee_schedule_items_payer_key')
      .on(t.locationId, t.payerId, t.code)
      .where(sql`${t.payerId} is not null`),
    check('fee_schedule_items_fee_check', sql`${t.feeCents} >= 0`),
  ],
);

/**
 * One billable service: from a signed session (the coding rules pick code and units) or added by the biller (an E/M,
 * a psychotherapy add-on). Reviewed before it goes on a claim.
 */
export const charges = pgTable(
  'charges',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    sessionId: uuid('session_id').references(() => treatmentSessions.id),
    dateOfService: date('date_of_service', { mode: 'string' }).notNull(),
    code: text('code').notNull(),
    modifiers: text('modifiers')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    units: integer('units').notNull(),
    unitFeeCents: integer('unit_fee_cents').notNull(),
    chargeCents: integer('charge_cents').notNull(),
    /** 2410 drug detail: { ndc, quantity, unit, name }. */
    drug: jsonb('drug').$type<{ ndc: string | null; quantity: number; unit: string; name: string } | null>(),
    diagnoses: text('diagnoses')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    pointers: smallint('pointers')
      .array()
      .notNull()
      .default(sql`'{1}'::smallint[]`),
    placeOfService: text('place_of_service').notNull().default('11'),
    renderingProviderId: uuid('rendering_provider_id').references(() => users.id),
    /** Who pays first: the coverage billed (null = self-pay). */
    coverageId: uuid('coverage_id').references(() => patientCoverages.id),
    payerId: uuid('payer_id').references(() => payers.id),
    priorAuthorizationId: uuid('prior_authorization_id'),
    vaReferralId: uuid('va_referral_id'),
    /** The visit's place among the sessions counted against that authorization or referral (the scrubber's CO-198 check). */
    authorizationOrdinal: integer('authorization_ordinal'),
    why: text('why').notNull(),
    review: text('review'),
    /** review (the biller looks), approved (ready for a claim or the patient's bill), billed, void. */
    status: text('status').notNull().default('review'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('charges_session_code_key')
      .on(t.sessionId, t.code)
      .where(sql`${t.sessionId} is not null and ${t.status} <> 'void'`),
    index('charges_worklist_idx').on(t.organizationId, t.status, t.dateOfService),
    index('charges_patient_idx').on(t.patientId, t.dateOfService),
    check('charges_status_check', sql`${t.status} in ('review', 'approved', 'billed', 'void')`),
    check('charges_units_check', sql`${t.units} > 0`),
    check('charges_amount_check', sql`${t.chargeCents} = ${t.units} * ${t.unitFeeCents} and ${t.unitFeeCents} >= 0`),
  ],
);

/** A batch of claims sent together: its 837P file is made once and kept, so what was sent is what is shown. */
export const claimBatches = pgTable(
  'claim_batches',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    /** ISA13 / GS06: unique per practice, from a sequence. */
    controlNumber: bigint('control_number', { mode: 'number' }).notNull(),
    claimCount: integer('claim_count').notNull(),
    totalCents: bigint('total_cents', { mode: 'number' }).notNull(),
    file: text('file').notNull(),
    fileSha256: text('file_sha256').notNull(),
    /** created, submitted (handed to the clearinghouse). */
    status: text('status').notNull().default('created'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submissionReference: text('submission_reference'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('claim_batches_control_key').on(t.organizationId, t.controlNumber),
    index('claim_batches_org_idx').on(t.organizationId, t.createdAt.desc()),
    check('claim_batches_status_check', sql`${t.status} in ('created', 'submitted')`),
  ],
);

/** A claim to one payer for one patient's charges: original, replacement (7) or void (8) of an earlier one. */
export const claims = pgTable(
  'claims',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    payerId: uuid('payer_id')
      .notNull()
      .references(() => payers.id),
    coverageId: uuid('coverage_id')
      .notNull()
      .references(() => patientCoverages.id),
    /** CLM01, echoed back as CLP01 in the 835. */
    patientControlNumber: text('patient_control_number').notNull(),
    frequency: text('frequency').notNull().default('1'),
    originalClaimId: uuid('original_claim_id').references((): AnyPgColumn => claims.id),
    /** The payer's claim control number (835 CLP07): REF*F8 on a replacement or void. */
    payerClaimNumber: text('payer_claim_number'),
    status: text('status').notNull().default('draft'),
    diagnoses: text('diagnoses').array().notNull(),
    priorAuthorizationNumber: text('prior_authorization_number'),
    referralNumber: text('referral_number'),
    renderingProviderId: uuid('rendering_provider_id').references(() => users.id),
    placeOfService: text('place_of_service').notNull().default('11'),
    firstDateOfService: date('first_date_of_service', { mode: 'string' }).notNull(),
    totalCents: integer('total_cents').notNull(),
    paidCents: integer('paid_cents').notNull().default(0),
    patientResponsibilityCents: integer('patient_responsibility_cents').notNull().default(0),
    adjustedCents: integer('adjusted_cents').notNull().default(0),
    batchId: uuid('batch_id').references(() => claimBatches.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('claims_pcn_key').on(t.organizationId, t.patientControlNumber),
    index('claims_status_idx').on(t.organizationId, t.status, t.firstDateOfService),
    index('claims_patient_idx').on(t.patientId, t.createdAt.desc()),
    index('claims_batch_idx')
      .on(t.batchId)
      .where(sql`${t.batchId} is not null`),
    index('claims_original_idx')
      .on(t.originalClaimId)
      .where(sql`${t.originalClaimId} is not null`),
    check(
      'claims_status_check',
      sql`${t.status} in ('draft', 'ready', 'submitted', 'accepted', 'rejected', 'paid', 'partially_paid', 'denied', 'appealed', 'closed')`,
    ),
    check('claims_frequency_check', sql`${t.frequency} in ('1', '7', '8')`),
    check('claims_original_check', sql`(${t.frequency} = '1') = (${t.originalClaimId} is null)`),
  ],
);

/** A claim's service line as sent (a snapshot of its charge), and what the payer paid for it. */
export const claimLines = pgTable(
  'claim_lines',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    claimId: uuid('claim_id')
      .notNull()
      .references(() => claims.id),
    lineNumber: smallint('line_number').notNull(),
    chargeId: uuid('charge_id')
      .notNull()
      .references(() => charges.id),
    /** REF*6R: echoed by the 835 so payments land on the right line. */
    controlNumber: text('control_number').notNull(),
    dateOfService: date('date_of_service', { mode: 'string' }).notNull(),
    code: text('code').notNull(),
    modifiers: text('modifiers').array().notNull(),
    units: integer('units').notNull(),
    chargeCents: integer('charge_cents').notNull(),
    pointers: smallint('pointers').array().notNull(),
    drug: jsonb('drug').$type<{ ndc: string | null; quantity: number; unit: string; name: string } | null>(),
    paidCents: integer('paid_cents').notNull().default(0),
  },
  (t) => [uniqueIndex('claim_lines_claim_line_key').on(t.claimId, t.lineNumber), index('claim_lines_charge_idx').on(t.chargeId)],
);

/** A claim's status changes, who made them and why. */
export const claimEvents = pgTable(
  'claim_events',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    claimId: uuid('claim_id')
      .notNull()
      .references(() => claims.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    by: uuid('by').references(() => users.id),
  },
  (t) => [index('claim_events_claim_idx').on(t.claimId, t.at)],
);

/** An imported 835: posted whole, or held for a person when it does not match or balance (never half-posted). */
export const remittances = pgTable(
  'remittances',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    fileSha256: text('file_sha256').notNull(),
    payerName: text('payer_name'),
    traceNumber: text('trace_number'),
    paymentCents: bigint('payment_cents', { mode: 'number' }).notNull(),
    paymentDate: date('payment_date', { mode: 'string' }),
    method: text('method'),
    /** posted, held (problems listed). */
    status: text('status').notNull(),
    problems: text('problems')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    claimCount: integer('claim_count').notNull(),
    /** The parsed remittance (domain/billing/x835.ts), kept to post it later or show it. */
    body: jsonb('body').notNull(),
    importedBy: uuid('imported_by')
      .notNull()
      .references(() => users.id),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
    postedAt: timestamp('posted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('remittances_file_key').on(t.organizationId, t.fileSha256),
    index('remittances_org_idx').on(t.organizationId, t.importedAt.desc()),
    check('remittances_status_check', sql`${t.status} in ('posted', 'held')`),
  ],
);

/** One claim's adjudication in a posted remittance. */
export const remittanceClaims = pgTable(
  'remittance_claims',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    remittanceId: uuid('remittance_id')
      .notNull()
      .references(() => remittances.id),
    claimId: uuid('claim_id')
      .notNull()
      .references(() => claims.id),
    status: text('status').notNull(),
    chargeCents: integer('charge_cents').notNull(),
    paidCents: integer('paid_cents').notNull(),
    patientResponsibilityCents: integer('patient_responsibility_cents').notNull(),
    payerClaimNumber: text('payer_claim_number'),
    /** Every adjustment, claim and line level: { line (null = claim), group, reason, amountCents, quantity }. */
    adjustments: jsonb('adjustments').$type<{ line: number | null; group: string; reason: string; amountCents: number; quantity: number | null }[]>().notNull(),
    remarks: text('remarks')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    paymentDate: date('payment_date', { mode: 'string' }).notNull(),
  },
  (t) => [index('remittance_claims_claim_idx').on(t.claimId), index('remittance_claims_remittance_idx').on(t.remittanceId)],
);

/** A denial to work: the code, its meaning, the fix, the deadline to appeal. */
export const denials = pgTable(
  'denials',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    claimId: uuid('claim_id')
      .notNull()
      .references(() => claims.id),
    remittanceClaimId: uuid('remittance_claim_id')
      .notNull()
      .references(() => remittanceClaims.id),
    payerId: uuid('payer_id')
      .notNull()
      .references(() => payers.id),
    groupCode: text('group_code').notNull(),
    reasonCode: text('reason_code').notNull(),
    remarks: text('remarks')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    amountCents: integer('amount_cents').notNull(),
    deniedOn: date('denied_on', { mode: 'string' }).notNull(),
    appealable: boolean('appealable').notNull(),
    appealNote: text('appeal_note'),
    /** The first-level appeal's last day. */
    deadline: date('deadline', { mode: 'string' }),
    /** open, appealed, resolved (corrected, paid on appeal), written_off. */
    status: text('status').notNull().default('open'),
    resolvedNote: text('resolved_note'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('denials_worklist_idx').on(t.organizationId, t.status, t.deadline),
    index('denials_claim_idx').on(t.claimId),
    uniqueIndex('denials_remit_reason_key').on(t.remittanceClaimId, t.groupCode, t.reasonCode),
    check('denials_status_check', sql`${t.status} in ('open', 'appealed', 'resolved', 'written_off')`),
  ],
);

/** An appeal of a denied claim at one level, with its deadline, letter and outcome. */
export const appeals = pgTable(
  'appeals',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    claimId: uuid('claim_id')
      .notNull()
      .references(() => claims.id),
    denialId: uuid('denial_id')
      .notNull()
      .references(() => denials.id),
    level: smallint('level').notNull(),
    levelName: text('level_name').notNull(),
    rules: text('rules').notNull(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    /** The letter's text, drafted from the chart and edited by the biller. */
    letter: jsonb('letter').$type<{ sections: { title: string; body: string }[] }>().notNull(),
    /** draft, submitted, won, partially_won, lost. */
    status: text('status').notNull().default('draft'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    outcomeNote: text('outcome_note'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('appeals_denial_level_key').on(t.denialId, t.level),
    index('appeals_open_idx')
      .on(t.organizationId, t.deadline)
      .where(sql`${t.status} in ('draft', 'submitted')`),
    check('appeals_status_check', sql`${t.status} in ('draft', 'submitted', 'won', 'partially_won', 'lost')`),
  ],
);

/** A payment the patient made (or a refund of one): cash, card, check, HSA/FSA card. */
export const patientPayments = pgTable(
  'patient_payments',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    /** payment or refund (of `refundOf`). */
    kind: text('kind').notNull(),
    method: text('method').notNull(),
    amountCents: integer('amount_cents').notNull(),
    reference: text('reference'),
    refundOf: uuid('refund_of').references((): AnyPgColumn => patientPayments.id),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    note: text('note'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('patient_payments_patient_idx').on(t.patientId, t.receivedOn),
    index('patient_payments_collections_idx').on(t.organizationId, t.receivedOn),
    check('patient_payments_kind_check', sql`${t.kind} in ('payment', 'refund')`),
    check('patient_payments_method_check', sql`${t.method} in ('cash', 'card', 'check', 'hsa_fsa')`),
    check('patient_payments_amount_check', sql`${t.amountCents} > 0`),
    check('patient_payments_refund_check', sql`(${t.kind} = 'refund') = (${t.refundOf} is not null)`),
  ],
);

/**
 * The patient's account, entry by entry: what was charged, what insurance paid and adjusted, what moved to the
 * patient, what the patient paid or got back. Positive amounts raise the balance. `responsibility` says whose share an
 * entry moves (insurance or patient). Append-only; the balance columns are set by a trigger from the previous entry.
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    /** charge, insurance_payment, adjustment, transfer, patient_payment, refund, write_off. */
    kind: text('kind').notNull(),
    responsibility: text('responsibility').notNull(),
    amountCents: integer('amount_cents').notNull(),
    /** Set by the trigger: the account's balances after this entry. */
    balanceCents: bigint('balance_cents', { mode: 'number' }).notNull().default(0),
    patientBalanceCents: bigint('patient_balance_cents', { mode: 'number' }).notNull().default(0),
    description: text('description').notNull(),
    dateOfService: date('date_of_service', { mode: 'string' }),
    postedOn: date('posted_on', { mode: 'string' }).notNull(),
    chargeId: uuid('charge_id').references(() => charges.id),
    claimId: uuid('claim_id').references(() => claims.id),
    remittanceClaimId: uuid('remittance_claim_id').references(() => remittanceClaims.id),
    paymentId: uuid('payment_id').references(() => patientPayments.id),
    /** CARC group and reason for adjustments. */
    reason: text('reason'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    uniqueIndex('ledger_entries_patient_seq_key').on(t.patientId, t.seq),
    index('ledger_entries_claim_idx')
      .on(t.claimId)
      .where(sql`${t.claimId} is not null`),
    index('ledger_entries_org_posted_idx').on(t.organizationId, t.postedOn),
    check('ledger_entries_kind_check', sql`${t.kind} in ('charge', 'insurance_payment', 'adjustment', 'transfer', 'patient_payment', 'refund', 'write_off')`),
    check('ledger_entries_responsibility_check', sql`${t.responsibility} in ('insurance', 'patient')`),
  ],
);

/** Each patient's balances, kept by the ledger trigger: total and the patient's own share. */
export const patientBalances = pgTable('patient_balances', {
  patientId: uuid('patient_id')
    .primaryKey()
    .references(() => patients.id),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  balanceCents: bigint('balance_cents', { mode: 'number' }).notNull().default(0),
  patientBalanceCents: bigint('patient_balance_cents', { mode: 'number' }).notNull().default(0),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Sessions already coded into charges (whatever became of the charges since): a session is coded once. */
export const codedSessions = pgTable(
  'coded_sessions',
  {
    sessionId: uuid('session_id')
      .primaryKey()
      .references(() => treatmentSessions.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    /** When the session became final (signed, co-signed): where the next pass starts looking. */
    finalAt: timestamp('final_at', { withTimezone: true }).notNull(),
    chargeCount: integer('charge_count').notNull(),
    codedAt: timestamp('coded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('coded_sessions_org_final_idx').on(t.organizationId, t.finalAt.desc())],
);

/** A payment-plan installment reminder, once per installment and channel: claimed, then sent after the commit. */
export const installmentReminders = pgTable(
  'installment_reminders',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    /** The estimate whose payment plan this installment belongs to (estimates module). */
    estimateId: uuid('estimate_id').notNull(),
    installmentNumber: smallint('installment_number').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    amountCents: integer('amount_cents').notNull(),
    channel: text('channel').notNull(),
    /** pending (claimed), sent, failed. */
    status: text('status').notNull().default('pending'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('installment_reminders_once_key').on(t.estimateId, t.installmentNumber, t.channel),
    index('installment_reminders_patient_idx').on(t.patientId),
    check('installment_reminders_channel_check', sql`${t.channel} in ('email', 'sms')`),
    check('installment_reminders_status_check', sql`${t.status} in ('pending', 'sent', 'failed')`),
  ],
);
