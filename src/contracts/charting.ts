import { z } from 'zod';
import { isoDateSchema, isoDateTimeSchema, optionalText, requiredText, versionSchema } from './common.js';

/** Session charting (issue 10): inputs the chart screen, devices and scripts send, and what they get back. */

const int = (min: number, max: number) => z.number().int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

export const openSessionSchema = z.object({ appointmentId: z.uuid() });

/**
 * One reading (`POST /api/treatment-sessions/:id/vitals`): any subset of the measures, at least one. `clientId` is the
 * id the tablet gave the reading, so one sent twice (after a dropped connection) is stored once.
 */
export const vitalsInputSchema = z
  .object({
    takenAt: isoDateTimeSchema.optional(),
    systolic: int(40, 300).nullish(),
    diastolic: int(20, 200).nullish(),
    heartRate: int(20, 250).nullish(),
    spo2: int(50, 100).nullish(),
    respiratoryRate: int(2, 60).nullish(),
    sedation: int(0, 5).nullish(),
    dissociation: int(0, 24).nullish(),
    clientId: z.uuid().optional(),
  })
  .strict();
export type VitalsInput = z.infer<typeof vitalsInputSchema>;

export const preCheckSchema = z
  .object({
    identityConfirmed: z.boolean(),
    consentOnFile: z.boolean(),
    readinessReviewed: z.boolean(),
    newMedications: optionalText(500),
    medicationChange: z.boolean(),
    sleepChange: z.boolean(),
    pregnancyStatus: z.enum(['not_applicable', 'not_pregnant', 'pregnant', 'unknown']),
    /** TMS: nothing ferromagnetic within 30 cm of the coil (A1.2). */
    metalScreenClear: z.boolean().optional(),
    /** Spravato: no food for 2 hours, no liquids for 30 minutes (label). */
    fastingConfirmed: z.boolean().optional(),
    /**
     * Spravato: concomitant medicines that may cause sedation or a blood-pressure change, as the REMS Patient
     * Monitoring Form asks (2021 form; the current form adds opioids: delivery-and-billing.md A2.2).
     */
    concomitant: z
      .object({ benzodiazepines: z.boolean(), sedativeHypnotics: z.boolean(), psychostimulants: z.boolean(), maois: z.boolean(), opioids: z.boolean() })
      .strict()
      .optional(),
    version: versionSchema,
  })
  .strict();

export const riskCheckSchema = z
  .object({
    phq9Item9: int(0, 3).nullish(),
    cssrs: z
      .object({
        q1: z.boolean(),
        q2: z.boolean(),
        q3: z.boolean().nullish(),
        q4: z.boolean().nullish(),
        q5: z.boolean().nullish(),
        q6: z.boolean(),
        q6PastThreeMonths: z.boolean().nullish(),
      })
      .strict()
      .nullish(),
    version: versionSchema,
  })
  .strict();

export const ALERT_ACTIONS = ['slowed', 'paused', 'stopped', 'provider_called', 'reviewed', 'continued'] as const;
export const alertActionSchema = z.object({ action: z.enum(ALERT_ACTIONS), note: requiredText(2000) }).strict();

export const ketamineOrderSchema = z
  .object({
    mgPerKg: z.number().positive('must be above 0').max(2, 'must be at most 2'),
    infusionMinutes: int(10, 240).nullable(),
    concentrationMgPerMl: z.number().positive('must be above 0').max(100, 'must be at most 100'),
    maxDoseMg: z.number().positive('must be above 0').max(500, 'must be at most 500'),
    version: versionSchema,
  })
  .strict();

export const spravatoDoseSchema = z
  .object({
    doseMg: z.union([z.literal(56), z.literal(84)], { message: 'must be 56 or 84' }),
    preDoseSystolic: int(40, 300),
    preDoseDiastolic: int(20, 200),
    takenAt: isoDateTimeSchema.optional(),
    version: versionSchema,
  })
  .strict();

export const deviceInputSchema = z.object({ lot: requiredText(40), administeredAt: isoDateTimeSchema.optional(), version: versionSchema }).strict();

export const treatmentMarkSchema = z.object({ at: isoDateTimeSchema.optional(), version: versionSchema }).strict();

export const adverseEventSchema = z
  .object({
    type: z.enum([
      'headache',
      'scalp_discomfort',
      'nausea',
      'vomiting',
      'dizziness',
      'sedation',
      'dissociation',
      'hypertension',
      'respiratory_depression',
      'seizure',
      'syncope',
      'anxiety',
      'other',
    ]),
    severity: z.enum(['mild', 'moderate', 'severe']),
    serious: z.boolean(),
    onsetAt: isoDateTimeSchema,
    actionTaken: requiredText(1000),
    outcome: z.enum(['resolved', 'resolving', 'ongoing', 'transferred', 'unknown']),
    description: optionalText(4000),
  })
  .strict();

