import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idParamsSchema, okSchema } from '../../../contracts/common.js';
import {
  holidayInputSchema,
  holidaySchema,
  locationInputSchema,
  locationSchema,
  locationUpdateSchema,
  resourceInputSchema,
  resourceSchema,
  resourceUpdateSchema,
} from '../../../contracts/locations.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './locations.service.js';
import type { LocationDeps } from './locations.service.js';

const holidayParams = z.object({ id: z.uuid(), holidayId: z.uuid() });
const resourceParams = z.object({ id: z.uuid(), resourceId: z.uuid() });

export const locationRoutes =
  (deps: LocationDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/locations', {
      config: { access: { permission: 'location:read' } },
      schema: {
        tags: ['clinics'],
        summary: 'Clinics with hours, holidays, services and resources',
        response: { 200: z.object({ items: z.array(locationSchema) }) },
      },
      handler: async (request) => ({ items: await service.listLocations(deps, sessionOf(request).user) }),
    });

    app.get('/api/locations/:id', {
      config: { access: { permission: 'location:read' } },
      schema: { tags: ['clinics'], summary: 'One clinic', params: idParamsSchema, response: { 200: locationSchema, 404: errorSchema } },
      handler: async (request) => service.getLocation(deps, sessionOf(request).user, request.params.id),
    });

    app.post('/api/locations', {
      config: { access: { permission: 'location:manage' } },
      schema: { tags: ['clinics'], summary: 'Add a clinic', body: locationInputSchema, response: { 201: locationSchema, 400: errorSchema, 409: errorSchema } },
      handler: async (request, reply) =>
        reply.status(201).send(await service.createLocation(deps, sessionOf(request).user, request.body, auditContextOf(request))),
    });

    app.patch('/api/locations/:id', {
      config: { access: { permission: 'location:manage' } },
      schema: {
        tags: ['clinics'],
        summary: 'Edit a clinic (send the version you read)',
        params: idParamsSchema,
        body: locationUpdateSchema,
        response: { 200: locationSchema, 409: errorSchema },
      },
      handler: async (request) => service.updateLocation(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });

    app.post('/api/locations/:id/holidays', {
      config: { access: { permission: 'location:manage' } },
      schema: {
        tags: ['clinics'],
        summary: 'Close a clinic for a day',
        params: idParamsSchema,
        body: holidayInputSchema,
        response: { 201: holidaySchema, 409: errorSchema },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.addHoliday(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });

    app.delete('/api/locations/:id/holidays/:holidayId', {
      config: { access: { permission: 'location:manage' } },
      schema: { tags: ['clinics'], summary: 'Remove a holiday', params: holidayParams, response: { 200: okSchema } },
      handler: async (request) => {
        await service.removeHoliday(deps, sessionOf(request).user, request.params.id, request.params.holidayId, auditContextOf(request));
        return { ok: true as const };
      },
    });

    app.post('/api/locations/:id/resources', {
      config: { access: { permission: 'location:manage' } },
      schema: {
        tags: ['clinics'],
        summary: 'Add a treatment resource (chair, TMS device, observation room)',
        params: idParamsSchema,
        body: resourceInputSchema,
        response: { 201: resourceSchema, 409: errorSchema },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.addResource(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });

    app.patch('/api/locations/:id/resources/:resourceId', {
      config: { access: { permission: 'location:manage' } },
      schema: {
        tags: ['clinics'],
        summary: 'Rename or retire a resource',
        params: resourceParams,
        body: resourceUpdateSchema,
        response: { 200: resourceSchema },
      },
      handler: async (request) =>
        service.changeResource(deps, sessionOf(request).user, request.params.id, request.params.resourceId, request.body, auditContextOf(request)),
    });
  };
