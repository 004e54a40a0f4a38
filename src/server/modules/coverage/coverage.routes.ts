import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idParamsSchema } from '../../../contracts/common.js';
import {
  benefitsCheckInputSchema,
  carePathViewSchema,
  coverageInputSchema,
  coverageListSchema,
  diagnosisListSchema,
  patientRiskSchema,
  payerListSchema,
  policyPublishSchema,
  policyVersionSchema,
  recommendationInputSchema,
  recommendationListSchema,
  recommendationSchema,
} from '../../../contracts/coverage.js';
import type { PolicyTerms } from '../../../domain/coverage/policy.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './coverage.service.js';
import type { CoverageDeps } from './coverage.service.js';

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const coverageRoutes =
  (deps: CoverageDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/payers', {
      config: { access: { permission: 'payer:read' } },
      schema: { tags: ['coverage'], summary: 'Payers, their plans and every version of their policies (newest first)', response: { 200: payerListSchema } },
      handler: async (request) => service.listPayers(deps, sessionOf(request).user),
    });

    app.post('/api/payers/:id/policies', {
      config: { access: { permission: 'payer:manage' } },
      schema: {
        tags: ['coverage'],
        summary: 'Publish a new version of a payer policy for a treatment (versions are never edited)',
        params: idParamsSchema,
        body: policyPublishSchema,
        response: { 201: policyVersionSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply
          .status(201)
          .send(
            await service.publishPolicy(
              deps,
              sessionOf(request).user,
              request.params.id,
              { ...request.body, terms: request.body.terms as PolicyTerms },
              auditContextOf(request),
            ),
          ),
    });

    app.get('/api/patients/:id/coverages', {
      config: { access: { permission: 'patient:read' } },
      schema: {
        tags: ['coverage'],
        summary: "A patient's coverages with their benefits checks",
        params: idParamsSchema,
        response: { 200: coverageListSchema, ...errors },
      },
      handler: async (request) => service.listCoverages(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.post('/api/patients/:id/coverages', {
      config: { access: { permission: 'coverage:write' } },
      schema: {
        tags: ['coverage'],
        summary: 'Add a coverage (primary or secondary)',
        params: idParamsSchema,
        body: coverageInputSchema,
        response: { 201: coverageListSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.addCoverage(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });

    app.post('/api/coverages/:id/benefits-checks', {
      config: { access: { permission: 'coverage:write' } },
      schema: {
        tags: ['coverage'],
        summary: 'Record what the payer said on a benefits check',
        params: idParamsSchema,
        body: benefitsCheckInputSchema,
        response: { 201: coverageListSchema, ...errors },
      },
      handler: async (request, reply) => {
        const b = request.body;
        return reply
          .status(201)
          .send(
            await service.recordBenefitsCheck(
              deps,
              sessionOf(request).user,
              request.params.id,
              { ...b, treatment: b.treatment ?? null, representative: b.representative ?? null, notes: b.notes ?? null },
              auditContextOf(request),
            ),
          );
      },
    });

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
