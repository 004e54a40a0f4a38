import { z } from 'zod';
import { weightProblem } from '../domain/patients/weight.js';
import { CONTRAINDICATION_KEYS } from '../domain/intake/contraindications.js';
import { findDiagnosisCode } from '../domain/intake/diagnoses.js';
import { MEDICATION_CLASSES } from '../domain/intake/medications.js';
import { isoDateSchema, optionalText, requiredText, versionSchema, measurementDateSchema } from './common.js';

const classKeys = Object.keys(MEDICATION_CLASSES) as [keyof typeof MEDICATION_CLASSES, ...(keyof typeof MEDICATION_CLASSES)[]];
const contraindicationKeys = CONTRAINDICATION_KEYS as unknown as [string, ...string[]];
const scoreAnswers = (n: number, max: number) => z.array(z.number().int().min(0).max(max, `must be 0 to ${max}`)).length(n, `must have exactly ${n} answers`);

export const INTERVENTION_TYPES = ['psychotherapy', 'tms', 'esketamine', 'iv_ketamine', 'ect'] as const;

/**
 * The assessment content. Requests use `optionalText` (trims, and turns "" into null); responses carry the stored
 * value as is, since a response schema cannot run a one-way transform backwards.
 */
/** `stored` reads what is already in the database: rules added later (the weight rule) must not make old drafts unreadable. */
function contentSchema(text: (max: number) => z.ZodType<string | null | undefined>, stored = false) {
  const measured = stored ? isoDateSchema : measurementDateSchema;
  const diagnosisSchema = z.object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .refine((c) => findDiagnosisCode(c) !== undefined, 'is not an ICD-10-CM code on the practice list'),
    primary: z.boolean().default(false),
    notes: text(500),
  });

  const medicationTrialSchema = z
    .object({
      drug: requiredText(100),
      class: z.enum(classKeys),
      highestDailyDose: z.number().positive('must be above 0').max(10_000).nullable().default(null),
      doseUnit: z.enum(['mg', 'mcg']).default('mg'),
      startDate: isoDateSchema.nullable().default(null),
      endDate: isoDateSchema.nullable().default(null),
      weeksAtDose: z.number().int().min(0).max(1040).nullable().default(null),
      adherence: z.enum(['good', 'partial', 'poor', 'unknown']).default('unknown'),
      outcome: z.enum(['no_response', 'partial_response', 'intolerance', 'response', 'ongoing']),
      currentEpisode: z.boolean().default(true),
      sideEffects: text(500),
      /** The provider's own verdict when it differs from the computed one; needs a reason. */
      adequacyOverride: z
        .object({ adequate: z.boolean(), reason: requiredText(500) })
        .nullable()
        .default(null),
    })
    .refine((t) => !t.startDate || !t.endDate || t.endDate >= t.startDate, { message: 'must not be before the start date', path: ['endDate'] });

  const priorInterventionSchema = z.object({
    type: z.enum(INTERVENTION_TYPES),
    modality: text(100),
    sessions: z.number().int().min(0).max(1000).nullable().default(null),
    startDate: isoDateSchema.nullable().default(null),
    endDate: isoDateSchema.nullable().default(null),
    response: z.enum(['none', 'partial', 'response', 'remission', 'unknown']).default('unknown'),
    notes: text(500),
  });

  const contraindicationAnswerSchema = z.object({ answer: z.enum(['yes', 'no', 'unknown']), note: text(500) });

  return z.object({
    chiefComplaint: text(2000),
    diagnoses: z.array(diagnosisSchema).max(20).default([]),
    medicationTrials: z.array(medicationTrialSchema).max(50).default([]),
    priorInterventions: z.array(priorInterventionSchema).max(50).default([]),
    medicalHistory: text(5000),
    contraindications: z.partialRecord(z.enum(contraindicationKeys), contraindicationAnswerSchema).default({}),
    currentMedications: z
      .array(z.object({ name: requiredText(100), dose: text(100) }))
      .max(50)
      .default([]),
    allergies: z
      .array(z.object({ substance: requiredText(100), reaction: text(200) }))
      .max(50)
      .default([]),
    noKnownAllergies: z.boolean().default(false),
    substanceUse: z
      .array(
        z.object({
          substance: requiredText(100),
          status: z.enum(['never', 'past', 'current']),
          lastUse: isoDateSchema.nullable().default(null),
          notes: text(300),
        }),
      )
      .max(20)
      .default([]),
    baselineVitals: z
      .object({
        systolic: z.number().int().min(50).max(300).nullable().default(null),
        diastolic: z.number().int().min(20).max(200).nullable().default(null),
        heartRate: z.number().int().min(20).max(250).nullable().default(null),
        spo2: z.number().int().min(50).max(100).nullable().default(null),
        respiratoryRate: z.number().int().min(4).max(60).nullable().default(null),
      })
      .default({ systolic: null, diastolic: null, heartRate: null, spo2: null, respiratoryRate: null }),
    baselineWeight: z
      .object({ value: z.number().positive(), unit: z.enum(['kg', 'lb']) })
      .superRefine((w, ctx) => {
        const problem = stored ? null : weightProblem(w.value, w.unit);
        if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
      })
      .nullable()
      .default(null),
    measures: z
      .object({
        'PHQ-9': z.object({ answers: scoreAnswers(9, 3), takenOn: measured }).optional(),
        'GAD-7': z.object({ answers: scoreAnswers(7, 3), takenOn: measured }).optional(),
        'PCL-5': z.object({ answers: scoreAnswers(20, 4), takenOn: measured }).optional(),
        ASQ: z.object({ answers: z.array(z.number().int().min(0).max(1)).min(4).max(5), takenOn: measured }).optional(),
        /** A C-SSRS the clinician gave on paper: only its result is recorded (an electronic C-SSRS needs a paid licence, domain §6.4). */
        cssrsPaper: z.object({ risk: z.enum(['low', 'moderate', 'high']), takenOn: measured, notes: text(500) }).optional(),
      })
      .default({}),
    notes: text(5000),
  });
}

