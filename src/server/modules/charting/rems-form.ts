import type { DocumentSpec } from '../../platform/documents/pdf.js';
import { renderPdf } from '../../platform/documents/pdf.js';

/**
 * The Spravato REMS Patient Monitoring Form (Outpatient Use Only) produced from the chart: every field of the form as
 * listed in ../shared/domain.md §2.3 (Janssen 11/2021 version, with the current form's opioid question from
 * delivery-and-billing.md A2.2), in the form's order. Submitted within 7 calendar days of the session, online at
 * www.SPRAVATOrems.com or by fax to 1-877-778-0091 (domain.md §2.2). The wording of the items after the blood-pressure
 * block is UNVERIFIED in the sources; the chart's facts are given under plain labels.
 */

export type MonitoringFormFacts = {
  patient: { givenName: string; middleName: string | null; familyName: string; dateOfBirth: string; sex: string };
  firstTreatment: boolean;
  enrolledInRems: boolean;
  concomitant: { benzodiazepines: boolean; sedativeHypnotics: boolean; psychostimulants: boolean; maois: boolean; opioids: boolean } | null;
  provider: { givenName: string; familyName: string; phone: string; email: string };
  setting: { name: string; addressLine1: string; addressLine2: string | null; city: string; state: string; postalCode: string };
  session: { treatmentDate: string; doseMg: number; lots: string[]; totalMinutes: number | null; readyToLeaveMinutes: number | null };
  vitalsAcceptableBefore: boolean;
  vitalsAcceptableAtCompletion: boolean | null;
  bloodPressure: { before: string | null; at40Minutes: string | null; atCompletion: string | null };
  sedation: string;
  dissociation: string;
  respiratoryDepression: string;
  pulseOximetry: string;
  seriousAdverseEvents: string;
  dueOn: string;
};

const yn = (b: boolean | null) => (b === null ? 'Not recorded' : b ? 'Yes' : 'No');
const mdy = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

export function monitoringFormSpec(f: MonitoringFormFacts): DocumentSpec {
  const c = f.concomitant;
  return {
    title: 'SPRAVATO® REMS Patient Monitoring Form (Outpatient Use Only)',
    subtitle: `Produced from the treatment chart. Submit within 7 calendar days of the session (by ${mdy(f.dueOn)}) at www.SPRAVATOrems.com or fax 1-877-778-0091. REMS phone 1-855-382-6022.`,
    sections: [
      {
        heading: '1. Patient information',
        blocks: [
          {
            kind: 'rows',
            rows: [
              ['First name', f.patient.givenName],
              ['Middle initial', f.patient.middleName ? f.patient.middleName.slice(0, 1) : ''],
              ['Last name', f.patient.familyName],
              ['Date of birth (MM/DD/YYYY)', mdy(f.patient.dateOfBirth)],
              ['Sex', f.patient.sex === 'female' ? 'Female' : f.patient.sex === 'male' ? 'Male' : 'Other / unknown'],
              ['Is this the patient’s first treatment?', yn(f.firstTreatment)],
              ['If yes, is the patient enrolled in the SPRAVATO® REMS?', f.firstTreatment ? yn(f.enrolledInRems) : 'Not applicable'],
            ],
          },
        ],
      },
      {
        heading: '2. Concomitant medications that may cause sedation or blood-pressure changes',
        blocks: [
          {
            kind: 'rows',
            rows: [
              ['Benzodiazepines', c ? yn(c.benzodiazepines) : 'Not recorded'],
              ['Non-benzodiazepine sedative hypnotics', c ? yn(c.sedativeHypnotics) : 'Not recorded'],
              ['Psychostimulants', c ? yn(c.psychostimulants) : 'Not recorded'],
              ['Monoamine oxidase inhibitors (MAOIs)', c ? yn(c.maois) : 'Not recorded'],
              ['Opioids', c ? yn(c.opioids) : 'Not recorded'],
            ],
          },
        ],
      },
      {
        heading: '3. Healthcare provider conducting monitoring',
        blocks: [
          {
            kind: 'rows',
            rows: [
              ['First name', f.provider.givenName],
              ['Last name', f.provider.familyName],
              ['Telephone', f.provider.phone],
              ['Email', f.provider.email],
            ],
          },
        ],
      },
      {
        heading: '4. Healthcare setting',
        blocks: [
          {
            kind: 'rows',
            rows: [
              ['Name', f.setting.name],
              ['Address 1', f.setting.addressLine1],
              ['Address 2', f.setting.addressLine2 ?? ''],
              ['City', f.setting.city],
              ['State', f.setting.state],
              ['ZIP', f.setting.postalCode],
            ],
          },
        ],
      },
      {
        heading: '5. Treatment session',
        blocks: [
          {
            kind: 'rows',
            rows: [
              ['Treatment date (MM/DD/YYYY)', mdy(f.session.treatmentDate)],
              ['Dose administered', `${f.session.doseMg} mg`],
              ['Lot number(s)', f.session.lots.join(', ')],
              [
                'Total treatment duration (first device to end of monitoring)',
                f.session.totalMinutes === null
                  ? 'Not recorded'
                  : `${f.session.totalMinutes} minutes${f.session.totalMinutes < 120 ? ' (below the 2-hour minimum)' : ''}`,
              ],
            ],
          },
        ],
      },
      {
        heading: '6. REMS evaluation question',
        blocks: [
          {
            kind: 'rows',
            rows: [
              [
                'If there were no 2-hour minimum, when would the patient have been ready to leave (minutes from the start of administration)?',
                f.session.readyToLeaveMinutes === null ? 'Not recorded' : `${f.session.readyToLeaveMinutes} minutes`,
              ],
            ],
          },
        ],
      },
      {
        heading: '7. Vital signs',
        blocks: [
          {
            kind: 'rows',
            rows: [
              ['In acceptable range prior to administration?', yn(f.vitalsAcceptableBefore)],
              ['In acceptable range prior to session completion?', yn(f.vitalsAcceptableAtCompletion)],
            ],
          },
        ],
      },
      {
        heading: '8. Blood pressure (mmHg)',
        blocks: [
          {
            kind: 'rows',
            rows: [
              ['Prior to administration', f.bloodPressure.before ?? 'Not recorded'],
              ['About 40 minutes post-administration', f.bloodPressure.at40Minutes ?? 'Not recorded'],
              ['Prior to session completion', f.bloodPressure.atCompletion ?? 'Not recorded'],
            ],
          },
        ],
      },
      {
        heading: '9. Sedation, dissociation, respiratory depression, pulse oximetry and serious adverse events',
        blocks: [
          {
            kind: 'rows',
            rows: [
              ['Sedation', f.sedation],
              ['Dissociation', f.dissociation],
              ['Respiratory depression', f.respiratoryDepression],
              ['Pulse oximetry checks', f.pulseOximetry],
              ['Serious adverse events', f.seriousAdverseEvents],
            ],
          },
        ],
      },
    ],
    footer: 'Report suspected adverse events to the SPRAVATO® REMS at 1-855-382-6022.',
  };
}

export const monitoringFormPdf = (f: MonitoringFormFacts) => renderPdf(monitoringFormSpec(f));
