import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idParamsSchema } from '../../../contracts/common.js';
import { patientCreateSchema, patientSchema, patientSearchQuerySchema, patientSearchResponseSchema, patientUpdateSchema } from '../../../contracts/patients.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './patients.service.js';
import type { PatientDeps } from './patients.service.js';

export const patientRoutes =
  (deps: PatientDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/patients', {
      config: { access: { permission: 'patient:read' } },
      schema: {
        tags: ['patients'],
        summary: 'Search patients: last-name prefix ("smi"), "family, given", "given family", date of birth, phone or MRN',
        querystring: patientSearchQuerySchema,
        response: { 200: patientSearchResponseSchema, 400: errorSchema },
      },
      handler: async (request) => service.searchPatients(deps, sessionOf(request).user, request.query, auditContextOf(request)),
    });

    app.post('/api/patients', {
      config: { access: { permission: 'patient:create' } },
      schema: { tags: ['patients'], summary: 'Register a patient', body: patientCreateSchema, response: { 201: patientSchema, 400: errorSchema } },
      handler: async (request, reply) => {
        const patient = await service.createPatient(deps, sessionOf(request).user, request.body, auditContextOf(request));
        return reply.status(201).send(patient);
      },
    });

    app.get('/api/patients/:id', {
      config: { access: { permission: 'patient:read' } },
      schema: { tags: ['patients'], summary: 'Read a patient', params: idParamsSchema, response: { 200: patientSchema, 403: errorSchema, 404: errorSchema } },
      handler: async (request) => service.readPatient(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.patch('/api/patients/:id', {
      config: { access: { permission: 'patient:update' } },
      schema: {
        tags: ['patients'],
        summary: 'Edit a patient; send the version you read, a stale version gets 409 and changes nothing',
        params: idParamsSchema,
        body: patientUpdateSchema,
        response: { 200: patientSchema, 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
      },
      handler: async (request) => service.updatePatient(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });
  };
