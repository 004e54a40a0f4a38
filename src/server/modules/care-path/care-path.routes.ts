import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idParamsSchema } from '../../../contracts/common.js';
import {
  carePathViewSchema,
  diagnosisListSchema,
  patientRiskSchema,
  recommendationInputSchema,
  recommendationListSchema,
  recommendationSchema,
} from '../../../contracts/coverage.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './care-path.service.js';
import type { CarePathDeps } from './care-path.service.js';

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const carePathRoutes =
  (deps: CarePathDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/patients/:id/care-path', {
      config: { access: { permission: 'carepath:read' } },
      schema: {
        tags: ['care path'],
        summary: 'Treatment options with verdicts and reasons, and the coverage outlook per treatment',
        params: idParamsSchema,
        response: { 200: carePathViewSchema, ...errors },
      },
      handler: async (request) => service.carePathView(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.post('/api/patients/:id/care-path/recommendations', {
      config: { access: { permission: 'carepath:record' } },
      schema: {
        tags: ['care path'],
        summary: 'Record a recommendation (optionally the provider choosing another step, with a reason)',
        params: idParamsSchema,
        body: recommendationInputSchema,
        response: { 201: recommendationSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.recordRecommendation(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });

    app.get('/api/patients/:id/care-path/recommendations', {
      config: { access: { permission: 'carepath:read' } },
      schema: {
        tags: ['care path'],
        summary: 'Recorded recommendations, newest first',
        params: idParamsSchema,
        response: { 200: recommendationListSchema, ...errors },
      },
      handler: async (request) => service.listRecommendations(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.get('/api/patients/:id/risk', {
      config: { access: { permission: 'patient:read' } },
      schema: {
        tags: ['care path'],
        summary: "The patient's suicide risk now: urgent or not for everyone; the level and every signal for clinical staff",
        params: idParamsSchema,
        response: { 200: patientRiskSchema, ...errors },
      },
      handler: async (request) => service.patientRisk(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.get('/api/patients/:id/diagnoses', {
      config: { access: { permission: 'diagnosis:read' } },
      schema: {
        tags: ['care path'],
        summary: 'Diagnosis codes of the signed intake (what claims and authorizations need)',
        params: idParamsSchema,
        response: { 200: diagnosisListSchema, ...errors },
      },
      handler: async (request) => service.patientDiagnoses(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.get('/api/care-path/recommendations/:id', {
      config: { access: { permission: 'carepath:read' } },
      schema: {
        tags: ['care path'],
        summary: 'A recorded recommendation with the engine version and the policy versions it used',
        params: idParamsSchema,
        response: { 200: recommendationSchema, ...errors },
      },
      handler: async (request) => service.readRecommendation(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
  };
