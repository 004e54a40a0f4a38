import { randomBytes } from 'node:crypto';
import type { SessionUser } from '../../../contracts/auth.js';
import { defined } from '../../../domain/defined.js';
import { OUTCOME_DEFINITIONS, type OutcomeInstrument } from '../../../domain/outcomes/outcomes.js';
import { formatUsPhone, normalizeUsPhone } from '../../../domain/patients/phone.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import type { PatientSession, PatientSessionResolver } from '../../platform/auth/auth.plugin.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../platform/auth/password.js';
import { hashToken } from '../../platform/auth/session-store.js';
import { newTotpSecret, totpQrCode, totpUri, verifyTotpStep } from '../../platform/auth/totp.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import type { PatientSender } from '../../platform/notifications/senders.js';
import { ownLetterPdf, ownSharedLetters } from '../authorizations/index.js';
import { ownBillingDocuments, ownBillingPdf } from '../billing/index.js';
import { ownEstimatePdf, ownEstimates } from '../estimates/index.js';
import { answerQuestionnaire, listForPortal, outcomesOf, questionnaireForm, questionnaireOf } from '../outcomes/index.js';
import { authorizePatient, patientBasics, updateOwnContact } from '../patients/index.js';
import { answerOwnVisit, ownVisitIcs, patientVisits } from '../scheduling/index.js';
import * as repo from './portal.repository.js';

export type PortalDeps = {
  db: Db;
  audit: AuditTrail;
  config: Pick<Config, 'publicBaseUrl' | 'session'>;
  senders: { email: PatientSender; sms: PatientSender };
};

/** A link to the portal lasts 7 days for an invitation, 30 minutes for a sign-in link (clinic defaults). */
const INVITATION_MS = 7 * 86_400_000;
const SIGN_IN_LINK_MS = 30 * 60_000;
/** Five wrong passwords in a row lock the account for 15 minutes. */
const MAX_FAILURES = 5;
const LOCK_MS = 15 * 60_000;
const IDLE_MS = 30 * 60_000;
const ABSOLUTE_MS = 12 * 3_600_000;

const newToken = () => randomBytes(32).toString('base64url');
const mask = (to: string) => to.replace(/.(?=.{4})/g, '•');

// ---- Sessions: the portal's own, never a staff session ----

export class PatientSessions implements PatientSessionResolver {
  constructor(private readonly db: Db) {}

  async create(patientId: string, meta: { ip: string | null; userAgent: string | null }) {
    const token = newToken();
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + ABSOLUTE_MS);
    await repo.insertSession(this.db, { tokenHash: hashToken(token), patientId, csrfToken, expiresAt, ...meta });
    return { token, csrfToken, expiresAt };
  }

  async resolve(token: string): Promise<PatientSession | null> {
    const tokenHash = hashToken(token);
    const row = await repo.findSession(this.db, tokenHash);
    if (!row || row.disabledAt) return null;
    const now = Date.now();
    if (new Date(row.expiresAt).getTime() <= now || new Date(row.lastSeenAt).getTime() + IDLE_MS <= now) {
      await repo.deleteSession(this.db, tokenHash);
      return null;
    }
    if (now - new Date(row.lastSeenAt).getTime() > 60_000) await repo.touchSession(this.db, tokenHash, new Date(now));
    return {
      tokenHash,
      csrfToken: row.csrfToken,
      patient: { id: row.patientId, organizationId: row.organizationId, email: row.email, displayName: row.displayName, language: row.language },
    };
  }

  async destroy(tokenHash: string) {
    await repo.deleteSession(this.db, tokenHash);
  }
}

// ---- Invitation and sign-in ----

/**
 * Staff invite a patient: an email with a one-time link (7 days) to choose a password. Sent at once through the
 * clinic's email transport; a new invitation replaces an unused one. The link is never shown to staff.
 */
