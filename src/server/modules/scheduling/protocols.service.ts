import type { SessionUser } from '../../../contracts/auth.js';
import type { ProtocolInput, ProtocolView } from '../../../contracts/protocols.js';
import { PROTOCOLS, protocolProblems, type Protocol } from '../../../domain/scheduling/protocols.js';
import type { Db } from '../../db/client.js';
import { toIsoRequired } from '../../db/sql-values.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { AppError } from '../../platform/errors.js';
import * as repo from './protocols.repository.js';

type Deps = { db: Db; audit: AuditTrail };

/** A stored version as the domain's Protocol (for the planner and the course). */
export function protocolOf(row: repo.ProtocolRow): Protocol {
  return {
    code: row.code,
    version: row.version,
    treatment: row.treatment as Protocol['treatment'],
    name: row.name,
    visitTypes: row.definition.visitTypes as Protocol['visitTypes'],
    phases: row.definition.phases as Protocol['phases'],
    source: row.source,
  };
}

function present(row: repo.ProtocolRow, current: boolean): ProtocolView {
  const p = protocolOf(row);
  return {
    id: row.id,
    code: p.code,
    version: p.version,
    treatment: p.treatment,
    name: p.name,
    visitTypes: p.visitTypes,
    phases: p.phases,
    source: p.source,
    sessions: p.phases.reduce((n, ph) => n + ph.sessions, 0),
    publishedAt: toIsoRequired(row.publishedAt),
    publishedBy: row.publishedBy,
    current,
  };
}

/** The stored row of a protocol version: its definition (visit types, phases) as one JSON document. */
function versionValues(organizationId: string, p: Omit<Protocol, 'version'>, publishedBy: string | null) {
  return {
    organizationId,
    code: p.code,
    treatment: p.treatment,
    name: p.name,
    definition: { visitTypes: p.visitTypes, phases: p.phases },
    source: p.source,
    publishedBy,
  };
}

/** The organization's protocols: the current version of each (or every version with `all`). */
export async function listProtocols(deps: Deps, user: SessionUser, all: boolean): Promise<{ items: ProtocolView[] }> {
  const rows = await repo.listProtocols(deps.db, user.organizationId);
  const seen = new Set<string>();
  const items: ProtocolView[] = [];
  for (const row of rows) {
    const current = !seen.has(row.code);
    seen.add(row.code);
    if (current || all) items.push(present(row, current));
  }
  return { items };
}

/**
 * Publishes a protocol version (the next version of its code, or version 1 of a new code) after the domain's
 * soundness rules (spacing within bounds, every phase's visit type defined, the Spravato room block of at least 2
 * hours); courses already started keep the version they began with.
 */
export async function publishProtocol(deps: Deps, user: SessionUser, input: ProtocolInput, ctx: AuditContext): Promise<ProtocolView> {
  const problems = protocolProblems({ ...input, version: 1 });
  if (problems.length)
    throw new AppError(
      422,
      'protocol_unsound',
      problems.join('; '),
      problems.map((message) => ({ path: 'protocol', message })),
    );
  const row = await deps.db.transaction(async (tx) => {
    const r = await repo.insertNextVersion(tx, versionValues(user.organizationId, input, user.id));
    await deps.audit.recordWithin(tx, ctx, {
      action: 'protocol.publish',
      outcome: 'success',
      entityType: 'treatment_protocol',
      entityId: r.id,
      details: { code: r.code, version: r.version },
    });
    return r;
  });
  return present(row, true);
}

/** Version 1 of every published protocol, for a new organization (the demo seed). */
export async function seedProtocols(db: Db, organizationId: string): Promise<void> {
  for (const p of PROTOCOLS) await repo.insertNextVersion(db, versionValues(organizationId, p, null));
}
