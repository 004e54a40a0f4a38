import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  expiringSchema,
  letterAmendSchema,
  letterUpdateSchema,
  priorAuthorizationCreateSchema,
  priorAuthorizationListSchema,
  priorAuthorizationSchema,
  sessionUseSchema,
  statusChangeSchema,
  usageQuerySchema,
  vaReferralInputSchema,
  vaReferralListSchema,
  vaReferralSchema,
  vaStepsUpdateSchema,
} from '../../../contracts/authorizations.js';
import { errorSchema, idParamsSchema, versionBodySchema } from '../../../contracts/common.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './authorizations.service.js';
import type { AuthorizationDeps } from './authorizations.service.js';

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const authorizationRoutes =
  (deps: AuthorizationDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/patients/:id/prior-authorizations', {
      config: { access: { permission: 'authorization:read' } },
      schema: {
        tags: ['authorizations'],
        summary: "A patient's prior authorizations with their history and session counts",
        params: idParamsSchema,
        response: { 200: priorAuthorizationListSchema, ...errors },
      },
      handler: async (request) => service.listPriorAuthorizations(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.post('/api/patients/:id/prior-authorizations', {
      config: { access: { permission: 'authorization:write' } },
      schema: {
        tags: ['authorizations'],
        summary: 'Start a prior authorization; drafts the letter of medical necessity from the chart',
        params: idParamsSchema,
        body: priorAuthorizationCreateSchema,
        response: { 201: priorAuthorizationSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.createPriorAuthorization(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });
    app.get('/api/prior-authorizations/:id', {
      config: { access: { permission: 'authorization:read' } },
      schema: {
        tags: ['authorizations'],
        summary: 'A prior authorization; with a planned course (query) it warns when the plan runs past the approval',
        params: idParamsSchema,
        querystring: usageQuerySchema,
        response: { 200: priorAuthorizationSchema, ...errors },
      },
      handler: async (request) => service.readPriorAuthorization(deps, sessionOf(request).user, request.params.id, request.query, auditContextOf(request)),
    });
    app.patch('/api/prior-authorizations/:id/letter', {
      config: { access: { permission: 'authorization:letter:write' } },
      schema: {
        tags: ['authorizations'],
        summary: 'Edit the letter (until it is signed)',
        params: idParamsSchema,
        body: letterUpdateSchema,
        response: { 200: priorAuthorizationSchema, ...errors },
      },
      handler: async (request) => service.updateLetter(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });
    app.post('/api/prior-authorizations/:id/letter/amendments', {
      config: { access: { permission: 'authorization:sign' } },
      schema: {
        tags: ['authorizations'],
        summary: 'Amend a signed letter with a reason; the signed original is kept',
        params: idParamsSchema,
        body: letterAmendSchema,
        response: { 200: priorAuthorizationSchema, ...errors },
      },
      handler: async (request) => service.amendLetter(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });
    app.post('/api/prior-authorizations/:id/letter/sign', {
      config: { access: { permission: 'authorization:sign' } },
      schema: {
        tags: ['authorizations'],
        summary: 'The provider signs the letter; it is then locked',
        params: idParamsSchema,
        body: versionBodySchema,
        response: { 200: priorAuthorizationSchema, ...errors },
      },
      handler: async (request) => service.signLetter(deps, sessionOf(request).user, request.params.id, request.body.version, auditContextOf(request)),
    });
    app.post('/api/prior-authorizations/:id/letter/share', {
      config: { access: { permission: 'authorization:letter:write' } },
      schema: {
        tags: ['authorizations'],
        summary: 'Let the patient read the signed letter in the patient portal',
        params: idParamsSchema,
        response: { 200: priorAuthorizationSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
      },
      handler: async (request) => service.shareLetter(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.get('/api/prior-authorizations/:id/letter.pdf', {
      config: { access: { permission: 'authorization:letter:read' } },
      schema: { tags: ['authorizations'], summary: 'The letter of medical necessity as a PDF', params: idParamsSchema },
      handler: async (request, reply) => {
        const pdf = await service.letterPdf(deps, sessionOf(request).user, request.params.id, auditContextOf(request));
        return reply.type('application/pdf').header('content-disposition', `inline; filename="letter-of-medical-necessity.pdf"`).send(Buffer.from(pdf));
      },
    });
    app.post('/api/prior-authorizations/:id/status', {
      config: { access: { permission: 'authorization:write' } },
      schema: {
        tags: ['authorizations'],
        summary: 'Submitted, more information requested, approved (number, sessions, dates) or denied (reason)',
        params: idParamsSchema,
        body: statusChangeSchema,
        response: { 200: priorAuthorizationSchema, ...errors },
      },
      handler: async (request) => service.changeStatus(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });
    app.post('/api/prior-authorizations/:id/sessions', {
      config: { access: { permission: 'authorization:write' } },
      schema: {
        tags: ['authorizations'],
        summary: 'Count a session against the approval (refused past the approved sessions or dates)',
        params: idParamsSchema,
        body: sessionUseSchema,
        response: { 200: priorAuthorizationSchema, ...errors },
      },
      handler: async (request) => service.recordPaSession(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });

    app.post('/api/prior-authorizations/:id/extension', {
      config: { access: { permission: 'authorization:write' } },
      schema: {
        tags: ['authorizations'],
        summary: 'Start an extension request for an approval running out: a new draft linked to it, its letter drafted from the chart',
        params: idParamsSchema,
        response: { 201: priorAuthorizationSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.requestExtension(deps, sessionOf(request).user, request.params.id, auditContextOf(request))),
    });

    app.get('/api/patients/:id/va-referrals', {
      config: { access: { permission: 'authorization:read' } },
      schema: {
        tags: ['authorizations'],
        summary: "A veteran's VA Community Care referrals",
        params: idParamsSchema,
        response: { 200: vaReferralListSchema, ...errors },
      },
      handler: async (request) => service.listVaReferrals(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.post('/api/patients/:id/va-referrals', {
      config: { access: { permission: 'authorization:write' } },
      schema: {
        tags: ['authorizations'],
        summary: 'Record a VA Community Care referral (number, SEOC, authorized visits, validity, steps)',
        params: idParamsSchema,
        body: vaReferralInputSchema,
        response: { 201: vaReferralListSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.createVaReferral(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });
    app.patch('/api/va-referrals/:id/steps', {
      config: { access: { permission: 'authorization:write' } },
      schema: {
        tags: ['authorizations'],
        summary: "Date the veteran's steps: consult, referral, documentation, approval, scheduling",
        params: idParamsSchema,
        body: vaStepsUpdateSchema,
        response: { 200: vaReferralSchema, ...errors },
      },
      handler: async (request) => service.updateVaSteps(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });
    app.post('/api/va-referrals/:id/sessions', {
      config: { access: { permission: 'authorization:write' } },
      schema: {
        tags: ['authorizations'],
        summary: 'Count a visit against the referral',
        params: idParamsSchema,
        body: sessionUseSchema,
        response: { 200: vaReferralSchema, ...errors },
      },
      handler: async (request) => service.recordVaSession(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });
    app.get('/api/authorizations/expiring', {
      config: { access: { permission: 'authorization:read' } },
      schema: { tags: ['authorizations'], summary: 'Approvals and referrals that end or run out within two weeks', response: { 200: expiringSchema } },
      handler: async (request) => service.expiring(deps, sessionOf(request).user, auditContextOf(request)),
    });
  };