export async function invite(
  deps: PortalDeps,
  user: SessionUser,
  patientId: string,
  input: { email?: string | undefined; language?: 'en' | 'es' | undefined; channel?: 'email' | 'sms' | undefined },
  ctx: AuditContext,
) {
  const grant = await authorizePatient(deps, user, patientId, ctx, 'portal.invite', 'portal:invite');
  const self = defined(await repo.patientSelf(deps.db, patientId));
  // The email is the patient's login name, whichever way the link travels.
  const email = (input.email ?? self.email ?? '').trim().toLowerCase();
  if (!email)
    throw badRequest('The patient has no email address on file: add one or send it with the invitation.', [{ path: 'email', message: 'is required' }]);
  const channel = input.channel ?? 'email';
  // A text goes only to a mobile number the patient agreed to receive texts on (the same consent as visit reminders).
  if (channel === 'sms' && (!self.phoneMobile || !self.reminderSms))
    throw badRequest('The patient has no mobile number with consent to texts on file: invite by email, or record the number and consent.', [
      { path: 'channel', message: 'needs a mobile number with consent to texts' },
    ]);
  const token = newToken();
  const account = await repo.accountOf(deps.db, patientId);
  await repo
    .upsertInvitation(deps.db, {
      patientId,
      organizationId: grant.facts.organizationId,
      email,
      linkTokenHash: hashToken(token),
      linkExpiresAt: new Date(Date.now() + INVITATION_MS),
      invitedBy: user.id,
      language: input.language ?? account?.language ?? 'en',
    })
    .catch((err: unknown) => {
      if ((err as { code?: string }).code === '23505')
        throw badRequest('Another patient’s portal account uses this email address.', [{ path: 'email', message: 'is already in use' }]);
      throw err;
    });
  const link = `${deps.config.publicBaseUrl}/portal/welcome#${token}`;
  const es = (input.language ?? account?.language) === 'es';
  const to = channel === 'sms' ? defined(self.phoneMobile) : email;
  try {
    if (channel === 'sms')
      await deps.senders.sms.send({
        to,
        subject: 'Portal',
        text: es
          ? `Su clínica le invita a su portal de paciente. Elija su contraseña (enlace de un solo uso, 7 días): ${link}`
          : `Your clinic invites you to your patient portal. Choose your password (one-time link, 7 days): ${link}`,
      });
    else
      await deps.senders.email.send({
        to: email,
        subject: es ? 'Su portal de paciente' : 'Your patient portal',
        text: es
          ? `Hola ${self.preferredName ?? self.legalGivenName}:\n\nSu clínica le invita a su portal de paciente: sus citas, cuestionarios, resultados y documentos.\nElija su contraseña aquí (el enlace vale 7 días y un solo uso):\n${link}\n\nSi no esperaba este mensaje, ignórelo.`
          : `Hello ${self.preferredName ?? self.legalGivenName},\n\nYour clinic invites you to your patient portal: your visits, check-in questionnaires, progress and documents.\nChoose your password here (the link works once, for 7 days):\n${link}\n\nIf you did not expect this message, you can ignore it.`,
      });
  } catch (err) {
    grant.done({ to: mask(to), channel, delivered: false });
    throw new AppError(502, 'delivery_failed', `The invitation could not be sent to ${mask(to)}: ${(err as Error).message}. Try again.`);
  }
  grant.done({ to: mask(to), channel, delivered: true });
  return {
    sentTo: mask(to),
    channel,
    transport: deps.senders[channel].transport,
    expiresAt: new Date(Date.now() + INVITATION_MS).toISOString(),
  };
}

/** The patient's portal account as staff see it (whether invited and active), never the password or link. */
export async function accountStatus(deps: PortalDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  const grant = await authorizePatient(deps, user, patientId, ctx, 'portal.account.read', 'portal:invite');
  const a = await repo.accountOf(deps.db, patientId);
  grant.done();
  return a
    ? {
        invited: true,
        email: a.email,
        active: a.activatedAt !== null,
        activatedAt: a.activatedAt && new Date(a.activatedAt).toISOString(),
        locked: !!a.lockedUntil && new Date(a.lockedUntil).getTime() > Date.now(),
        totpEnabled: a.totpEnabled,
      }
    : { invited: false, email: null, active: false, activatedAt: null, locked: false, totpEnabled: false };
}

const patientCtx = (ctx: AuditContext, a: { patientId: string; email: string }): AuditContext => ({
  ...ctx,
  actor: { id: a.patientId, email: a.email, role: 'patient' },
});

