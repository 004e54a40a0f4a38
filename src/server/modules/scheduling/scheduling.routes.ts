import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idParamsSchema } from '../../../contracts/common.js';
import { appointmentListSchema } from '../../../contracts/intake.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './scheduling.service.js';
import type { SchedulingDeps } from './scheduling.service.js';

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema };

export const schedulingRoutes =
  (deps: SchedulingDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/patients/:id/appointments', {
      config: { access: { permission: 'appointment:read' } },
      schema: {
        tags: ['scheduling'],
        summary: "A patient's appointments, newest first",
        params: idParamsSchema,
        response: { 200: appointmentListSchema, ...errors },
      },
      handler: async (request) => service.listPatientAppointments(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
  };
