import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { benefitsChecks, patientCoverages, payerPolicies } from '../../db/schema/coverage.js';
import { queryRows } from '../../db/sql-values.js';
import { defined } from '../../../domain/defined.js';

const POLICY_SELECT = sql.raw(`select id, payer_id, treatment, version, effective_from::text as effective_from, terms, source, created_at from payer_policies`);

export type PolicyRow = {
  id: string;
  payerId: string;
  treatment: string;
  version: number;
  effectiveFrom: string;
  terms: Record<string, unknown>;
  source: string | null;
  createdAt: string | Date;
};

export async function listPayers(db: Db, organizationId: string) {
  return queryRows<{ id: string; name: string; kind: string; phone: string | null; plans: { id: string; name: string }[] }>(
    db,
    sql`select p.id, p.name, p.kind, p.phone,
               coalesce((select json_agg(json_build_object('id', pl.id, 'name', pl.name) order by pl.name) from payer_plans pl where pl.payer_id = p.id and pl.active), '[]') as plans
          from payers p where p.organization_id = ${organizationId} and p.active order by p.name`,
  );
}

export async function listPolicies(db: Db, payerIds: readonly string[]): Promise<PolicyRow[]> {
  if (payerIds.length === 0) return [];
  return queryRows<PolicyRow>(
    db,
    sql`${POLICY_SELECT} where payer_id in (${sql.join(
      payerIds.map((id) => sql`${id}`),
      sql`, `,
    )}) order by payer_id, treatment, version desc`,
  );
}

export async function payerOrganization(db: Db, payerId: string): Promise<string | null> {
  const [row] = await queryRows<{ organizationId: string }>(db, sql`select organization_id from payers where id = ${payerId}`);
  return row?.organizationId ?? null;
}

/** The version of a payer's policy in force on a date: the highest version already effective. */
export async function policyInForce(db: Db, payerId: string, treatment: string, onDate: string): Promise<PolicyRow | null> {
  const [row] = await queryRows<PolicyRow>(
    db,
    sql`${POLICY_SELECT}
         where payer_id = ${payerId} and treatment = ${treatment} and effective_from <= ${onDate}::date order by version desc limit 1`,
  );
  return row ?? null;
}

export async function policiesByIds(db: Db, ids: readonly string[]): Promise<PolicyRow[]> {
  if (ids.length === 0) return [];
  return queryRows<PolicyRow>(
    db,
    sql`${POLICY_SELECT} where id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
}

/** Publishes the next version of a payer's policy for a treatment. The row lock on the payer serializes publishers. */
export async function publishPolicy(
  db: Db,
  values: { payerId: string; treatment: string; effectiveFrom: string; terms: Record<string, unknown>; source: string | null; createdBy: string },
): Promise<PolicyRow> {
  await db.execute(sql`select id from payers where id = ${values.payerId} for update`);
  const [next] = await queryRows<{ v: number }>(
    db,
    sql`select coalesce(max(version), 0) + 1 as v from payer_policies where payer_id = ${values.payerId} and treatment = ${values.treatment}`,
  );
  const [row] = await db
    .insert(payerPolicies)
    .values({ ...values, version: defined(next).v })
    .returning();
  return {
    id: defined(row).id,
    payerId: defined(row).payerId,
    treatment: defined(row).treatment,
    version: defined(row).version,
    effectiveFrom: defined(row).effectiveFrom,
    terms: defined(row).terms,
    source: defined(row).source,
    createdAt: defined(row).createdAt,
  };
}

export type CoverageRow = {
  id: string;
  patientId: string;
  payerId: string;
  payerName: string;
  payerKind: string;
  planId: string | null;
  planName: string | null;
  priority: string;
  memberId: string | null;
  groupId: string | null;
  subscriberName: string | null;
  subscriberRelationship: string;
  effectiveFrom: string;
  effectiveTo: string | null;
};

const COVERAGE_SELECT =
  sql.raw(`select c.id, c.patient_id, c.payer_id, p.name as payer_name, p.kind as payer_kind, c.plan_id, pl.name as plan_name, c.priority, c.member_id, c.group_id,
               c.subscriber_name, c.subscriber_relationship, c.effective_from::text as effective_from, c.effective_to::text as effective_to
          from patient_coverages c join payers p on p.id = c.payer_id left join payer_plans pl on pl.id = c.plan_id`);

export async function listCoverages(db: Db, patientId: string): Promise<CoverageRow[]> {
  return queryRows<CoverageRow>(
    db,
    sql`${COVERAGE_SELECT}
         where c.patient_id = ${patientId} order by (c.priority = 'primary') desc, c.effective_from desc`,
  );
}

export async function findCoverage(db: Db, id: string): Promise<CoverageRow | null> {
  const [row] = await queryRows<CoverageRow>(db, sql`${COVERAGE_SELECT} where c.id = ${id}`);
  return row ?? null;
}

export async function insertCoverage(db: Db, values: typeof patientCoverages.$inferInsert): Promise<string> {
  const [row] = await db.insert(patientCoverages).values(values).returning({ id: patientCoverages.id });
  return defined(row).id;
}

export async function planBelongsTo(db: Db, planId: string, payerId: string): Promise<boolean> {
  return (await queryRows(db, sql`select 1 from payer_plans where id = ${planId} and payer_id = ${payerId}`)).length === 1;
}

export type BenefitsRow = typeof benefitsChecks.$inferSelect;
export type BenefitsInsert = typeof benefitsChecks.$inferInsert;
export async function listBenefitsChecks(db: Db, coverageIds: readonly string[]): Promise<BenefitsRow[]> {
  if (coverageIds.length === 0) return [];
  return db
    .select()
    .from(benefitsChecks)
    .where(
      sql`${benefitsChecks.coverageId} in (${sql.join(
        coverageIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    )
    .orderBy(sql`${benefitsChecks.checkedOn} desc, ${benefitsChecks.createdAt} desc`);
}

export async function insertBenefitsCheck(db: Db, values: typeof benefitsChecks.$inferInsert): Promise<void> {
  await db.insert(benefitsChecks).values(values);
}

/** Every coverage of these patients (primary first, latest first): one statement for a batch of charges. */
export async function coveragesOfPatients(db: Db, patientIds: readonly string[]): Promise<CoverageRow[]> {
  if (patientIds.length === 0) return [];
  return queryRows<CoverageRow>(
    db,
    sql`${COVERAGE_SELECT} where c.patient_id = any(${sql.param([...patientIds])}::uuid[]) order by c.patient_id, (c.priority = 'primary') desc, c.effective_from desc`,
  );
}

/** Payers by id with their kind (billing's claims and reports). */
export async function payersByIds(db: Db, ids: readonly string[]): Promise<{ id: string; organizationId: string; name: string; kind: string }[]> {
  if (ids.length === 0) return [];
  return queryRows(db, sql`select id, organization_id, name, kind from payers where id = any(${sql.param([...ids])}::uuid[])`);
}
