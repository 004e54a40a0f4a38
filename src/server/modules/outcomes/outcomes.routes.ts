import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { anyObjectSchema } from '../../../contracts/charting.js';
import { errorSchema, idParamsSchema } from '../../../contracts/common.js';
import { acknowledgeSchema, askQuestionnaireSchema, outcomeReportQuerySchema, staffAnswerSchema } from '../../../contracts/outcomes.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './outcomes.service.js';
import type { OutcomesDeps } from './outcomes.service.js';

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const tags = ['outcomes'];

export const outcomeRoutes =
  (deps: OutcomesDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/patients/:id/questionnaires', {
      config: { access: { permission: 'questionnaire:due' } },
      schema: {
        tags,
        summary: 'The patient’s questionnaires: due ones (created from their courses’ schedules) and answered ones (scores for clinical staff)',
        params: idParamsSchema,
        response: { 200: z.object({ items: z.array(anyObjectSchema) }), ...errors },
      },
      handler: async (request) => service.listForPatient(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.post('/api/patients/:id/questionnaires', {
      config: { access: { permission: 'questionnaire:enter' } },
      schema: {
        tags,
        summary: 'Ask the patient for a questionnaire now, outside the schedule',
        params: idParamsSchema,
        body: askQuestionnaireSchema,
        response: { 201: anyObjectSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.askQuestionnaire(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });
    app.get('/api/questionnaires/:id/form', {
      config: { access: { permission: 'questionnaire:enter' } },
      schema: {
        tags,
        summary: 'The questionnaire’s items and answer options, to hand to the patient on a tablet',
        params: idParamsSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => service.formForStaff(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.post('/api/questionnaires/:id/answers', {
      config: { access: { permission: 'questionnaire:enter' } },
      schema: {
        tags,
        summary: 'Enter answers (a paper form, or the patient on the clinic tablet); a PHQ-9 item 9 above 0 alerts the providers at once',
        params: idParamsSchema,
        body: staffAnswerSchema,
        response: { 201: anyObjectSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.enterAnswers(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });
    app.get('/api/risk-alerts', {
      config: { access: { permission: 'risk_alert:read' } },
      schema: {
        tags,
        summary: 'Open suicide-risk alerts from questionnaires at your clinics (and those acknowledged in the last day)',
        response: { 200: z.object({ items: z.array(anyObjectSchema) }) },
      },
      handler: async (request) => service.listAlerts(deps, sessionOf(request).user, auditContextOf(request)),
    });
    app.post('/api/risk-alerts/:id/acknowledge', {
      config: { access: { permission: 'risk_alert:acknowledge' } },
      schema: {
        tags,
        summary: 'A clinician acknowledges an alert, saying what was done',
        params: idParamsSchema,
        body: acknowledgeSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => service.acknowledgeAlert(deps, sessionOf(request).user, request.params.id, request.body.note, auditContextOf(request)),
    });
    app.get('/api/patients/:id/outcomes', {
      config: { access: { permission: 'outcome:read' } },
      schema: {
        tags,
        summary:
          'Scores over time with treatment visits, and per course the baseline, change, response and remission (with their sources) and the payer’s threshold',
        params: idParamsSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => service.patientOutcomes(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.get('/api/reports/outcomes', {
      config: { access: { permission: 'report:outcomes' } },
      schema: {
        tags,
        summary:
          'Practice outcomes by treatment and clinic for courses first treated in [from, to): counts, completion, drop-outs, median change, response and remission rates with their n; format=csv for a file',
        querystring: outcomeReportQuerySchema,
      },
      handler: async (request, reply) => {
        const q = request.query;
        const user = sessionOf(request).user;
        const report = await service.outcomeReport(
          deps,
          user,
          { from: q.from, to: q.to, treatment: q.treatment ?? null, locationId: q.locationId ?? null, instrument: q.instrument },
          auditContextOf(request),
        );
        if (q.format !== 'csv') return report;
        const csv = await service.reportCsvFor(deps.db, user.organizationId, report);
        return reply.header('content-disposition', `attachment; filename="outcomes-${q.from}-${q.to}.csv"`).type('text/csv; charset=utf-8').send(csv);
      },
    });
  };
