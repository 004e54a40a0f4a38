import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { locationHolidays, locations } from '../../db/schema/locations.js';
import { queryRows } from '../../db/sql-values.js';
import { formatUsPhone } from '../../../domain/patients/phone.js';
import { defined } from '../../../domain/defined.js';

export type LocationRow = typeof locations.$inferSelect;
export type LocationBundle = LocationRow & { holidays: (typeof locationHolidays.$inferSelect)[] };

/** Clinics with their holidays: two queries however many clinics there are (resources come from scheduling). */
export async function listLocations(db: Db, organizationId: string, onlyIds?: readonly string[]): Promise<LocationBundle[]> {
  const where = onlyIds ? and(eq(locations.organizationId, organizationId), inArray(locations.id, [...onlyIds])) : eq(locations.organizationId, organizationId);
  const rows = await db.select().from(locations).where(where).orderBy(asc(locations.name));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const holidays = await db.select().from(locationHolidays).where(inArray(locationHolidays.locationId, ids)).orderBy(asc(locationHolidays.date));
  return rows.map((r) => ({ ...r, holidays: holidays.filter((h) => h.locationId === r.id) }));
}

export async function insertLocation(db: Db, values: typeof locations.$inferInsert): Promise<string> {
  const [row] = await db.insert(locations).values(values).returning({ id: locations.id });
  return defined(row).id;
}

export async function updateLocation(db: Db, id: string, version: number, values: Partial<typeof locations.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(locations)
    .set({ ...values, version: sql`${locations.version} + 1`, updatedAt: new Date() })
    .where(and(eq(locations.id, id), eq(locations.version, version)))
    .returning({ id: locations.id });
  return rows.length === 1;
}

export async function locationExists(db: Db, organizationId: string, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: locations.id })
    .from(locations)
    .where(and(eq(locations.id, id), eq(locations.organizationId, organizationId)));
  return rows.length === 1;
}

export async function insertHoliday(db: Db, values: typeof locationHolidays.$inferInsert) {
  const [row] = await db.insert(locationHolidays).values(values).returning();
  return defined(row);
}

export async function deleteHoliday(db: Db, locationId: string, holidayId: string): Promise<boolean> {
  const rows = await db
    .delete(locationHolidays)
    .where(and(eq(locationHolidays.id, holidayId), eq(locationHolidays.locationId, locationId)))
    .returning({ id: locationHolidays.id });
  return rows.length === 1;
}

export type Letterhead = { name: string; lines: string[] };

/** A clinic's own letterhead for letters and PDFs: its name, address, phone and NPI. */
export async function clinicLetterhead(db: Db, locationId: string): Promise<Letterhead | null> {
  const [row] = await queryRows<{
    name: string;
    addressLine1: string;
    addressLine2: string | null;
    city: string;
    state: string;
    postalCode: string;
    phone: string | null;
    npi: string | null;
  }>(db, sql`select name, address_line1, address_line2, city, state, postal_code, phone, npi from locations where id = ${locationId}`);
  if (!row) return null;
  return {
    name: row.name,
    lines: [
      [row.addressLine1, row.addressLine2, `${row.city}, ${row.state} ${row.postalCode}`].filter(Boolean).join(', '),
      [row.phone ? `Phone ${formatUsPhone(row.phone)}` : null, row.npi ? `NPI ${row.npi}` : null].filter(Boolean).join(' · '),
    ].filter(Boolean),
  };
}

/** Which of these ids are active clinics of the organization. */
export async function existingLocationIds(db: Db, organizationId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: locations.id })
    .from(locations)
    .where(and(eq(locations.organizationId, organizationId), eq(locations.active, true), inArray(locations.id, [...ids])));
  return new Set(rows.map((r) => r.id));
}

/** The clinic's services and organization, to check it offers a course's treatment. */
export async function clinicServices(db: Db, locationId: string): Promise<{ organizationId: string; services: string[]; active: boolean } | null> {
  const [row] = await queryRows<{ organizationId: string; services: string[]; active: boolean }>(
    db,
    sql`select organization_id, services, active from locations where id = ${locationId}`,
  );
  return row ?? null;
}

/** A clinic's organization and IANA zone (for other modules' access checks and clinic dates); null when unknown. */
export async function locationFacts(db: Db, locationId: string): Promise<{ organizationId: string; timeZone: string; name: string } | null> {
  const [row] = await queryRows<{ organizationId: string; timeZone: string; name: string }>(
    db,
    sql`select organization_id, time_zone, name from locations where id = ${locationId}`,
  );
  return row ?? null;
}

/** What claims, statements and superbills print of a clinic: name, address, phone, NPI, tax ID and zone. */
export type BillingLocation = {
  id: string;
  organizationId: string;
  name: string;
  timeZone: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  state: string;
  postalCode: string;
  phone: string | null;
  npi: string | null;
  taxId: string | null;
};

export async function billingLocations(db: Db, ids: readonly string[]): Promise<BillingLocation[]> {
  if (ids.length === 0) return [];
  return queryRows<BillingLocation>(
    db,
    sql`select id, organization_id, name, time_zone, address_line1, address_line2, city, state, postal_code, phone, npi, tax_id
          from locations where id = any(${sql.param([...ids])}::uuid[])`,
  );
}