/**
 * The patient follows the link: with a password (at least 12 characters) it activates the account; without one it
 * signs in once (a one-time sign-in link). Either way the link is used up and a portal session starts.
 */
export async function useLink(deps: PortalDeps, sessions: PatientSessions, input: { token: string; password?: string | undefined }, ctx: AuditContext) {
  const hash = hashToken(input.token);
  const account = await deps.db.transaction(async (tx) => {
    const a = await repo.accountByLink(tx, hash);
    if (!a || a.disabledAt || !a.linkExpiresAt || new Date(a.linkExpiresAt).getTime() < Date.now()) return null;
    if (input.password) await repo.activate(tx, a.patientId, await hashPassword(input.password));
    else if (!a.passwordHash) return 'needs_password' as const;
    else await repo.useLink(tx, a.patientId);
    await deps.audit.recordWithin(tx, patientCtx(ctx, a), {
      action: input.password ? 'portal.activate' : 'portal.link_sign_in',
      outcome: 'success',
      entityType: 'patient_account',
      entityId: a.patientId,
      patientId: a.patientId,
    });
    return a;
  });
  if (account === 'needs_password') throw badRequest('Choose a password to finish setting up your account.', [{ path: 'password', message: 'is required' }]);
  if (!account)
    throw new AppError(400, 'invalid_input', 'This link has expired or was already used. Ask the clinic for a new one, or sign in with your password.', [
      { path: 'token', message: 'has expired or was used' },
    ]);
  return startSession(deps, sessions, account, ctx);
}

async function startSession(deps: PortalDeps, sessions: PatientSessions, a: repo.AccountRow, ctx: AuditContext) {
  const s = await sessions.create(a.patientId, { ip: ctx.ip, userAgent: ctx.userAgent });
  return { token: s.token, response: { csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString(), ...(await me(deps, a.patientId)) } };
}

const SIGN_IN_REFUSED = 'The email or password is not correct.';

/**
 * Sign in with email and password, and the code from an authenticator app when the patient turned the second factor
 * on; five failures in a row lock the account for 15 minutes.
 */
export async function signIn(
  deps: PortalDeps,
  sessions: PatientSessions,
  input: { email: string; password: string; totp?: string | undefined },
  ctx: AuditContext,
) {
  const email = input.email.trim().toLowerCase();
  const found = await repo.accountsByEmail(deps.db, email);
  const a = found.length === 1 ? (found[0] ?? null) : null;
  if (!a || !a.passwordHash || a.disabledAt) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    deps.audit.record(ctx, { action: 'portal.sign_in', outcome: 'failure', details: { email: mask(email), reason: 'unknown' } });
    throw new AppError(401, 'invalid_credentials', SIGN_IN_REFUSED);
  }
  if (a.lockedUntil && new Date(a.lockedUntil).getTime() > Date.now()) {
    deps.audit.record(patientCtx(ctx, a), { action: 'portal.sign_in', outcome: 'denied', patientId: a.patientId, details: { reason: 'locked' } });
    throw new AppError(401, 'invalid_credentials', 'Too many tries. Wait 15 minutes, or use “Email me a sign-in link”.');
  }
  // A wrong password or code counts toward the lock and is audited the same way.
  const failed = async (reason: 'password' | 'totp') => {
    const lock = a.failedLogins + 1 >= MAX_FAILURES ? new Date(Date.now() + LOCK_MS) : null;
    await repo.recordFailure(deps.db, a.patientId, lock);
    deps.audit.record(patientCtx(ctx, a), { action: 'portal.sign_in', outcome: 'failure', patientId: a.patientId, details: { reason } });
  };
  if (!(await verifyPassword(a.passwordHash, input.password))) {
    await failed('password');
    throw new AppError(401, 'invalid_credentials', SIGN_IN_REFUSED);
  }
  if (a.totpEnabled && a.totpSecret) {
    if (!input.totp) throw new AppError(401, 'totp_required', 'Enter the 6-digit code from your authenticator app.');
    const step = /^\d{6}$/.test(input.totp) ? await verifyTotpStep(a.totpSecret, input.totp) : null;
    if (step === null || !(await repo.claimTotpStep(deps.db, a.patientId, step))) {
      await failed('totp');
      throw new AppError(401, 'invalid_totp', 'That code is not right, or was already used. Wait for the next one.');
    }
  }
  await repo.recordSuccess(deps.db, a.patientId);
  deps.audit.record(patientCtx(ctx, a), {
    action: 'portal.sign_in',
    outcome: 'success',
    entityType: 'patient_account',
    entityId: a.patientId,
    patientId: a.patientId,
  });
  return startSession(deps, sessions, a, ctx);
}

