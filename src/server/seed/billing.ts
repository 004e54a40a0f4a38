import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { billingSettings, feeScheduleItems, payerBillingSettings } from '../db/schema/billing.js';
import { npiWithCheckDigit } from '../../domain/billing/npi.js';
import { queryRows } from '../db/sql-values.js';

/**
 * The demo practice's billing set-up (synthetic identifiers only): its clearinghouse submitter, each payer's X12
 * settings, the standard fee per code at every clinic, and individual NPIs for its providers.
 */
export const DEMO_FEES: { code: string; description: string; feeCents: number }[] = [
  { code: '90867', description: 'TMS: initial session with motor threshold and mapping', feeCents: 45_000 },
  { code: '90868', description: 'TMS: subsequent session', feeCents: 35_000 },
  { code: '90869', description: 'TMS: session with motor threshold re-determination', feeCents: 40_000 },
  { code: 'G2082', description: 'Esketamine up to 56 mg with 2-hour observation', feeCents: 90_000 },
  { code: 'G2083', description: 'Esketamine over 56 mg with 2-hour observation', feeCents: 129_000 },
  { code: 'J0013', description: 'Esketamine nasal spray, 1 mg', feeCents: 1_200 },
  { code: '96365', description: 'IV infusion, initial hour', feeCents: 45_000 },
  { code: '96366', description: 'IV infusion, each additional hour', feeCents: 15_000 },
  { code: '96374', description: 'IV push, single drug', feeCents: 20_000 },
  { code: '96372', description: 'Intramuscular injection', feeCents: 10_000 },
  { code: 'J3490', description: 'Unclassified drug (ketamine)', feeCents: 5_000 },
  { code: '99214', description: 'Established patient visit, moderate complexity', feeCents: 25_000 },
  { code: '90833', description: 'Psychotherapy add-on, 30 minutes', feeCents: 15_000 },
];

const PAYER_SETTINGS: Record<string, { x12PayerId: string; claimFilingIndicator: string; appealRules: string; filingDays: number | null }> = {
  commercial: { x12PayerId: '60054', claimFilingIndicator: 'CI', appealRules: 'erisa', filingDays: 90 },
  medicare: { x12PayerId: '01182', claimFilingIndicator: 'MB', appealRules: 'medicare', filingDays: null },
  medicaid: { x12PayerId: '61000', claimFilingIndicator: 'MC', appealRules: 'medicaid', filingDays: 180 },
  va_community_care: { x12PayerId: 'TWVACCN', claimFilingIndicator: 'VA', appealRules: 'va_ccn', filingDays: 180 },
};

export async function seedBilling(db: Db, organizationId: string, clinicIds: string[]): Promise<void> {
  await db.insert(billingSettings).values({
    organizationId,
    submitterName: 'Stepwise Demo Practice',
    submitterId: 'SWDEMO01',
    interchangeSenderId: 'STEPWISE',
    contactName: 'Billing Office',
    contactPhone: '4155550100',
    receiverName: 'Demo Clearinghouse',
    receiverId: 'CLEARHOUSE1',
    interchangeReceiverId: 'CLEARINGHOUSE',
    usage: 'T',
    ketamineNdc: '00409205105',
    taxonomy: '2084P0800X',
  });
  const payers = await queryRows<{ id: string; kind: string }>(db, sql`select id, kind from payers where organization_id = ${organizationId}`);
  const settings = payers.flatMap((p) => {
    const s = PAYER_SETTINGS[p.kind];
    return s ? [{ payerId: p.id, ...s }] : [];
  });
  if (settings.length) await db.insert(payerBillingSettings).values(settings);
  await db.insert(feeScheduleItems).values(clinicIds.flatMap((locationId) => DEMO_FEES.map((f) => ({ organizationId, locationId, payerId: null, ...f }))));
  // Individual (Type 1) NPIs for the providers, check digit and all; taxonomy 2084P0800X (psychiatry).
  const providers = await queryRows<{ id: string }>(
    db,
    sql`select id from users where organization_id = ${organizationId} and role = 'provider' order by email`,
  );
  for (const [i, p] of providers.entries())
    await db.execute(
      sql`update users set npi = ${npiWithCheckDigit(String(124531900 + i))}, credentials = nullif(split_part(display_name, ', ', 2), ''), taxonomy = '2084P0800X' where id = ${p.id}`,
    );
}
