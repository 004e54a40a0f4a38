import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idParamsSchema, okSchema } from '../../../contracts/common.js';
import { passwordResetSchema, staffCreateSchema, staffSchema, staffUpdateSchema } from '../../../contracts/users.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './users.service.js';
import type { StaffDeps } from './users.service.js';

export const staffRoutes =
  (deps: StaffDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const access = { access: { permission: 'staff:manage' as const } };

    app.get('/api/staff', {
      config: access,
      schema: { tags: ['staff'], summary: 'Staff accounts', response: { 200: z.object({ items: z.array(staffSchema) }) } },
      handler: async (request) => ({ items: await service.listStaff(deps, sessionOf(request).user) }),
    });

    app.post('/api/staff', {
      config: access,
      schema: {
        tags: ['staff'],
        summary: 'Create a staff account',
        body: staffCreateSchema,
        response: { 201: staffSchema, 400: errorSchema, 409: errorSchema },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.createStaff(deps, sessionOf(request).user, request.body, auditContextOf(request))),
    });

    app.patch('/api/staff/:id', {
      config: access,
      schema: {
        tags: ['staff'],
        summary: 'Change role, clinics, or deactivate',
        params: idParamsSchema,
        body: staffUpdateSchema,
        response: { 200: staffSchema, 409: errorSchema },
      },
      handler: async (request) => service.updateStaff(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });

    app.post('/api/staff/:id/password', {
      config: access,
      schema: {
        tags: ['staff'],
        summary: 'Set a new password; ends their sessions',
        params: idParamsSchema,
        body: passwordResetSchema,
        response: { 200: okSchema },
      },
      handler: async (request) => {
        await service.resetPassword(deps, sessionOf(request).user, request.params.id, request.body.password, auditContextOf(request));
        return { ok: true as const };
      },
    });

    app.post('/api/staff/:id/unlock', {
      config: access,
      schema: { tags: ['staff'], summary: 'Lift a lock-out after failed logins', params: idParamsSchema, response: { 200: staffSchema } },
      handler: async (request) => service.unlockStaff(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.post('/api/staff/:id/totp/reset', {
      config: access,
      schema: { tags: ['staff'], summary: 'Clear a lost authenticator so they can enrol again', params: idParamsSchema, response: { 200: staffSchema } },
      handler: async (request) => service.resetStaffTotp(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
  };
