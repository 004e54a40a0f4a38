import type { Letter } from '../../../contracts/authorizations.js';
import type { IntakeContent } from '../../../contracts/intake.js';
import { CARE_OPTION_LABELS } from '../../../domain/care-path/care-path.js';
import { CONTRAINDICATIONS, type Treatment } from '../../../domain/intake/contraindications.js';
import { findDiagnosisCode } from '../../../domain/intake/diagnoses.js';
import type { ChartFacts } from '../../../domain/coverage/policy.js';
import type { DocumentLetterhead, DocumentSpec } from '../../platform/documents/pdf.js';

const SERVICE_CODES: Record<string, string> = {
  tms: 'CPT 90867 (initial mapping and motor threshold), 90868 (subsequent sessions)',
  esketamine: 'HCPCS G2082/G2083 (Medicare) or J0013 with E/M (commercial, from 2026-01-01)',
  iv_ketamine: 'CPT 96365 (IV infusion, first hour) with HCPCS J3490 (ketamine)',
  integration_therapy: 'CPT 90834 (psychotherapy, 45 minutes)',
};

type Facts = {
  treatment: string;
  patient: { name: string; dateOfBirth: string; memberId: string | null; groupId: string | null };
  payerName: string | null;
  content: IntakeContent;
  chart: ChartFacts;
  phq9Trend: { date: string; total: number }[];
  providerName: string;
  clinicName: string | null;
  approval: { sessions: number | null; days: number | null } | null;
  /** For an extension: the course's response so far, in words with its figures (outcomes module). */
  progress?: string | null;
};

/**
 * The first draft of a letter of medical necessity, filled from the chart: diagnoses, failed trials with doses and
 * dates, prior interventions, scores and their trend, and the contraindications checked and absent. The provider
 * edits it before signing.
 */
export function draftLetter(f: Facts): Letter {
  const label = (CARE_OPTION_LABELS as Partial<Record<string, string>>)[f.treatment] ?? f.treatment;
  const diagnoses = f.content.diagnoses.map((d) => `${d.code} ${findDiagnosisCode(d.code)?.description ?? ''}`.trim());
  const trials = f.chart.failedTrials.map((t) => `${t.drug} (${t.class}), ${t.dose}, ${t.dates}: ${t.outcome}`);
  const interventions = f.content.priorInterventions.map(
    (i) =>
      `${i.type.replace('_', ' ')}${i.modality ? ` (${i.modality})` : ''}${i.sessions ? `, ${i.sessions} sessions` : ''}, ${i.startDate ?? '?'} to ${i.endDate ?? '?'}: response ${i.response}`,
  );
  const trend = f.phq9Trend.length
    ? f.phq9Trend.map((p) => `${p.date}: ${p.total}`).join('; ')
    : f.chart.phq9
      ? `${f.chart.phq9.takenOn}: ${f.chart.phq9.total}`
      : 'not recorded';
  const absent = CONTRAINDICATIONS.filter((c) => c.applies[f.treatment as Treatment] && f.content.contraindications[c.key]?.answer === 'no').map(
    (c) => c.label,
  );
  const intolerant = f.chart.failedTrials.filter((t) => t.outcome === 'stopped for intolerance').length;
  const adequate = f.chart.failedTrials.length - intolerant;
  // The TRD definition counts failed adequate trials only; trials stopped early for intolerance are named apart
  // (consensus definition, PMC8049072; payers that accept intolerance, LCD L34998).
  const necessity = `${adequate >= 2 ? 'The patient has treatment-resistant depression: ' : ''}${adequate} adequately dosed antidepressant trial${adequate === 1 ? '' : 's'} in the current episode ${adequate === 1 ? 'has' : 'have'} failed${intolerant ? `, and ${intolerant} more ${intolerant === 1 ? 'was' : 'were'} stopped for intolerance` : ''}.`;
  const request = f.approval?.sessions ? `${f.approval.sessions} sessions${f.approval.days ? ` over ${f.approval.days} days` : ''}` : 'a course of treatment';
  return {
    sections: [
      {
        heading: 'Request',
        body: `I am requesting prior authorization for ${label} for ${f.patient.name} (date of birth ${f.patient.dateOfBirth}${f.patient.memberId ? `, member ID ${f.patient.memberId}` : ''}${f.patient.groupId ? `, group ${f.patient.groupId}` : ''})${f.payerName ? ` under their ${f.payerName} coverage` : ''}: ${request}. Service codes: ${SERVICE_CODES[f.treatment] ?? 'see claim'}.`,
      },
      { heading: 'Diagnoses', body: diagnoses.join('\n') || 'None recorded.' },
      { heading: 'Failed antidepressant trials in the current episode', body: trials.join('\n') || 'None recorded.' },
      { heading: 'Prior interventions', body: interventions.join('\n') || 'None recorded.' },
      { heading: 'Symptom severity', body: `PHQ-9 scores (date: total): ${trend}.` },
      ...(f.progress ? [{ heading: 'Response to treatment so far', body: f.progress }] : []),
      { heading: 'Contraindications assessed and absent', body: absent.join('\n') || 'None assessed.' },
      {
        heading: 'Medical necessity',
        body: `${necessity} ${label} is the appropriate next step in their care and is medically necessary.${f.clinicName ? ` Treatment is planned at ${f.clinicName}.` : ''}`,
      },
    ],
  };
}

/** The letter as a PDF document. */
export function letterDocument(
  letter: Letter,
  meta: {
    patientName: string;
    providerName: string | null;
    signedAt: string | null;
    letterhead: DocumentLetterhead | null;
    payerName: string | null;
    amendments?: { sequence: number; reason: string; amendedAt: string; by: string }[];
  },
): DocumentSpec {
  return {
    letterhead: meta.letterhead,
    title: 'Letter of Medical Necessity',
    subtitle: [meta.payerName ? `To: ${meta.payerName}, Utilization Management` : null, `Re: ${meta.patientName}`].filter(Boolean).join(' · '),
    sections: [
      ...letter.sections.map((s) => ({
        heading: s.heading,
        blocks: s.body.includes('\n')
          ? [{ kind: 'bullets' as const, items: s.body.split('\n').filter(Boolean) }]
          : [{ kind: 'paragraph' as const, text: s.body }],
      })),
      {
        heading: 'Signature',
        blocks: [
          meta.signedAt && meta.providerName
            ? { kind: 'paragraph' as const, text: `Electronically signed by ${meta.providerName} on ${meta.signedAt.slice(0, 10)}.` }
            : { kind: 'paragraph' as const, text: 'DRAFT: not yet signed by the treating provider.' },
          ...(meta.amendments ?? []).map((a) => ({
            kind: 'paragraph' as const,
            text: `Amendment ${a.sequence} by ${a.by} on ${a.amendedAt.slice(0, 10)}: ${a.reason}.`,
          })),
        ],
      },
    ],
    footer: 'Confidential health information',
  };
}
