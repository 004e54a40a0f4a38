import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { AuditTrail } from './platform/audit/audit-trail.js';
import { authPlugin, type DeclaredRoute } from './platform/auth/auth.plugin.js';
import { SessionStore } from './platform/auth/session-store.js';
import { outcomeRoutes } from './modules/outcomes/index.js';
import { PatientSessions, portalRoutes } from './modules/portal/index.js';
import { billingRoutes, FileDropClearinghouse, installmentReminderJob, type Clearinghouse } from './modules/billing/index.js';
import { handleError } from './platform/errors.js';
import { refuseNulCharacters } from './platform/input-guard.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { jobRoutes } from './modules/health/jobs.routes.js';
import { locationRoutes } from './modules/locations/locations.routes.js';
import { patientRoutes } from './modules/patients/index.js';
import { staffRoutes } from './modules/users/users.routes.js';
import { escalationJob, leadRoutes, publicRoutes } from './modules/front-door/index.js';
import { notificationRoutes } from './modules/notifications/index.js';
import { intakeRoutes } from './modules/intake/index.js';
import { protocolRoutes, schedulingRoutes } from './modules/scheduling/index.js';
// Courses reach the care path and authorizations modules; their routes come straight from their file so the module's
// index (which intake uses to book) does not pull them into a cycle.
import { courseRoutes } from './modules/scheduling/courses.routes.js';
import { appointmentRoutes } from './modules/scheduling/appointments.routes.js';
import { reminderRoutes } from './modules/scheduling/reminders.routes.js';
import { BoardEvents } from './modules/scheduling/board-events.js';
import { reminderJob } from './modules/scheduling/reminders.service.js';
import { observationRoutes } from './modules/observations/index.js';
import { coverageRoutes } from './modules/coverage/index.js';
import { carePathRoutes } from './modules/care-path/index.js';
import { authorizationRoutes } from './modules/authorizations/authorizations.routes.js';
import { estimateRoutes } from './modules/estimates/estimates.routes.js';
import { chartingRoutes } from './modules/charting/index.js';
import { JobRunner } from './platform/jobs/job-runner.js';
import { logPatientSender, logSender, restSmsSender, smtpSender, type NotificationSender, type PatientSender } from './platform/notifications/senders.js';
import { deliveryJob } from './modules/notifications/index.js';
import { defined } from '../domain/defined.js';

export type AppContext = {
  config: Config;
  database: Database;
  sessions: SessionStore;
  audit: AuditTrail;
  jobs: JobRunner;
  routeTable: DeclaredRoute[];
  /** How patient reminders leave: 'log' (the default), 'smtp (host)', 'sms REST (host)'. */
  messaging: { email: string; sms: string };
};

/** Pages of the public front door, served from public.html (a small bundle without the staff app). */
const PUBLIC_PAGES = new Set(['/callback', '/check']);

/**
 * Builds the HTTP app: platform plugins first (errors, cookies, security headers, rate limits, the auth gate,
 * OpenAPI), then one plugin per module, then the web app. Starts nothing; main.ts listens.
 */