/**
 * Emails a one-time sign-in link (30 minutes) to an activated account. Answers the same whether or not the address
 * has an account, so the form does not reveal who is a patient.
 */
export async function sendSignInLink(deps: PortalDeps, input: { email: string }, ctx: AuditContext) {
  const email = input.email.trim().toLowerCase();
  const found = await repo.accountsByEmail(deps.db, email);
  const a = found.length === 1 ? (found[0] ?? null) : null;
  if (a && a.activatedAt && !a.disabledAt) {
    const token = newToken();
    await repo.setLink(deps.db, a.patientId, hashToken(token), new Date(Date.now() + SIGN_IN_LINK_MS));
    const link = `${deps.config.publicBaseUrl}/portal/welcome#${token}`;
    await deps.senders.email
      .send({
        to: a.email,
        subject: a.language === 'es' ? 'Su enlace para entrar al portal' : 'Your sign-in link',
        text:
          a.language === 'es'
            ? `Use este enlace para entrar a su portal de paciente (vale 30 minutos y un solo uso):\n${link}\n\nSi no lo pidió, ignore este mensaje.`
            : `Use this link to sign in to your patient portal (it works once, for 30 minutes):\n${link}\n\nIf you did not ask for it, you can ignore this message.`,
      })
      .catch(() => undefined);
    deps.audit.record(patientCtx(ctx, a), { action: 'portal.sign_in_link', outcome: 'success', patientId: a.patientId });
  }
  return { ok: true as const, message: 'If this address has a portal account, a sign-in link is on its way.' };
}

export async function signOut(deps: PortalDeps, sessions: PatientSessions, session: PatientSession, ctx: AuditContext) {
  await sessions.destroy(session.tokenHash);
  deps.audit.record(ctx, { action: 'portal.sign_out', outcome: 'success', patientId: session.patient.id });
}

// ---- The patient's own record: every read audited with the patient as the actor ----

function audited(deps: PortalDeps, ctx: AuditContext, patientId: string, action: string, details?: Record<string, unknown>) {
  deps.audit.record(ctx, { action, outcome: 'success', entityType: 'patient', entityId: patientId, patientId, ...(details ? { details } : {}) });
}

export async function me(deps: Pick<PortalDeps, 'db'>, patientId: string) {
  const p = defined(await repo.patientSelf(deps.db, patientId));
  const a = defined(await repo.accountOf(deps.db, patientId));
  return {
    patient: {
      id: p.id,
      name: `${p.preferredName ?? p.legalGivenName} ${p.legalFamilyName}`,
      firstName: p.preferredName ?? p.legalGivenName,
      email: p.email,
      phoneMobile: p.phoneMobile ? formatUsPhone(p.phoneMobile) : null,
      reminderSms: p.reminderSms,
      reminderEmail: p.reminderEmail,
      language: a.language,
      loginEmail: a.email,
      totpEnabled: a.totpEnabled,
      clinics: p.clinics.map((c) => ({ ...c, phone: c.phone ? formatUsPhone(c.phone) : null })),
    },
  };
}

export async function readMe(deps: PortalDeps, s: PatientSession, ctx: AuditContext) {
  const out = await me(deps, s.patient.id);
  audited(deps, ctx, s.patient.id, 'portal.me.read');
  return { ...out, csrfToken: s.csrfToken };
}