export const tmsRecordSchema = z
  .object({
    protocol: z.enum(['10hz_standard', '10hz_short', 'itbs', 'saint', 'deep_tms', 'other']),
    frequencyHz: z.number().positive().max(100),
    pulsesPerTrain: int(1, 1000),
    interTrainSeconds: z.number().min(0).max(120),
    coilPosition: requiredText(200),
    targetingMethod: z.enum(['5cm_rule', 'beam_f3', 'neuronavigation', 'other']),
    percentMt: int(50, 140),
    pulsesPlanned: int(1, 20_000),
    pulsesDelivered: int(0, 20_000),
    trainsCompleted: int(0, 1000),
    interruptions: int(0, 100),
    interruptionNote: optionalText(1000),
    scalpDiscomfort: int(0, 10),
    seizure: z.boolean(),
    sideEffects: z.array(requiredText(200)).max(20),
    version: versionSchema,
  })
  .strict();

export const motorThresholdSchema = z
  .object({
    valuePercent: int(1, 100),
    method: z.enum(['visual', 'emg', 'mt_assist', 'other']),
    determinedAt: isoDateTimeSchema.optional(),
    reason: requiredText(500),
  })
  .strict();

export const therapyNoteSchema = z
  .object({
    startedAt: isoDateTimeSchema,
    endedAt: isoDateTimeSchema,
    modality: z.enum(['integration', 'psychotherapy', 'kap_preparation', 'kap_integration', 'other']),
    note: requiredText(20_000),
    version: versionSchema,
  })
  .strict();

export const dischargeSchema = z
  .object({
    vitalsWithinLimits: z.boolean(),
    alertAndOriented: z.boolean(),
    walkingSteadily: z.boolean(),
    sedationResolved: z.boolean().default(false),
    dissociationResolved: z.boolean().default(false),
    breathingNormal: z.boolean().default(false),
    escortName: optionalText(120),
    noDrivingAdvised: z.boolean().default(false),
    /** PMF #6: minutes from the first device when the patient would have been ready to leave without the 2-hour minimum. */
    readyToLeaveMinutes: int(0, 600).nullish(),
    version: versionSchema,
  })
  .strict();

export const signSchema = z.object({ note: optionalText(20_000), version: versionSchema }).strict();
export const amendmentSchema = z.object({ reason: requiredText(1000), text: requiredText(20_000) }).strict();

export const remsEnrollmentSchema = z.object({ enrollmentId: requiredText(40), enrolledOn: isoDateSchema }).strict();
export const remsCertificationSchema = z
  .object({ certificationId: requiredText(40), certifiedOn: isoDateSchema, authorizedRepresentative: requiredText(120) })
  .strict();
export const formSubmissionSchema = z.object({ method: z.enum(['online', 'fax']), confirmation: optionalText(80) }).strict();

export const controlledEntrySchema = z
  .object({
    drug: z.enum(['ketamine', 'esketamine']),
    kind: z.enum(['receive', 'draw', 'administer', 'waste', 'return', 'adjust']),
    vial: requiredText(40),
    lot: requiredText(40),
    expiresOn: isoDateSchema,
    /** mg, in tenths (35.5); negative only for a count adjustment. */
    amountMg: z.number().min(-100_000).max(100_000),
    sessionId: z.uuid().nullish(),
    witnessId: z.uuid().nullish(),
    note: optionalText(1000),
  })
  .strict();

export const ledgerQuerySchema = z.object({ from: isoDateSchema, to: isoDateSchema, drug: z.enum(['ketamine', 'esketamine']).optional() });

const thresholdSchema = z.object({ min: z.number().nullable(), max: z.number().nullable() }).strict();
export const chartingPolicySchema = z
  .object({
    weightMaxAgeDays: z.number(),
    vitalsEveryMinutesDuring: z.number(),
    vitalsEveryMinutesAfter: z.number(),
    overdueGraceMinutes: z.number(),
    thresholds: z
      .object({
        systolic: thresholdSchema,
        diastolic: thresholdSchema,
        heartRate: thresholdSchema,
        spo2: thresholdSchema,
        respiratoryRate: thresholdSchema,
        sedation: thresholdSchema,
        dissociation: thresholdSchema,
      })
      .strict(),
    spravatoPreDoseBp: z.object({ systolic: z.number(), diastolic: z.number() }).strict(),
    spravatoObservationMinutes: z.number(),
    ketamineRecoveryMinutes: z.number(),
    ketamineMaxMgPerKg: z.number(),
    motorThresholdRecheckDays: z.number(),
  })
  .strict();

/** Response bodies are documented loosely: the chart is one nested document (see docs/guides/public-api.md). */
export const sessionViewSchema = z.looseObject({ id: z.uuid(), modality: z.string(), status: z.string() });
export const anyObjectSchema = z.looseObject({});
