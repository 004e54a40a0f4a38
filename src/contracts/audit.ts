import { z } from 'zod';
import { isoDateTimeSchema } from './common.js';

export const auditEventSchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  actorUserId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  patientId: z.string().nullable(),
  outcome: z.enum(['success', 'denied', 'failure']),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  sealed: z.boolean(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditQuerySchema = z.object({
  actorUserId: z.uuid().optional(),
  patientId: z.uuid().optional(),
  action: z.string().max(80).optional(),
  outcome: z.enum(['success', 'denied', 'failure']).optional(),
  from: isoDateTimeSchema.optional(),
  to: isoDateTimeSchema.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditPageSchema = z.object({ items: z.array(auditEventSchema), nextBefore: z.number().int().nullable() });

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  sealed: z.number().int(),
  seals: z.number().int(),
  unsealed: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
  problem: z.string().nullable(),
});