export async function updateContact(
  deps: PortalDeps,
  s: PatientSession,
  input: {
    email?: string | null | undefined;
    phoneMobile?: string | null | undefined;
    reminderSms?: boolean | undefined;
    reminderEmail?: boolean | undefined;
    language?: 'en' | 'es' | undefined;
  },
  ctx: AuditContext,
) {
  const values: Parameters<typeof updateOwnContact>[2] = {};
  if (input.email !== undefined) values.email = input.email ? input.email.trim().toLowerCase() : null;
  if (input.phoneMobile !== undefined) {
    if (input.phoneMobile === null || input.phoneMobile.trim() === '') values.phoneMobile = null;
    else {
      const phone = normalizeUsPhone(input.phoneMobile);
      if (!phone.ok) throw badRequest(`The mobile number ${phone.reason}.`, [{ path: 'phoneMobile', message: phone.reason }]);
      values.phoneMobile = phone.e164;
    }
  }
  if (input.reminderSms !== undefined) values.reminderSms = input.reminderSms;
  if (input.reminderEmail !== undefined) values.reminderEmail = input.reminderEmail;
  if (input.language) values.preferredLanguage = input.language;
  await deps.db.transaction(async (tx) => {
    await updateOwnContact(tx, s.patient.id, values);
    if (input.language) await repo.setLanguage(tx, s.patient.id, input.language);
    await deps.audit.recordWithin(tx, ctx, {
      action: 'portal.contact.update',
      outcome: 'success',
      entityType: 'patient',
      entityId: s.patient.id,
      patientId: s.patient.id,
      details: { fields: Object.keys(values) },
    });
  });
  return me(deps, s.patient.id);
}

export async function visits(deps: PortalDeps, s: PatientSession, ctx: AuditContext) {
  const items = await patientVisits(deps.db, s.patient.id);
  audited(deps, ctx, s.patient.id, 'portal.visits.read', { count: items.length });
  return { items };
}

export async function answerVisit(deps: PortalDeps, s: PatientSession, appointmentId: string, action: 'confirm' | 'reschedule', ctx: AuditContext) {
  const v = await answerOwnVisit(deps, s.patient.id, appointmentId, action, ctx);
  if (!v) throw notFound('Visit');
  return v;
}

export async function visitIcs(deps: PortalDeps, s: PatientSession, appointmentId: string, ctx: AuditContext) {
  const ics = await ownVisitIcs(deps.db, s.patient.id, appointmentId);
  if (!ics) throw notFound('Visit');
  audited(deps, ctx, s.patient.id, 'portal.visit.ics', { appointmentId });
  return ics;
}

export async function questionnaires(deps: PortalDeps, s: PatientSession, ctx: AuditContext) {
  const items = await listForPortal(deps.db, s.patient.id);
  audited(deps, ctx, s.patient.id, 'portal.questionnaires.read', { count: items.length });
  return { items };
}

/** A questionnaire of the patient's own (404 for anyone else's: another patient's id reveals nothing). */
async function ownQuestionnaire(deps: PortalDeps, s: PatientSession, id: string) {
  const q = await questionnaireOf(deps.db, id);
  if (!q || q.patientId !== s.patient.id) throw notFound('Questionnaire');
  return q;
}

export async function questionnaire(deps: PortalDeps, s: PatientSession, id: string, ctx: AuditContext) {
  const q = await ownQuestionnaire(deps, s, id);
  audited(deps, ctx, s.patient.id, 'portal.questionnaire.read', { questionnaireId: id });
  return { id: q.id, status: q.status, dueOn: q.dueOn, form: questionnaireForm(q.instrument as OutcomeInstrument, s.patient.language) };
}

export async function answer(
  deps: PortalDeps,
  s: PatientSession,
  id: string,
  input: { answers: (number | null)[]; language?: 'en' | 'es' | undefined },
  ctx: AuditContext,
) {
  const q = await ownQuestionnaire(deps, s, id);
  if (q.status !== 'due') throw new AppError(409, 'already_answered', 'This questionnaire was already answered.');
  return answerQuestionnaire(deps, q, { answers: input.answers, language: input.language ?? s.patient.language }, { via: 'portal', enteredBy: null }, ctx);
}

