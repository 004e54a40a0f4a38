import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { costEstimates, priceListItems } from '../../db/schema/estimates.js';
import { queryRows } from '../../db/sql-values.js';
import { defined } from '../../../domain/defined.js';

export type PriceRow = typeof priceListItems.$inferSelect;
export type PriceInsert = typeof priceListItems.$inferInsert;

export async function listPrices(db: Db, locationId: string): Promise<PriceRow[]> {
  return db
    .select()
    .from(priceListItems)
    .where(sql`${priceListItems.locationId} = ${locationId}`)
    .orderBy(priceListItems.treatment, priceListItems.sessions, priceListItems.code);
}
export async function findPrice(db: Db, id: string): Promise<PriceRow | null> {
  const [row] = await db
    .select()
    .from(priceListItems)
    .where(sql`${priceListItems.id} = ${id}`);
  return row ?? null;
}
export async function insertPrice(db: Db, values: typeof priceListItems.$inferInsert): Promise<PriceRow> {
  const [row] = await db.insert(priceListItems).values(values).returning();
  return defined(row);
}
export async function updatePrice(db: Db, id: string, values: Partial<typeof priceListItems.$inferInsert>): Promise<PriceRow | null> {
  const [row] = await db
    .update(priceListItems)
    .set(values)
    .where(sql`${priceListItems.id} = ${id}`)
    .returning();
  return row ?? null;
}
export async function clinic(db: Db, id: string) {
  const [row] = await queryRows<{
    id: string;
    organizationId: string;
    name: string;
    addressLine1: string;
    addressLine2: string | null;
    city: string;
    state: string;
    postalCode: string;
    phone: string | null;
    npi: string | null;
    taxId: string | null;
    timeZone: string;
  }>(
    db,
    sql`select id, organization_id, name, address_line1, address_line2, city, state, postal_code, phone, npi, tax_id, time_zone from locations where id = ${id}`,
  );
  return row ?? null;
}
export async function insertEstimate(db: Db, values: typeof costEstimates.$inferInsert): Promise<string> {
  const [row] = await db.insert(costEstimates).values(values).returning({ id: costEstimates.id });
  return defined(row).id;
}
export async function findEstimate(db: Db, id: string) {
  const [row] = await queryRows<{ id: string; patientId: string; body: Record<string, unknown>; createdAt: string | Date }>(
    db,
    sql`select id, patient_id, body, created_at from cost_estimates where id = ${id}`,
  );
  return row ?? null;
}
export async function listEstimates(db: Db, patientId: string) {
  return queryRows<{
    id: string;
    createdAt: string | Date;
    goodFaith: boolean;
    patientCents: number;
    body: { chargeCents: number; item: { name: string }; paymentPlan?: { number: number; dueDate: string; amountCents: number }[] };
  }>(db, sql`select id, created_at, good_faith, patient_cents, body from cost_estimates where patient_id = ${patientId} order by created_at desc limit 50`);
}

/**
 * Each patient's latest estimate with a payment plan of more than one installment, where an installment falls due
 * between `from` and `to`: what the installment reminders go through. One statement.
 */
export async function plansWithInstallmentsDue(db: Db, from: string, to: string) {
  return queryRows<{
    estimateId: string;
    patientId: string;
    createdAt: string | Date;
    paymentPlan: { number: number; dueDate: string; amountCents: number }[];
  }>(
    db,
    sql`select distinct on (e.patient_id) e.id as estimate_id, e.patient_id, e.created_at, e.body->'paymentPlan' as payment_plan
          from cost_estimates e
         where jsonb_array_length(coalesce(e.body->'paymentPlan', '[]'::jsonb)) > 1
           and exists (select 1 from jsonb_array_elements(e.body->'paymentPlan') i where (i->>'dueDate') between ${from} and ${to})
         order by e.patient_id, e.created_at desc`,
  );
}
