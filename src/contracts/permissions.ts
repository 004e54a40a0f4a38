import type { Role } from './roles.js';
import { ROLES } from './roles.js';

/**
 * Who may do what, as `resource:action` permissions: the one table the server's access gate and the web app's
 * menus both read. Minimum necessary (issue 8): demographics are open to the staff who work with patients; clinical
 * detail (suicide-risk answers, questionnaire items, intake content, letters' text) only to providers and nurses; a
 * biller sees what claims and authorizations need (diagnosis codes, dates, authorization facts) and edits no
 * clinical text; a coordinator sees that a patient is flagged urgent, not the answers behind it.
 */
export const PERMISSIONS = {
  'patient:read': ['admin', 'provider', 'nurse', 'coordinator', 'biller', 'manager'],
  'patient:create': ['admin', 'provider', 'coordinator', 'manager'],
  'patient:update': ['admin', 'provider', 'nurse', 'coordinator', 'manager'],
  'patient:weight:record': ['provider', 'nurse'],
  /** Clinical detail: intake content, observations with item answers, the risk flags' reasons, the full care path. */
  'clinical:read': ['provider', 'nurse'],
  /** Diagnosis codes of the signed intake: what claims and authorizations need. */
  'diagnosis:read': ['provider', 'nurse', 'biller'],
  'location:read': [...ROLES],
  'location:manage': ['admin'],
  'staff:manage': ['admin'],
  'audit:read': ['admin'],
  /** Background job runs (state, tries, errors): operations, no patient data. */
  'jobs:read': ['admin'],
  // Front door: coordinators work the queue; managers watch it and step in; admins only see the metrics.
  'lead:read': ['coordinator', 'manager'],
  'lead:work': ['coordinator', 'manager'],
  'lead:convert': ['coordinator', 'manager'],
  'appointment:book': ['coordinator', 'manager', 'provider'],
  /** Treatment protocols (visit spacing, durations, resources): read by the staff who plan and deliver courses; published by admins. */
  'protocol:read': ['admin', 'provider', 'nurse', 'coordinator', 'biller', 'manager'],
  'protocol:publish': ['admin'],
  /** Treatment courses: seen by the staff who plan, deliver and bill them; started and moved by providers. */
  'course:read': ['provider', 'nurse', 'coordinator', 'biller', 'manager'],
  'course:write': ['provider'],
  /** Proposing a course's visits on the calendar: coordinators plan, providers and managers too. */
  'course:plan': ['provider', 'coordinator', 'manager'],
  /** Which approval a course counts against (an extension replacing one used up): those who work authorizations. */
  'course:link': ['provider', 'coordinator', 'biller', 'manager'],
  'appointment:read': ['admin', 'provider', 'nurse', 'coordinator', 'biller', 'manager'],
  /** Check-in and no-show at the front desk; the treatment moves (start, observe, discharge, complete) need appointment:treat. */
  'appointment:checkin': ['provider', 'nurse', 'coordinator', 'manager'],
  'appointment:treat': ['provider', 'nurse'],
  /** The clinic's day board: the staff who run the floor (patients shown by given name and initial). */
  'board:read': ['provider', 'nurse', 'coordinator', 'manager'],
  /** Staff working hours and time off: seen by those who plan visits, set by managers and admins. */
  'availability:read': ['admin', 'provider', 'nurse', 'coordinator', 'manager'],
  'availability:manage': ['admin', 'manager'],
  /** Readiness before visits (confirmations, reminders, checklists) and patients' text replies: the front desk and clinical staff. */
  'readiness:read': ['provider', 'nurse', 'coordinator', 'manager'],
  'message:review': ['coordinator', 'manager'],
  'frontdoor:metrics': ['manager', 'admin'],
  // Session charting (issue 10): providers and nurses chart at the chair; providers order doses and co-sign.
  'session:read': ['provider', 'nurse'],
  'session:chart': ['provider', 'nurse'],
  'session:order': ['provider'],
  'session:cosign': ['provider'],
  /** The manager's list (unsigned sessions, co-signatures and REMS forms due): patient labels and dates, no clinical content. */
  'charting:tasks': ['provider', 'nurse', 'manager'],
  /** Spravato REMS records: patient enrollment, the clinic's certification, Patient Monitoring Forms and their submission. */
  'rems:manage': ['provider', 'nurse', 'manager'],
  /** The controlled-substance log: recorded by those who handle the drug, read also by managers who reconcile it. */
  'controlled:record': ['provider', 'nurse'],
  'controlled:read': ['provider', 'nurse', 'manager'],
  'charting:policy:publish': ['admin'],
  // Measurement-based care (issue 11). Scores and answers are clinical; the front desk hands out tablets and types
  // paper forms, so it sees which questionnaires are due and enters answers, never the scores.
  'questionnaire:due': ['provider', 'nurse', 'coordinator'],
  'questionnaire:enter': ['provider', 'nurse', 'coordinator'],
  /** A patient's outcomes: scores over time, response and remission per course. */
  'outcome:read': ['provider', 'nurse'],
  /** Positive risk answers: seen and acknowledged by clinicians; the manager sees that they are open. */
  'risk_alert:read': ['provider', 'nurse', 'manager'],
  'risk_alert:acknowledge': ['provider', 'nurse'],
  /** The practice's outcome report: counts and rates, no names. */
  'report:outcomes': ['admin', 'provider', 'manager'],
  /** Inviting a patient to the portal (an email and a one-time link). */
  'portal:invite': ['provider', 'coordinator', 'manager'],
  // Intake assessment: providers write and sign; nurses read the clinical record.
  'intake:read': ['provider', 'nurse'],
  'intake:write': ['provider'],
  'reference:read': [...ROLES],
  // Care path, coverage, authorizations and cost. The care path's suicide-risk detail is clinical (see presenters).
  'carepath:read': ['provider', 'nurse', 'coordinator', 'biller', 'manager'],
  'carepath:record': ['provider'],
  'payer:read': [...ROLES],
  'payer:manage': ['admin'],
  'coverage:write': ['coordinator', 'biller', 'manager'],
  'authorization:read': ['provider', 'coordinator', 'biller', 'manager'],
  'authorization:write': ['provider', 'coordinator', 'biller', 'manager'],
  /** The letter of medical necessity's text and PDF: written by providers, sent by billers, unread by others. */
  'authorization:letter:read': ['provider', 'biller'],
  'authorization:letter:write': ['provider'],
  'authorization:sign': ['provider'],
  'pricing:manage': ['admin', 'manager'],
  'estimate:write': ['coordinator', 'biller', 'manager'],
  // Reimbursement (issue 12). Billers work the revenue cycle; managers watch it (worklists and reports, no edits);
  // the front desk takes payments and prints statements. Appeal letters and superbills carry clinical facts
  // (diagnoses, trials, outcomes): billers only, as for letters of medical necessity.
  'billing:settings': ['admin', 'biller'],
  'fee:read': ['admin', 'biller', 'manager'],
  'fee:manage': ['admin', 'biller', 'manager'],
  'charge:read': ['biller', 'manager'],
  'charge:write': ['biller'],
  'claim:read': ['biller', 'manager'],
  'claim:write': ['biller'],
  'remittance:read': ['biller', 'manager'],
  'remittance:import': ['biller'],
  'denial:read': ['biller', 'manager'],
  'denial:work': ['biller'],
  'ledger:read': ['coordinator', 'biller', 'manager'],
  'payment:record': ['coordinator', 'biller', 'manager'],
  'payment:refund': ['biller', 'manager'],
  'superbill:print': ['biller'],
  'report:billing': ['admin', 'biller', 'manager'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