export const intakeContentSchema = contentSchema(optionalText);
const storedText = (max: number) => z.string().max(max).nullable().optional();
export const intakeContentOutputSchema = contentSchema(storedText, true);

export type IntakeContent = z.infer<typeof intakeContentSchema>;
export type IntakeContentInput = z.input<typeof intakeContentSchema>;

export const intakeCreateSchema = z.object({ appointmentId: z.uuid().optional(), content: intakeContentSchema.default(intakeContentSchema.parse({})) });
export const intakeUpdateSchema = z.object({ version: versionSchema, content: intakeContentSchema });
export const intakeAmendSchema = z.object({ version: versionSchema, reason: requiredText(1000), content: intakeContentSchema });

const trialAssessmentSchema = z.object({
  computed: z.boolean().nullable(),
  reasons: z.array(z.string()),
  final: z.boolean().nullable(),
  overridden: z.boolean(),
});
const scoreSchema = z.object({
  instrument: z.string(),
  total: z.number().nullable(),
  severity: z.string().nullable(),
  flag: z.string().nullable(),
  loinc: z.string().nullable(),
  takenOn: z.string(),
});

export const intakeAssessmentSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  appointmentId: z.uuid().nullable(),
  status: z.enum(['draft', 'signed']),
  version: z.number().int(),
  /** The content in force: the signed original, or the latest amendment. */
  content: intakeContentOutputSchema,
  trialAdequacy: z.array(trialAssessmentSchema),
  adequateAntidepressantTrials: z.number().int(),
  scores: z.array(scoreSchema),
  createdBy: z.object({ id: z.uuid(), name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  signedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  signedAt: z.string().nullable(),
  signedContentHash: z.string().nullable(),
  /** The content as signed, kept when amendments follow. */
  originalContent: intakeContentOutputSchema.nullable(),
  amendments: z.array(
    z.object({ sequence: z.number().int(), reason: z.string(), amendedAt: z.string(), amendedBy: z.object({ id: z.uuid(), name: z.string() }) }),
  ),
});
export type IntakeAssessment = z.infer<typeof intakeAssessmentSchema>;
export const intakeListSchema = z.object({
  items: z.array(intakeAssessmentSchema.pick({ id: true, status: true, createdAt: true, signedAt: true, version: true })),
});

export const observationListSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      loinc: z.string().nullable(),
      effectiveAt: z.string(),
      value: z.number().nullable(),
      valueText: z.string().nullable(),
      unit: z.string().nullable(),
      interpretation: z.string().nullable(),
      source: z.string(),
    }),
  ),
});

export const appointmentListSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      status: z.string(),
      clinic: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() }),
      provider: z.object({ id: z.uuid(), name: z.string() }),
    }),
  ),
});
