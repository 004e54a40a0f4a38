import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idParamsSchema } from '../../../contracts/common.js';
import {
  courseCreateSchema,
  courseListSchema,
  coursePlanRequestSchema,
  coursePlanSchema,
  courseSchema,
  courseStatusChangeSchema,
  coursePayerLinkSchema,
} from '../../../contracts/protocols.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './courses.service.js';
import type { SchedulingDeps } from './scheduling.service.js';

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const courseRoutes =
  (deps: SchedulingDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/api/patients/:id/courses', {
      config: { access: { permission: 'course:write' } },
      schema: {
        tags: ['scheduling'],
        summary: 'Start a treatment course on a protocol, at a clinic, from a care-path recommendation (or a reason to differ)',
        params: idParamsSchema,
        body: courseCreateSchema,
        response: { 201: courseSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.startCourse(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });

    app.get('/api/patients/:id/courses', {
      config: { access: { permission: 'course:read' } },
      schema: {
        tags: ['scheduling'],
        summary: "A patient's treatment courses, newest first",
        params: idParamsSchema,
        response: { 200: courseListSchema, ...errors },
      },
      handler: async (request) => service.listCourses(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.get('/api/courses/:id', {
      config: { access: { permission: 'course:read' } },
      schema: {
        tags: ['scheduling'],
        summary: 'A treatment course: protocol version, status, visits done and booked, the authorization it counts against',
        params: idParamsSchema,
        response: { 200: courseSchema, ...errors },
      },
      handler: async (request) => service.readCourse(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.post('/api/courses/:id/status', {
      config: { access: { permission: 'course:write' } },
      schema: {
        tags: ['scheduling'],
        summary: 'Move a course: planned -> active -> on hold / completed / stopped (holding or stopping says why)',
        params: idParamsSchema,
        body: courseStatusChangeSchema,
        response: { 200: courseSchema, ...errors },
      },
      handler: async (request) => service.moveCourse(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });

    app.post('/api/courses/:id/payer-link', {
      config: { access: { permission: 'course:link' } },
      schema: {
        tags: ['scheduling'],
        summary: "Count the course against another approval or referral of the patient's (an extension), or none",
        params: idParamsSchema,
        body: coursePayerLinkSchema,
        response: { 200: courseSchema, ...errors },
      },
      handler: async (request) => service.relinkCourse(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });

    app.post('/api/courses/:id/plan', {
      config: { access: { permission: 'course:plan' } },
      schema: {
        tags: ['scheduling'],
        summary: 'Propose every remaining visit of a course (nothing is booked): dates, times, resource and staff, or the rule that blocks',
        params: idParamsSchema,
        body: coursePlanRequestSchema,
        response: { 200: coursePlanSchema, ...errors },
      },
      handler: async (request) => service.planCourse(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });
  };
