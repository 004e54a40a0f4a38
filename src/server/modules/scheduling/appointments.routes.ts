import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  appointmentMoveResultSchema,
  appointmentMoveSchema,
  attachedVisitSchema,
  boardQuerySchema,
  boardSchema,
  calendarQuerySchema,
  calendarSchema,
  cancelResultSchema,
  cancelSchema,
  courseBookingResultSchema,
  courseBookingSchema,
  courseVisitsSchema,
  rescheduleSchema,
  staffAvailabilitySchema,
  staffLocationParamsSchema,
  timeOffInputSchema,
  timeOffParamsSchema,
  timeOffSchema,
  visitSchema,
  workingHoursSchema,
} from '../../../contracts/appointments.js';
import { errorSchema, idParamsSchema, okSchema } from '../../../contracts/common.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './appointments.service.js';
import * as availability from './availability.service.js';
import type { SchedulingDeps } from './scheduling.service.js';
import type { BoardEvents } from './board-events.js';
import { AppError } from '../../platform/errors.js';

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema };

/** Booking and running treatment visits, the day board, and staff availability (issue 9). */
export const appointmentRoutes =
  (deps: SchedulingDeps, boardEvents: BoardEvents): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/api/courses/:id/appointments', {
      config: { access: { permission: 'appointment:book' } },
      schema: {
        tags: ['scheduling'],
        summary: "Book a course's next visits as one series (an accepted plan, any visit moved): all or none",
        params: idParamsSchema,
        body: courseBookingSchema,
        response: { 201: courseBookingResultSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.bookCourseVisits(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });

    app.post('/api/courses/:id/attached-visits', {
      config: { access: { permission: 'appointment:book' } },
      schema: {
        tags: ['scheduling'],
        summary: "Book a visit alongside a course (a protocol visit type outside its phases, such as KAP's integration therapy)",
        params: idParamsSchema,
        body: attachedVisitSchema,
        response: { 201: visitSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.bookAlongside(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });

    app.get('/api/courses/:id/visits', {
      config: { access: { permission: 'course:read' } },
      schema: {
        tags: ['scheduling'],
        summary: "A course's timeline: every visit with status, resource and staff, and the authorization meter",
        params: idParamsSchema,
        response: { 200: courseVisitsSchema, ...errors },
      },
      handler: async (request) => service.listCourseVisits(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.get('/api/appointments/:id', {
      config: { access: { permission: 'appointment:read' } },
      schema: { tags: ['scheduling'], summary: 'One appointment', params: idParamsSchema, response: { 200: visitSchema, ...errors } },
      handler: async (request) => service.readAppointment(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.post('/api/appointments/:id/reschedule', {
      config: { access: { permission: 'appointment:book' } },
      schema: {
        tags: ['scheduling'],
        summary: 'Move a visit to another date and time (clinic wall clock), optionally another resource or staff',
        params: idParamsSchema,
        body: rescheduleSchema,
        response: { 200: visitSchema, ...errors },
      },
      handler: async (request) => service.rescheduleAppointment(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });

    app.post('/api/appointments/:id/cancel', {
      config: { access: { permission: 'appointment:book' } },
      schema: {
        tags: ['scheduling'],
        summary: 'Cancel a visit (or the rest of its series) with a reason; late cancellations are flagged',
        params: idParamsSchema,
        body: cancelSchema,
        response: { 200: cancelResultSchema, ...errors },
      },
      handler: async (request) => service.cancelAppointment(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });

    app.post('/api/appointments/:id/status', {
      config: { access: { permission: 'appointment:checkin' } },
      schema: {
        tags: ['scheduling'],
        summary: 'Check in, start, observe, ready for discharge, complete, or no-show (treatment moves: providers and nurses)',
        params: idParamsSchema,
        body: appointmentMoveSchema,
        response: { 200: appointmentMoveResultSchema, ...errors },
      },
      handler: async (request) => service.moveAppointment(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });

    app.get('/api/locations/:id/board', {
      config: { access: { permission: 'board:read' } },
      schema: {
        tags: ['scheduling'],
        summary: "A clinic's day: every chair, device and room with who is in it and their status",
        params: idParamsSchema,
        querystring: boardQuerySchema,
        response: { 200: boardSchema, ...errors },
      },
      handler: async (request) => service.dayBoard(deps, sessionOf(request).user, request.params.id, request.query.date, auditContextOf(request)),
    });

    // Server-sent events: "changed" whenever the clinic's visits change, so a board refetches at once (no patient data
    // travels on the stream; the refetch is the audited read). A client that does not ask for an event stream gets 406.
    app.get('/api/locations/:id/board/stream', {
      config: { access: { permission: 'board:read' } },
      schema: {
        tags: ['scheduling'],
        summary: "Live changes of a clinic's day board (text/event-stream)",
        params: idParamsSchema,
        response: { ...errors, 406: errorSchema },
      },
      handler: async (request, reply) => {
        if (!(request.headers.accept ?? '').includes('text/event-stream'))
          throw new AppError(406, 'not_acceptable', 'This route streams server-sent events: send Accept: text/event-stream.');
        await service.authorizeBoardStream(deps, sessionOf(request).user, request.params.id, auditContextOf(request));
        reply.hijack();
        const out = reply.raw;
        out.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
        out.write(': connected\n\n');
        let unsubscribe: () => void;
        try {
          unsubscribe = await boardEvents.subscribe(request.params.id, () => out.write('event: changed\ndata: {}\n\n'));
        } catch (err) {
          // No listener (the database refused LISTEN): end the stream; the board falls back to polling.
          request.log.error({ err }, 'board stream could not listen');
          out.end();
          return;
        }
        const ping = setInterval(() => out.write(': ping\n\n'), 25_000);
        request.raw.on('close', () => {
          clearInterval(ping);
          unsubscribe();
        });
      },
    });

    app.get('/api/locations/:id/calendar', {
      config: { access: { permission: 'board:read' } },
      schema: {
        tags: ['scheduling'],
        summary: "A clinic's visits over 1-7 days, optionally one resource's or one staff member's (day and week calendars)",
        params: idParamsSchema,
        querystring: calendarQuerySchema,
        response: { 200: calendarSchema, ...errors },
      },
      handler: async (request) => service.clinicCalendarView(deps, sessionOf(request).user, request.params.id, request.query, auditContextOf(request)),
    });

    app.get('/api/locations/:id/staff-availability', {
      config: { access: { permission: 'availability:read' } },
      schema: {
        tags: ['scheduling'],
        summary: "A clinic's providers and nurses: working hours there and time off ahead",
        params: idParamsSchema,
        response: { 200: staffAvailabilitySchema, ...errors },
      },
      handler: async (request) => availability.staffAvailability(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.put('/api/locations/:locationId/staff/:id/hours', {
      config: { access: { permission: 'availability:manage' } },
      schema: {
        tags: ['scheduling'],
        summary: "Set a staff member's working hours at a clinic (null: the clinic's opening hours)",
        params: staffLocationParamsSchema,
        body: workingHoursSchema,
        response: { 200: staffAvailabilitySchema, ...errors },
      },
      handler: async (request) =>
        availability.setWorkingHours(deps, sessionOf(request).user, request.params.id, request.params.locationId, request.body.hours, auditContextOf(request)),
    });

    app.post('/api/locations/:locationId/staff/:id/time-off', {
      config: { access: { permission: 'availability:manage' } },
      schema: {
        tags: ['scheduling'],
        summary: 'Record time off for a staff member',
        params: staffLocationParamsSchema,
        body: timeOffInputSchema,
        response: { 201: timeOffSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply
          .status(201)
          .send(
            await availability.addTimeOff(deps, sessionOf(request).user, request.params.id, request.params.locationId, request.body, auditContextOf(request)),
          ),
    });

    app.delete('/api/locations/:locationId/staff/:id/time-off/:timeOffId', {
      config: { access: { permission: 'availability:manage' } },
      schema: { tags: ['scheduling'], summary: 'Remove time off', params: timeOffParamsSchema, response: { 200: okSchema, ...errors } },
      handler: async (request) =>
        availability.removeTimeOff(
          deps,
          sessionOf(request).user,
          request.params.id,
          request.params.locationId,
          request.params.timeOffId,
          auditContextOf(request),
        ),
    });
  };