const BAND_WORDS: Record<string, [number, string][]> = {
  // PHQ-9 bands 0-4, 5-9, 10-14, 15-19, 20-27 (domain §6.1); GAD-7 0-4, 5-9, 10-14, 15-21 (domain §6.2).
  'PHQ-9': [
    [20, 'severe depression symptoms'],
    [15, 'moderately severe depression symptoms'],
    [10, 'moderate depression symptoms'],
    [5, 'mild depression symptoms'],
    [0, 'minimal or no depression symptoms'],
  ],
  'GAD-7': [
    [15, 'severe anxiety symptoms'],
    [10, 'moderate anxiety symptoms'],
    [5, 'mild anxiety symptoms'],
    [0, 'minimal anxiety symptoms'],
  ],
  'PCL-5': [[0, 'PTSD symptoms (higher means more)']],
};

/** The patient's own scores in plain words: what each number means and how it changed since the course began. */
export async function scores(deps: PortalDeps, s: PatientSession, ctx: AuditContext) {
  const o = await outcomesOf(deps.db, s.patient.id);
  audited(deps, ctx, s.patient.id, 'portal.scores.read');
  return {
    series: o.series.map((series) => ({
      ...series,
      title: series.instrument === 'PHQ-9' ? 'Depression (PHQ-9)' : series.instrument === 'GAD-7' ? 'Anxiety (GAD-7)' : 'PTSD symptoms (PCL-5)',
      points: series.points.map((p) => ({
        ...p,
        words: (BAND_WORDS[series.instrument] ?? []).find(([min]) => p.total >= min)?.[1] ?? '',
      })),
    })),
    treatmentVisits: o.treatmentVisits,
    courses: o.courses.map((c) => ({
      id: c.id,
      protocolName: c.protocolName,
      status: c.status,
      summary: c.outcomes.map((x) => {
        const def = OUTCOME_DEFINITIONS[x.instrument];
        if (x.percentReduction === null || !x.baseline || !x.latest)
          return { instrument: x.instrument, text: `We need another ${x.instrument} to show your change since the start.` };
        const better = x.percentReduction > 0;
        return {
          instrument: x.instrument,
          text: `Your ${x.instrument} went from ${x.baseline.total} at the start to ${x.latest.total}: ${better ? `${x.percentReduction}% lower (lower is better)` : x.percentReduction === 0 ? 'no change yet' : `${-x.percentReduction}% higher`}.${
            x.response ? ' That is a response to treatment (at least half lower).' : ''
          }${x.remission && def.remissionBelow !== null ? ` A score below ${def.remissionBelow} means few or no symptoms.` : ''}`,
        };
      }),
    })),
  };
}

// ---- Documents ----

/**
 * The patient's documents: estimates and Good Faith Estimates, shared letters, and from billing the current statement,
 * each payment's receipt and a superbill per month of visits (for out-of-network claims).
 */
export async function documents(deps: PortalDeps, s: PatientSession, ctx: AuditContext) {
  const [estimates, letters, billing] = await Promise.all([
    ownEstimates(deps.db, s.patient.id),
    ownSharedLetters(deps.db, s.patient.id),
    ownBillingDocuments(deps.db, s.patient.id),
  ]);
  const items = [
    ...estimates.map((e) => ({ ...e, amountCents: null, url: `/api/portal/documents/estimates/${e.id}.pdf` })),
    ...letters.map((l) => ({
      ...l,
      kind: 'letter' as const,
      patientCents: null,
      amountCents: null,
      paymentPlan: [],
      url: `/api/portal/documents/letters/${l.id}.pdf`,
    })),
    ...billing.map((b) => ({
      id: b.id,
      kind: b.kind,
      title: b.title,
      createdAt: `${b.date}T12:00:00.000Z`,
      patientCents: null,
      amountCents: b.amountCents,
      paymentPlan: [],
      url: `/api/portal/documents/${b.kind}s/${b.id}.pdf`,
    })),
  ].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  audited(deps, ctx, s.patient.id, 'portal.documents.read', { count: items.length });
  return { items };
}

export async function estimateDocument(deps: PortalDeps, s: PatientSession, id: string, ctx: AuditContext) {
  const pdf = await ownEstimatePdf(deps.db, s.patient.id, id);
  if (!pdf) throw notFound('Document');
  audited(deps, ctx, s.patient.id, 'portal.document.read', { estimateId: id });
  return pdf;
}

