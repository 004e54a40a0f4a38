import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idParamsSchema, versionBodySchema } from '../../../contracts/common.js';
import { intakeAmendSchema, intakeAssessmentSchema, intakeCreateSchema, intakeListSchema, intakeUpdateSchema } from '../../../contracts/intake.js';
import { ICD10_CODES, searchDiagnosisCodes } from '../../../domain/intake/diagnoses.js';
import { MEDICATIONS } from '../../../domain/intake/medications.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './intake.service.js';
import type { IntakeDeps } from './intake.service.js';

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const intakeRoutes =
  (deps: IntakeDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/patients/:id/intake-assessments', {
      config: { access: { permission: 'intake:read' } },
      schema: {
        tags: ['intake'],
        summary: "A patient's intake assessments, newest first",
        params: idParamsSchema,
        response: { 200: intakeListSchema, ...errors },
      },
      handler: async (request) => service.listAssessments(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.post('/api/patients/:id/intake-assessments', {
      config: { access: { permission: 'intake:write' } },
      schema: {
        tags: ['intake'],
        summary: 'Start an intake assessment (a draft)',
        params: idParamsSchema,
        body: intakeCreateSchema,
        response: { 201: intakeAssessmentSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.createAssessment(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });

    app.get('/api/intake-assessments/:id', {
      config: { access: { permission: 'intake:read' } },
      schema: {
        tags: ['intake'],
        summary: 'An intake assessment with computed trial adequacy and scores',
        params: idParamsSchema,
        response: { 200: intakeAssessmentSchema, ...errors },
      },
      handler: async (request) => service.readAssessment(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.patch('/api/intake-assessments/:id', {
      config: { access: { permission: 'intake:write' } },
      schema: {
        tags: ['intake'],
        summary: 'Save a draft (send the version you read); a signed assessment is locked',
        params: idParamsSchema,
        body: intakeUpdateSchema,
        response: { 200: intakeAssessmentSchema, ...errors },
      },
      handler: async (request) => service.updateAssessment(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });

    app.post('/api/intake-assessments/:id/sign', {
      config: { access: { permission: 'intake:write' } },
      schema: {
        tags: ['intake'],
        summary: 'Sign and lock; stores the baseline scores and vitals as dated observations',
        params: idParamsSchema,
        body: versionBodySchema,
        response: { 200: intakeAssessmentSchema, ...errors },
      },
      handler: async (request) => service.signAssessment(deps, sessionOf(request).user, request.params.id, request.body.version, auditContextOf(request)),
    });

    app.post('/api/intake-assessments/:id/amendments', {
      config: { access: { permission: 'intake:write' } },
      schema: {
        tags: ['intake'],
        summary: 'Amend a signed assessment; the signed original is kept',
        params: idParamsSchema,
        body: intakeAmendSchema,
        response: { 200: intakeAssessmentSchema, ...errors },
      },
      handler: async (request) => service.amendAssessment(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });

    app.get('/api/reference/icd10', {
      config: { access: { permission: 'reference:read' } },
      schema: {
        tags: ['reference'],
        summary: 'ICD-10-CM codes this practice uses (search by code or words)',
        querystring: z.object({ q: z.string().max(100).optional() }),
        response: { 200: z.object({ items: z.array(z.object({ code: z.string(), description: z.string() })) }) },
      },
      handler: async (request) => ({ items: request.query.q ? searchDiagnosisCodes(request.query.q, 50) : [...ICD10_CODES] }),
    });

    app.get('/api/reference/medications', {
      config: { access: { permission: 'reference:read' } },
      schema: {
        tags: ['reference'],
        summary: 'Psychiatric medications with class and minimum effective daily dose (for trial adequacy)',
        response: {
          200: z.object({ items: z.array(z.object({ name: z.string(), class: z.string(), minEffectiveDailyDose: z.number().nullable(), unit: z.string() })) }),
        },
      },
      handler: async () => ({ items: [...MEDICATIONS] }),
    });
  };
