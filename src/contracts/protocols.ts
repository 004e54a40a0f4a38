import { z } from 'zod';
import { requiredText } from './common.js';

// Treatment protocols as versioned data (issue 9; domain: src/domain/scheduling/protocols.ts).

const sourceText = requiredText(500);

export const visitTypeSchema = z
  .object({
    kind: z.enum([
      'tms_mapping',
      'tms_session',
      'spravato_session',
      'iv_ketamine_infusion',
      'ketamine_response_evaluation',
      'im_ketamine_session',
      'kap_session',
      'integration_therapy',
    ]),
    label: requiredText(120),
    minutes: z.number().int('must be whole minutes').min(5).max(480),
    blockAfterMinutes: z.number().int('must be whole minutes').min(0).max(480),
    resource: z.enum(['tms_device', 'infusion_chair', 'esketamine_room']).nullable(),
    staff: z.array(z.object({ role: z.enum(['provider', 'nurse']), presence: z.enum(['attends', 'on_site']) }).strict()).max(4),
    questionnaires: z.array(z.enum(['PHQ-9', 'GAD-7', 'PCL-5', 'C-SSRS', 'ASQ'])).max(6),
    readiness: z.array(z.object({ text: requiredText(400), source: sourceText }).strict()).max(10),
    source: sourceText,
  })
  .strict();

export const phaseSchema = z
  .object({
    name: requiredText(80),
    visitKind: visitTypeSchema.shape.kind,
    sessions: z.number().int().min(1).max(100),
    spacing: z
      .object({
        minGapDays: z.number().int().min(0).max(90),
        maxGapDays: z.number().int().min(0).max(365).nullable(),
        perWeek: z.number().int().min(1).max(7),
        weekdaysOnly: z.boolean(),
      })
      .strict(),
    weeks: z.number().int().min(1).max(104).nullable(),
  })
  .strict();

export const protocolInputSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be 2-40 lower-case letters, digits or dashes'),
    treatment: z.enum(['tms', 'esketamine', 'iv_ketamine', 'im_ketamine', 'kap']),
    name: requiredText(160),
    visitTypes: z.array(visitTypeSchema).min(1).max(10),
    phases: z.array(phaseSchema).min(1).max(12),
    source: sourceText,
  })
  .strict();
export type ProtocolInput = z.infer<typeof protocolInputSchema>;

export const protocolSchema = protocolInputSchema.extend({
  id: z.string(),
  version: z.number().int(),
  sessions: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.string().nullable(),
  current: z.boolean(),
});
export type ProtocolView = z.infer<typeof protocolSchema>;

export const protocolListSchema = z.object({ items: z.array(protocolSchema) });
export const protocolListQuerySchema = z.object({ all: z.enum(['true', 'false']).default('false') });
