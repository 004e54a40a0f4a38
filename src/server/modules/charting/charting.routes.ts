import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  adverseEventSchema,
  alertActionSchema,
  amendmentSchema,
  anyObjectSchema,
  chartingPolicySchema,
  controlledEntrySchema,
  deviceInputSchema,
  dischargeSchema,
  formSubmissionSchema,
  ketamineOrderSchema,
  ledgerQuerySchema,
  motorThresholdSchema,
  openSessionSchema,
  preCheckSchema,
  remsCertificationSchema,
  remsEnrollmentSchema,
  riskCheckSchema,
  sessionViewSchema,
  signSchema,
  spravatoDoseSchema,
  therapyNoteSchema,
  tmsRecordSchema,
  treatmentMarkSchema,
  vitalsInputSchema,
} from '../../../contracts/charting.js';
import { errorSchema, idParamsSchema, versionBodySchema } from '../../../contracts/common.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import { authorizePatient } from '../patients/index.js';
import * as service from './charting.service.js';
import type { ChartingDeps } from './charting.service.js';

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema };
const tags = ['charting'];
const alertParamsSchema = z.object({ id: z.uuid(), alertId: z.uuid() });

/** Session charting at the chair (issue 10): one chart per visit, its readings, doses, devices, discharge and signatures. */
export const chartingRoutes =
  (deps: ChartingDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const session = { 200: sessionViewSchema, ...errors };
    const write = (
      path: string,
      summary: string,
      permission: 'session:chart' | 'session:order' | 'session:cosign',
      body: z.ZodType,
      run: (
        user: Parameters<typeof service.readSession>[1],
        id: string,
        body: never,
        ctx: ReturnType<typeof auditContextOf>,
      ) => ReturnType<typeof service.readSession>,
    ) =>
      app.post(path, {
        config: { access: { permission } },
        schema: { tags, summary, params: idParamsSchema, body, response: session },
        handler: async (request) => run(sessionOf(request).user, request.params.id, request.body as never, auditContextOf(request)),
      });

    app.post('/api/treatment-sessions', {
      config: { access: { permission: 'session:chart' } },
      schema: { tags, summary: 'Open the chart of a checked-in visit (idempotent: answers the existing chart)', body: openSessionSchema, response: session },
      handler: async (request) => service.openSession(deps, sessionOf(request).user, request.body.appointmentId, auditContextOf(request)),
    });
    app.get('/api/treatment-sessions/:id', {
      config: { access: { permission: 'session:read' } },
      schema: {
        tags,
        summary: 'The whole chart: dose with its inputs, readings and schedule, alerts, devices, discharge criteria',
        params: idParamsSchema,
        response: session,
      },
      handler: async (request) => service.readSession(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.post('/api/treatment-sessions/:id/vitals', {
      config: { access: { permission: 'session:chart' } },
      schema: {
        tags,
        summary: 'Record one reading (any subset of the measures, at least one); answers it with the threshold alerts it raised',
        params: idParamsSchema,
        body: vitalsInputSchema,
        response: { 201: anyObjectSchema, 200: anyObjectSchema, ...errors },
      },
      handler: async (request, reply) => {
        const result = await service.recordVitals(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request));
        return reply.status(result.duplicate ? 200 : 201).send(result);
      },
    });
    write('/api/treatment-sessions/:id/pre-check', 'The pre-treatment check', 'session:chart', preCheckSchema, (u, id, b, c) =>
      service.recordPreCheck(deps, u, id, b, c),
    );
    write(
      '/api/treatment-sessions/:id/risk-check',
      'The suicide-risk check (PHQ-9 item 9 or the C-SSRS screener)',
      'session:chart',
      riskCheckSchema,
      (u, id, b, c) => service.recordRiskCheck(deps, u, id, b, c),
    );
    write(
      '/api/treatment-sessions/:id/order',
      'The provider’s ketamine order; the dose is computed from the latest weight',
      'session:order',
      ketamineOrderSchema,
      (u, id, b, c) => service.setKetamineOrder(deps, u, id, b, c),
    );
    write(
      '/api/treatment-sessions/:id/dose-confirmation',
      'A second person confirms the computed dose',
      'session:chart',
      versionBodySchema,
      (u, id, b: { version: number }, c) => service.confirmDose(deps, u, id, b.version, c),
    );
    write(
      '/api/treatment-sessions/:id/spravato-dose',
      'Spravato: the dose and the pre-dose blood pressure',
      'session:chart',
      spravatoDoseSchema,
      (u, id, b, c) => service.setSpravatoDose(deps, u, id, b, c),
    );
    write(
      '/api/treatment-sessions/:id/devices',
      'Spravato: one device given (lot, time; 5 minutes after the previous)',
      'session:chart',
      deviceInputSchema,
      (u, id, b, c) => service.recordDevice(deps, u, id, b, c),
    );
    write('/api/treatment-sessions/:id/start', 'Start treatment (infusion, IM dose, TMS)', 'session:chart', treatmentMarkSchema, (u, id, b, c) =>
      service.startTreatment(deps, u, id, b, c),
    );
    write('/api/treatment-sessions/:id/end', 'End treatment (infusion stopped, TMS done)', 'session:chart', treatmentMarkSchema, (u, id, b, c) =>
      service.endTreatment(deps, u, id, b, c),
    );
    write('/api/treatment-sessions/:id/adverse-events', 'A side effect or adverse event', 'session:chart', adverseEventSchema, (u, id, b, c) =>
      service.recordAdverseEvent(deps, u, id, b, c),
    );
    write('/api/treatment-sessions/:id/tms', 'TMS parameters, intensity, pulses, trains and discomfort', 'session:chart', tmsRecordSchema, (u, id, b, c) =>
      service.recordTms(deps, u, id, b, c),
    );
    write(
      '/api/treatment-sessions/:id/motor-threshold',
      'A motor threshold determined in this TMS session',
      'session:chart',
      motorThresholdSchema,
      (u, id, b, c) => service.recordMotorThreshold(deps, u, id, b, c),
    );
    write('/api/treatment-sessions/:id/therapy-note', 'A therapist’s note (start, end, modality)', 'session:chart', therapyNoteSchema, (u, id, b, c) =>
      service.recordTherapyNote(deps, u, id, b, c),
    );
    app.post('/api/treatment-sessions/:id/discharge', {
      config: { access: { permission: 'session:chart' } },
      schema: {
        tags,
        summary: 'Discharge: refused with 409 discharge_criteria naming each unmet criterion (for example the minutes of observation left)',
        params: idParamsSchema,
        body: dischargeSchema,
        response: session,
      },
      handler: async (request) => service.discharge(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });
    write('/api/treatment-sessions/:id/sign', 'Sign the session; it is then locked', 'session:chart', signSchema, (u, id, b, c) =>
      service.signSession(deps, u, id, b, c),
    );
    app.post('/api/treatment-sessions/:id/cosign', {
      config: { access: { permission: 'session:cosign' } },
      schema: { tags, summary: 'The provider co-signs a nurse-signed session', params: idParamsSchema, response: session },
      handler: async (request) => service.cosignSession(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    write('/api/treatment-sessions/:id/amendments', 'Amend a signed session (appended with a reason)', 'session:chart', amendmentSchema, (u, id, b, c) =>
      service.amendSession(deps, u, id, b, c),
    );
    app.post('/api/treatment-sessions/:id/alerts/:alertId/action', {
      config: { access: { permission: 'session:chart' } },
      schema: {
        tags,
        summary: 'The action note on an alert (slowed, paused, stopped, provider called; a provider’s review)',
        params: alertParamsSchema,
        body: alertActionSchema,
        response: session,
      },
      handler: async (request) =>
        service.actOnAlert(deps, sessionOf(request).user, request.params.id, request.params.alertId, request.body, auditContextOf(request)),
    });
    app.get('/api/treatment-sessions/:id/rems-monitoring-form', {
      config: { access: { permission: 'rems:manage' } },
      schema: { tags, summary: 'The Spravato REMS Patient Monitoring Form of a signed session, as a PDF', params: idParamsSchema },
      handler: async (request, reply) => {
        const pdf = await service.monitoringFormDocument(deps, sessionOf(request).user, request.params.id, auditContextOf(request));
        return reply
          .type('application/pdf')
          .header('content-disposition', 'inline; filename="spravato-rems-patient-monitoring-form.pdf"')
          .send(Buffer.from(pdf));
      },
    });
    app.post('/api/treatment-sessions/:id/rems-monitoring-form/submission', {
      config: { access: { permission: 'rems:manage' } },
      schema: {
        tags,
        summary: 'Record that the Patient Monitoring Form was submitted (online or fax)',
        params: idParamsSchema,
        body: formSubmissionSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => service.submitMonitoringForm(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });

    // ---- Per clinic ----
    app.get('/api/locations/:id/treatment-sessions', {
      config: { access: { permission: 'board:read' } },
      schema: {
        tags,
        summary: 'The clinic’s open sessions: next reading due, overdue readings, open alerts',
        params: idParamsSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => service.activeSessions(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.get('/api/locations/:id/charting-tasks', {
      config: { access: { permission: 'charting:tasks' } },
      schema: {
        tags,
        summary: 'Unsigned sessions older than 24 hours, co-signatures, REMS forms due and overdue',
        params: idParamsSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => service.chartingTasks(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.post('/api/locations/:id/controlled-substances', {
      config: { access: { permission: 'controlled:record' } },
      schema: {
        tags,
        summary: 'One controlled-substance log entry (receive, draw, administer, waste with a witness, return, adjust)',
        params: idParamsSchema,
        body: controlledEntrySchema,
        response: { 201: anyObjectSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.recordControlledEntry(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });
    app.get('/api/locations/:id/controlled-substances', {
      config: { access: { permission: 'controlled:read' } },
      schema: {
        tags,
        summary: 'The controlled-substance log for a date range, with running balances and reconciliation',
        params: idParamsSchema,
        querystring: ledgerQuerySchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => service.controlledReport(deps, sessionOf(request).user, request.params.id, request.query, auditContextOf(request)),
    });
    app.get('/api/locations/:id/rems-certification', {
      config: { access: { permission: 'location:read' } },
      schema: { tags, summary: 'The clinic’s Spravato REMS certification', params: idParamsSchema, response: { 200: anyObjectSchema, ...errors } },
      handler: async (request) => service.readRemsCertification(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.put('/api/locations/:id/rems-certification', {
      config: { access: { permission: 'rems:manage' } },
      schema: {
        tags,
        summary: 'Record the clinic’s Spravato REMS outpatient certification',
        params: idParamsSchema,
        body: remsCertificationSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => service.recordRemsCertification(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });

    // ---- Per patient ----
    app.get('/api/patients/:id/rems-enrollment', {
      config: { access: { permission: 'rems:manage' } },
      schema: { tags, summary: 'The patient’s Spravato REMS enrollment', params: idParamsSchema, response: { 200: anyObjectSchema, ...errors } },
      handler: async (request) => {
        const access = await authorizePatient(deps, sessionOf(request).user, request.params.id, auditContextOf(request), 'rems.enrollment.read');
        return service.readRemsEnrollment(deps, request.params.id, access);
      },
    });
    app.put('/api/patients/:id/rems-enrollment', {
      config: { access: { permission: 'rems:manage' } },
      schema: {
        tags,
        summary: 'Record the patient’s Spravato REMS enrollment (before the first treatment)',
        params: idParamsSchema,
        body: remsEnrollmentSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) =>
        service.recordRemsEnrollment(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request), () =>
          authorizePatient(deps, sessionOf(request).user, request.params.id, auditContextOf(request), 'rems.enrollment'),
        ),
    });
    app.get('/api/patients/:id/motor-thresholds', {
      config: { access: { permission: 'session:read' } },
      schema: { tags, summary: 'The patient’s TMS motor thresholds, newest first', params: idParamsSchema, response: { 200: anyObjectSchema, ...errors } },
      handler: async (request) =>
        service.listMotorThresholds(deps, request.params.id, async (action) =>
          authorizePatient(deps, sessionOf(request).user, request.params.id, auditContextOf(request), action),
        ),
    });

    // ---- Policy ----
    app.get('/api/charting-policy', {
      config: { access: { permission: 'location:read' } },
      schema: { tags, summary: 'The practice’s charting policy in force, with the source of each default', response: { 200: anyObjectSchema, ...errors } },
      handler: async (request) => service.readPolicy(deps, sessionOf(request).user),
    });
    app.post('/api/charting-policy', {
      config: { access: { permission: 'charting:policy:publish' } },
      schema: {
        tags,
        summary: 'Publish the next version of the charting policy (sessions keep the version they were charted under)',
        body: chartingPolicySchema,
        response: { 201: anyObjectSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.publishPolicy(deps, sessionOf(request).user, request.body, auditContextOf(request))),
    });
  };
