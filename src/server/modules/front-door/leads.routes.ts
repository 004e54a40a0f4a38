import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idParamsSchema, versionBodySchema } from '../../../contracts/common.js';
import {
  callAttemptInputSchema,
  closeLeadSchema,
  conversionResultSchema,
  convertLeadSchema,
  leadCreateSchema,
  leadDetailSchema,
  leadQueueQuerySchema,
  leadQueueSchema,
  metricsQuerySchema,
  metricsSchema,
  patientMatchQuerySchema,
  patientMatchSchema,
  providerListSchema,
} from '../../../contracts/front-door.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './leads.service.js';
import type { FrontDoorDeps } from './leads.service.js';

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const leadRoutes =
  (deps: FrontDoorDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/leads', {
      config: { access: { permission: 'lead:read' } },
      schema: {
        tags: ['leads'],
        summary: 'The lead queue: urgent first, then by the time the next call is due',
        querystring: leadQueueQuerySchema,
        response: { 200: leadQueueSchema, 403: errorSchema },
      },
      handler: async (request) => service.listQueue(deps, sessionOf(request).user, request.query, auditContextOf(request)),
    });

    app.post('/api/leads', {
      config: { access: { permission: 'lead:work' } },
      schema: { tags: ['leads'], summary: 'Enter a lead from a phone call', body: leadCreateSchema, response: { 201: leadDetailSchema, ...errors } },
      handler: async (request, reply) =>
        reply.status(201).send(await service.createPhoneLead(deps, sessionOf(request).user, request.body, auditContextOf(request))),
    });

    app.get('/api/leads/:id', {
      config: { access: { permission: 'lead:read' } },
      schema: {
        tags: ['leads'],
        summary: 'A lead with its calls, screening answers and booked intake',
        params: idParamsSchema,
        response: { 200: leadDetailSchema, ...errors },
      },
      handler: async (request) => service.readLead(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.post('/api/leads/:id/claim', {
      config: { access: { permission: 'lead:work' } },
      schema: {
        tags: ['leads'],
        summary: 'Claim a lead (send the version you read)',
        params: idParamsSchema,
        body: versionBodySchema,
        response: { 200: leadDetailSchema, ...errors },
      },
      handler: async (request) => service.claimLead(deps, sessionOf(request).user, request.params.id, request.body.version, auditContextOf(request)),
    });

    app.post('/api/leads/:id/attempts', {
      config: { access: { permission: 'lead:work' } },
      schema: {
        tags: ['leads'],
        summary: 'Log a call attempt and its outcome',
        params: idParamsSchema,
        body: callAttemptInputSchema,
        response: { 200: leadDetailSchema, ...errors },
      },
      handler: async (request) => service.logAttempt(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });

    app.post('/api/leads/:id/close', {
      config: { access: { permission: 'lead:work' } },
      schema: {
        tags: ['leads'],
        summary: 'Close a lead without converting it',
        params: idParamsSchema,
        body: closeLeadSchema,
        response: { 200: leadDetailSchema, ...errors },
      },
      handler: async (request) => service.closeLead(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });

    app.get('/api/leads/:id/patient-matches', {
      config: { access: { permission: 'lead:convert' } },
      schema: {
        tags: ['leads'],
        summary: 'Existing patients this lead may be: same phone, or same name and date of birth',
        params: idParamsSchema,
        querystring: patientMatchQuerySchema,
        response: { 200: patientMatchSchema, ...errors },
      },
      handler: async (request) => service.findMatches(deps, sessionOf(request).user, request.params.id, request.query, auditContextOf(request)),
    });

    app.post('/api/leads/:id/convert', {
      config: { access: { permission: 'lead:convert' } },
      schema: {
        tags: ['leads'],
        summary: 'Convert a lead: link or register the patient and book an intake consultation',
        params: idParamsSchema,
        body: convertLeadSchema,
        response: { 200: conversionResultSchema, ...errors },
      },
      handler: async (request) => service.convertLead(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });

    app.get('/api/providers', {
      config: { access: { permission: 'appointment:book' } },
      schema: { tags: ['leads'], summary: 'Active providers and their clinics, for booking', response: { 200: providerListSchema } },
      handler: async (request) => service.listProviders(deps, sessionOf(request).user),
    });

    app.get('/api/front-door/metrics', {
      config: { access: { permission: 'frontdoor:metrics' } },
      schema: {
        tags: ['leads'],
        summary: 'Per clinic and local day: leads, time to first call, share called within 10 minutes, conversions, urgent leads',
        querystring: metricsQuerySchema,
        response: { 200: metricsSchema, ...errors },
      },
      handler: async (request) => service.metrics(deps, sessionOf(request).user, request.query, auditContextOf(request)),
    });
  };