export async function buildApp(
  config: Config,
  database: Database,
  options: { sender?: NotificationSender; patientSenders?: { email?: PatientSender; sms?: PatientSender }; clearinghouse?: Clearinghouse } = {},
): Promise<{ app: FastifyInstance; context: AppContext }> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    bodyLimit: 256 * 1024,
    trustProxy: process.env.TRUST_PROXY === 'true',
    genReqId: () => crypto.randomUUID(),
    // A URL that cannot be decoded (for example %E0%A4%A) gets the one error shape too.
    frameworkErrors: (err, _request, res) => {
      const reply = res as unknown as FastifyReply;
      const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      void reply.status(status).send({ error: { code: err.code === 'FST_ERR_BAD_URL' ? 'invalid_url' : 'invalid_request', message: err.message } });
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);

  const sessions = new SessionStore(database, config.session);
  await sessions.start();
  const audit = new AuditTrail(database.db, app.log);
  const sender = options.sender ?? logSender(app.log);
  // Patient reminders: SMTP_URL and SMS_URL choose real transports; without them the log sender stands in.
  const m = config.messaging;
  const patientSenders = {
    email: options.patientSenders?.email ?? (m.smtpUrl ? await smtpSender(m.smtpUrl, m.mailFrom) : logPatientSender('email', app.log)),
    sms: options.patientSenders?.sms ?? (m.smsUrl && m.smsFrom ? restSmsSender(m.smsUrl, m.smsFrom) : logPatientSender('sms', app.log)),
  };
  const jobs = new JobRunner(database, app.log, [
    escalationJob(app.log),
    deliveryJob(sender),
    reminderJob(patientSenders, config.publicBaseUrl),
    installmentReminderJob(patientSenders),
  ]);
  const context: AppContext = {
    config,
    database,
    sessions,
    audit,
    jobs,
    routeTable: [],
    messaging: { email: patientSenders.email.transport, sms: patientSenders.sms.transport },
  };
  app.addHook('onReady', async () => {
    if (config.jobs) await jobs.start();
  });
  app.addHook('onClose', async () => {
    await jobs.stop();
    await audit.stop();
  });

  await app.register(cookie);
  // Patient data must never sit in a browser or proxy cache.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
    // The request id names the audit rows a request wrote, for support and for the audit route walk.
    void reply.header('x-request-id', request.id);
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Mantine sets CSS variables through style attributes; scripts stay 'self' only.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
      },
    },
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Stepwise API',
        version: '0.1.0',
        description: 'Interventional psychiatry practice platform. Cookie sessions; writes need the x-csrf-token header from the login response.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'stepwise_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  const patientSessions = new PatientSessions(database.db);
  await app.register(authPlugin, { sessions, patientSessions, routeTable: context.routeTable, audit });
  // NUL characters cannot be stored; refuse them naming the field, on every route (public ones too).
  app.addHook('preValidation', refuseNulCharacters);

  const deps = { db: database.db, audit, sessions, config };
  await app.register(healthRoutes(database));
  await app.register(jobRoutes(jobs));
  await app.register(authRoutes(deps));
  await app.register(patientRoutes(deps));
  await app.register(locationRoutes(deps));
  await app.register(staffRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(publicRoutes(deps));
  await app.register(leadRoutes(deps));
  await app.register(notificationRoutes(deps));
  await app.register(intakeRoutes(deps));
  await app.register(schedulingRoutes(deps));
  await app.register(protocolRoutes(deps));
  await app.register(courseRoutes(deps));
  await app.register(appointmentRoutes(deps, new BoardEvents(database)));
  await app.register(chartingRoutes(deps));
  await app.register(reminderRoutes(deps));
  await app.register(observationRoutes(deps));
  await app.register(coverageRoutes(deps));
  await app.register(carePathRoutes(deps));
  await app.register(authorizationRoutes(deps));
  await app.register(estimateRoutes(deps));
  await app.register(outcomeRoutes(deps));
  await app.register(billingRoutes({ ...deps, clearinghouse: options.clearinghouse ?? new FileDropClearinghouse(config.clearinghouseDir) }));
  await app.register(
    portalRoutes({ ...deps, senders: patientSenders, cookieSecure: config.cookieSecure, loginRatePerMinute: config.login.ratePerMinute }, patientSessions),
  );

  app.get('/api/openapi.json', { config: { access: { public: true } }, schema: { hide: true } }, async () => app.swagger());

  const webRoot = config.webDistDir;
  const hasWeb = fs.existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false, maxAge: '1h' });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      return reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
    }
    if (!hasWeb) return reply.status(404).type('text/plain').send('The web app is not built. Run `npm run build:web` (npm start does it for you).');
    const pagePath = defined(request.url.split('?')[0]);
    if (PUBLIC_PAGES.has(pagePath)) return reply.header('cache-control', 'no-cache').sendFile('public.html');
    // The patient portal: its own small page and bundle, never the staff app.
    if (pagePath === '/portal' || pagePath.startsWith('/portal/')) return reply.header('cache-control', 'no-cache').sendFile('portal.html');
    // Single-page app: every other GET gets index.html and the client router takes over.
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });

  return { app, context };
}