// ---- The optional second factor (TOTP) ----

/** Starts turning on the second factor: a new secret, as a QR code and as text for typing. */
export async function startTotp(deps: PortalDeps, s: PatientSession, ctx: AuditContext) {
  const a = defined(await repo.accountOf(deps.db, s.patient.id));
  if (a.totpEnabled) throw new AppError(409, 'totp_already_enabled', 'Two-step sign-in is already on.');
  const secret = newTotpSecret();
  await repo.setTotp(deps.db, s.patient.id, secret, false);
  const uri = totpUri(secret, a.email);
  audited(deps, ctx, s.patient.id, 'portal.totp.setup');
  return { secret, otpauthUrl: uri, qrCode: await totpQrCode(uri) };
}

/** Turns it on once the patient types a current code from the app. */
export async function enableTotp(deps: PortalDeps, s: PatientSession, code: string, ctx: AuditContext) {
  const a = defined(await repo.accountOf(deps.db, s.patient.id));
  if (a.totpEnabled) throw new AppError(409, 'totp_already_enabled', 'Two-step sign-in is already on.');
  if (!a.totpSecret) throw new AppError(409, 'totp_not_started', 'Start the set-up first.');
  const step = await verifyTotpStep(a.totpSecret, code);
  if (step === null || !(await repo.claimTotpStep(deps.db, s.patient.id, step)))
    throw badRequest('That code is not right. Type the 6 digits your app shows now.', [
      { path: 'code', message: 'is not the current code from your authenticator app' },
    ]);
  await repo.setTotp(deps.db, s.patient.id, a.totpSecret, true);
  await repo.claimTotpStep(deps.db, s.patient.id, step);
  audited(deps, ctx, s.patient.id, 'portal.totp.enable');
  return { totpEnabled: true };
}

/** Turns it off, with a current code (so a borrowed phone with an open session cannot). */
export async function disableTotp(deps: PortalDeps, s: PatientSession, code: string, ctx: AuditContext) {
  const a = defined(await repo.accountOf(deps.db, s.patient.id));
  if (!a.totpEnabled || !a.totpSecret) throw new AppError(409, 'totp_not_started', 'Two-step sign-in is not on.');
  const step = await verifyTotpStep(a.totpSecret, code);
  if (step === null || !(await repo.claimTotpStep(deps.db, s.patient.id, step)))
    throw badRequest('That code is not right.', [{ path: 'code', message: 'is not the current code from your authenticator app' }]);
  await repo.setTotp(deps.db, s.patient.id, null, false);
  audited(deps, ctx, s.patient.id, 'portal.totp.disable');
  return { totpEnabled: false };
}

/** Staff turn a patient's two-step sign-in off (a lost phone), after checking who is asking; audited. */
export async function resetTotp(deps: PortalDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  const grant = await authorizePatient(deps, user, patientId, ctx, 'portal.totp.reset', 'portal:invite');
  if (!(await repo.accountOf(deps.db, patientId))) throw notFound('Portal account');
  await repo.setTotp(deps.db, patientId, null, false);
  await repo.deleteSessionsOf(deps.db, patientId);
  grant.done();
  return { totpEnabled: false };
}

/** The patient's own statement, receipt or superbill as a PDF; another patient's is not found. */
export async function billingDocument(deps: PortalDeps, s: PatientSession, kind: 'statement' | 'receipt' | 'superbill', id: string, ctx: AuditContext) {
  const basics = await patientBasics(deps.db, s.patient.id);
  const pdf = await ownBillingPdf(deps.db, s.patient.id, kind, id, basics?.timeZone ?? 'America/New_York');
  if (!pdf) throw notFound('Document');
  audited(deps, ctx, s.patient.id, 'portal.document.read', { kind, id });
  return pdf;
}

export async function letterDocument(deps: PortalDeps, s: PatientSession, id: string, ctx: AuditContext) {
  const pdf = await ownLetterPdf(deps.db, s.patient.id, id);
  if (!pdf) throw notFound('Document');
  audited(deps, ctx, s.patient.id, 'portal.document.read', { priorAuthorizationId: id });
  return pdf;
}
