import { z } from 'zod';
import { isoDateSchema } from './common.js';

// Measurement-based care (issue 11): questionnaires, answers, risk alerts, outcomes and the practice report.

export const outcomeInstrumentSchema = z.enum(['PHQ-9', 'GAD-7', 'PCL-5']);
export const treatmentSchema = z.enum(['tms', 'esketamine', 'iv_ketamine', 'im_ketamine', 'kap']);

/** Answers in item order: PHQ-9 nine answers 0-3, GAD-7 seven 0-3, PCL-5 twenty 0-4. */
export const answersSchema = z.array(z.number().int().min(0).max(4).nullable()).min(1).max(20);

export const staffAnswerSchema = z.object({
  answers: answersSchema,
  via: z.enum(['tablet', 'paper']),
  language: z.enum(['en', 'es']).optional(),
});

export const portalAnswerSchema = z.object({
  answers: answersSchema,
  language: z.enum(['en', 'es']).optional(),
});

export const askQuestionnaireSchema = z.object({
  instrument: outcomeInstrumentSchema,
  locationId: z.uuid(),
  courseId: z.uuid().nullable().optional(),
});

export const acknowledgeSchema = z.object({
  note: z.string().trim().min(3, 'say what was done (at least 3 characters)').max(2000),
});

export const outcomeReportQuerySchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  treatment: treatmentSchema.optional(),
  locationId: z.uuid().optional(),
  instrument: outcomeInstrumentSchema.default('PHQ-9'),
  format: z.enum(['json', 'csv']).default('json'),
});
