import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { treatmentProtocols } from '../../db/schema/scheduling.js';

export type ProtocolRow = typeof treatmentProtocols.$inferSelect;

/** Every version of the organization's protocols, newest version of each code first (treatment_protocols_org_code_version_key). */
export async function listProtocols(db: Db, organizationId: string): Promise<ProtocolRow[]> {
  return db
    .select()
    .from(treatmentProtocols)
    .where(eq(treatmentProtocols.organizationId, organizationId))
    .orderBy(treatmentProtocols.code, desc(treatmentProtocols.version));
}

export async function findProtocol(db: Db, organizationId: string, id: string): Promise<ProtocolRow | null> {
  const [row] = await db
    .select()
    .from(treatmentProtocols)
    .where(and(eq(treatmentProtocols.organizationId, organizationId), eq(treatmentProtocols.id, id)));
  return row ?? null;
}

/**
 * Publishes the next version of a protocol code (1 for a new code). Two admins publishing at once: the unique key
 * lets one win; the other gets a conflict and publishes again on top of it.
 */
export async function insertNextVersion(db: Db, values: Omit<typeof treatmentProtocols.$inferInsert, 'version'>): Promise<ProtocolRow> {
  const [row] = await db
    .insert(treatmentProtocols)
    .values({
      ...values,
      version: sql`(select coalesce(max(p.version), 0) + 1 from treatment_protocols p where p.organization_id = ${values.organizationId} and p.code = ${values.code})`,
    })
    .returning();
  if (!row) throw new Error('Internal error: the protocol insert returned no row');
  return row;
}
