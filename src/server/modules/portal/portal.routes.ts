import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { anyObjectSchema } from '../../../contracts/charting.js';
import { errorSchema, idParamsSchema, okSchema } from '../../../contracts/common.js';
import { portalAnswerSchema } from '../../../contracts/outcomes.js';
import {
  portalContactSchema,
  portalInviteSchema,
  portalLinkSchema,
  portalSignInLinkSchema,
  portalSignInSchema,
  portalTotpCodeSchema,
  portalVisitAnswerSchema,
} from '../../../contracts/portal.js';
import { PORTAL_COOKIE, auditContextOf, patientSessionOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './portal.service.js';
import type { PatientSessions, PortalDeps } from './portal.service.js';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const tags = ['portal'];
const portal = { access: { patient: true as const } };
const list = z.object({ items: z.array(anyObjectSchema) });

/**
 * The patient portal's API (`/api/portal/...`): its own sign-in and cookie (`stepwise_portal`), and only the signed-in
 * patient's own record. Staff invite patients from `/api/patients/:id/portal-invitation`.
 */
export const portalRoutes =
  (deps: PortalDeps & { cookieSecure: boolean; loginRatePerMinute: number }, sessions: PatientSessions): FastifyPluginAsyncZod =>
  async (app) => {
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.cookieSecure } as const;
    const limited = { rateLimit: { max: deps.loginRatePerMinute, timeWindow: '1 minute' } };

    // ---- Staff side ----
    app.post('/api/patients/:id/portal-invitation', {
      config: { access: { permission: 'portal:invite' } },
      schema: {
        tags,
        summary: 'Invite the patient to the portal: an email with a one-time link (7 days) to choose a password; a new one replaces an unused one',
        params: idParamsSchema,
        body: portalInviteSchema,
        response: { 201: anyObjectSchema, ...errors, 502: errorSchema },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.invite(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });
    app.get('/api/patients/:id/portal-account', {
      config: { access: { permission: 'portal:invite' } },
      schema: {
        tags,
        summary: 'Whether the patient was invited and has activated the portal',
        params: idParamsSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => service.accountStatus(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.post('/api/patients/:id/portal-account/totp-reset', {
      config: { access: { permission: 'portal:invite' } },
      schema: {
        tags,
        summary: 'Turn off the patient’s two-step sign-in (a lost phone) and end their portal sessions',
        params: idParamsSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => service.resetTotp(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    // ---- Signing in ----
    app.post('/api/portal/sign-in', {
      config: { access: { public: true }, ...limited },
      schema: {
        tags,
        summary: 'Sign in with email and password; sets the portal cookie',
        body: portalSignInSchema,
        response: { 200: anyObjectSchema, ...errors, 423: errorSchema },
      },
      handler: async (request, reply) => {
        const { token, response } = await service.signIn(deps, sessions, request.body, auditContextOf(request));
        void reply.setCookie(PORTAL_COOKIE, token, { ...cookieOptions, expires: new Date(response.expiresAt) });
        return response;
      },
    });
    app.post('/api/portal/link', {
      config: { access: { public: true }, ...limited },
      schema: {
        tags,
        summary: 'Follow a one-time link: with a password it activates the account (invitation), without one it signs in once (sign-in link)',
        body: portalLinkSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request, reply) => {
        const { token, response } = await service.useLink(deps, sessions, request.body, auditContextOf(request));
        void reply.setCookie(PORTAL_COOKIE, token, { ...cookieOptions, expires: new Date(response.expiresAt) });
        return response;
      },
    });
    app.post('/api/portal/sign-in-link', {
      config: { access: { public: true }, ...limited },
      schema: {
        tags,
        summary: 'Email a one-time sign-in link (30 minutes); the answer does not say whether the address has an account',
        body: portalSignInLinkSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => service.sendSignInLink(deps, request.body, auditContextOf(request)),
    });
    app.post('/api/portal/sign-out', {
      config: portal,
      schema: { tags, summary: 'End this portal session', response: { 200: okSchema, ...errors } },
      handler: async (request, reply) => {
        await service.signOut(deps, sessions, patientSessionOf(request), auditContextOf(request));
        void reply.clearCookie(PORTAL_COOKIE, cookieOptions);
        return { ok: true as const };
      },
    });

    // ---- The patient's own record ----
    app.get('/api/portal/me', {
      config: portal,
      schema: {
        tags,
        summary: 'The signed-in patient: name, contact details, language, clinics (and the CSRF token for writes)',
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => service.readMe(deps, patientSessionOf(request), auditContextOf(request)),
    });
    app.patch('/api/portal/me', {
      config: portal,
      schema: {
        tags,
        summary: 'Update contact details, reminder consents and language',
        body: portalContactSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => service.updateContact(deps, patientSessionOf(request), request.body, auditContextOf(request)),
    });
    app.post('/api/portal/totp/setup', {
      config: portal,
      schema: { tags, summary: 'Start two-step sign-in: a new authenticator secret (QR code and text)', response: { 200: anyObjectSchema, ...errors } },
      handler: async (request) => service.startTotp(deps, patientSessionOf(request), auditContextOf(request)),
    });
    app.post('/api/portal/totp/enable', {
      config: portal,
      schema: {
        tags,
        summary: 'Turn two-step sign-in on with a current code from the app',
        body: portalTotpCodeSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => service.enableTotp(deps, patientSessionOf(request), request.body.code, auditContextOf(request)),
    });
    app.post('/api/portal/totp/disable', {
      config: portal,
      schema: { tags, summary: 'Turn two-step sign-in off with a current code', body: portalTotpCodeSchema, response: { 200: anyObjectSchema, ...errors } },
      handler: async (request) => service.disableTotp(deps, patientSessionOf(request), request.body.code, auditContextOf(request)),
    });
    app.get('/api/portal/visits', {
      config: portal,
      schema: { tags, summary: 'Visits a year back and ahead: time, place and how to prepare', response: { 200: list, ...errors } },
      handler: async (request) => service.visits(deps, patientSessionOf(request), auditContextOf(request)),
    });
    app.post('/api/portal/visits/:id/answer', {
      config: portal,
      schema: {
        tags,
        summary: 'Confirm a booked visit, or ask the clinic to call to reschedule it',
        params: idParamsSchema,
        body: portalVisitAnswerSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => service.answerVisit(deps, patientSessionOf(request), request.params.id, request.body.action, auditContextOf(request)),
    });
    app.get('/api/portal/visits/:id/ics', {
      config: portal,
      schema: { tags, summary: 'The visit as a calendar file (.ics)', params: idParamsSchema },
      handler: async (request, reply) => {
        const ics = await service.visitIcs(deps, patientSessionOf(request), request.params.id, auditContextOf(request));
        return reply.header('content-disposition', 'attachment; filename="visit.ics"').type('text/calendar; charset=utf-8').send(ics);
      },
    });
    app.get('/api/portal/questionnaires', {
      config: portal,
      schema: { tags, summary: 'Questionnaires due now and those answered', response: { 200: list, ...errors } },
      handler: async (request) => service.questionnaires(deps, patientSessionOf(request), auditContextOf(request)),
    });
    app.get('/api/portal/questionnaires/:id', {
      config: portal,
      schema: { tags, summary: 'A questionnaire’s questions and answer choices', params: idParamsSchema, response: { 200: anyObjectSchema, ...errors } },
      handler: async (request) => service.questionnaire(deps, patientSessionOf(request), request.params.id, auditContextOf(request)),
    });
    app.post('/api/portal/questionnaires/:id/answers', {
      config: portal,
      schema: {
        tags,
        summary: 'Answer a due questionnaire; a PHQ-9 item 9 above 0 answers with crisis resources (988, 911) and alerts the clinic’s providers at once',
        params: idParamsSchema,
        body: portalAnswerSchema,
        response: { 201: anyObjectSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.answer(deps, patientSessionOf(request), request.params.id, request.body, auditContextOf(request))),
    });
    app.get('/api/portal/documents', {
      config: portal,
      schema: {
        tags,
        summary: 'The patient’s documents: estimates, Good Faith Estimates, shared letters, statements, receipts and superbills, newest first',
        response: { 200: list, ...errors },
      },
      handler: async (request) => service.documents(deps, patientSessionOf(request), auditContextOf(request)),
    });
    app.get('/api/portal/documents/estimates/:id.pdf', {
      config: portal,
      schema: { tags, summary: 'One of the patient’s estimates as a PDF', params: idParamsSchema },
      handler: async (request, reply) => {
        const pdf = await service.estimateDocument(deps, patientSessionOf(request), request.params.id, auditContextOf(request));
        return reply.type('application/pdf').header('content-disposition', 'inline; filename="estimate.pdf"').send(Buffer.from(pdf));
      },
    });
    app.get('/api/portal/documents/letters/:id.pdf', {
      config: portal,
      schema: { tags, summary: 'A signed letter the provider shared with the patient, as a PDF', params: idParamsSchema },
      handler: async (request, reply) => {
        const pdf = await service.letterDocument(deps, patientSessionOf(request), request.params.id, auditContextOf(request));
        return reply.type('application/pdf').header('content-disposition', 'inline; filename="letter.pdf"').send(Buffer.from(pdf));
      },
    });
    for (const kind of ['statement', 'receipt', 'superbill'] as const)
      app.get(`/api/portal/documents/${kind}s/:id.pdf`, {
        config: portal,
        schema: {
          tags,
          summary: `The patient’s own ${kind} as a PDF (${kind === 'statement' ? 'id “current”' : kind === 'superbill' ? 'id a month, YYYY-MM' : 'id the payment'})`,
          params: z.object({ id: z.string().max(40) }),
        },
        handler: async (request, reply) => {
          const pdf = await service.billingDocument(deps, patientSessionOf(request), kind, request.params.id, auditContextOf(request));
          return reply.type('application/pdf').header('content-disposition', `inline; filename="${kind}.pdf"`).send(Buffer.from(pdf));
        },
      });
    app.get('/api/portal/scores', {
      config: portal,
      schema: { tags, summary: 'The patient’s own scores over time, in plain words', response: { 200: anyObjectSchema, ...errors } },
      handler: async (request) => service.scores(deps, patientSessionOf(request), auditContextOf(request)),
    });
  };
