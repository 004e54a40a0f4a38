import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/sql-values.js';
import { currentTotp } from '../platform/auth/totp.js';
import { inject } from 'vitest';
import { testConfig, type Config } from '../config.js';
import { createPglite, openDatabase, type Database } from '../db/client.js';
import { buildApp, type AppContext } from '../app.js';
import { DEMO_DOMAIN, seedDemoIfEmpty } from '../seed/demo.js';
import type { PatientMessage, PatientSender } from '../platform/notifications/senders.js';

export const TEST_PASSWORD = 'correct-horse-battery';

/** A fresh copy of the migrated template database for one test file. */
export async function openTestDatabase(): Promise<Database & { drop(): Promise<void> }> {
  const pgTemplate = inject('postgresTemplate');
  if (pgTemplate) {
    const name = `stepwise_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgTemplate });
    await admin.connect();
    await admin.query(`create database ${name} template ${new URL(pgTemplate).pathname.slice(1)}`);
    await admin.end();
    const url = new URL(pgTemplate);
    url.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 8 });
    return {
      ...database,
      async drop() {
        await database.close();
        const cleanup = new pg.Client({ connectionString: pgTemplate });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  const tar = fs.readFileSync(inject('pgliteTemplate'));
  const client = await createPglite({ loadDataDir: new Blob([tar]) });
  const database = await openDatabase({ kind: 'pglite', dataDir: null }, { pglite: client });
  return { ...database, drop: () => database.close() };
}

export type Agent = {
  email: string;
  /** The session cookie header, for requests outside inject (a real socket: event streams). */
  cookie: string;
  csrfToken: string;
  userId: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
};

export type TestApp = {
  app: FastifyInstance;
  context: AppContext;
  database: Database;
  clinics: Map<string, string>;
  /** Logs in a demo account (`coordinator`, `nurse.austin`, ...) or any email. */
  login(who: string, password?: string): Promise<Agent>;
  /** Logs in the demo admin and completes the required TOTP enrolment; returns the agent and the secret. */
  loginAdmin(): Promise<Agent & { totpSecret: string; recoveryCodes: string[] }>;
  /** Messages the app sent to patients (email and text), newest last: the test app's senders keep them here. */
  patientMessages: (PatientMessage & { channel: 'email' | 'sms' })[];
  close(): Promise<void>;
};

/** Patient message senders that keep what they send (for tests reading an invitation's link). */
function keepingSenders(kept: (PatientMessage & { channel: 'email' | 'sms' })[]): { email: PatientSender; sms: PatientSender } {
  const sender = (channel: 'email' | 'sms'): PatientSender => ({
    channel,
    transport: 'test',
    send: async (message) => {
      kept.push({ ...message, channel });
      return { id: `test-${kept.length}` };
    },
  });
  return { email: sender('email'), sms: sender('sms') };
}

/** Signs a patient in to the portal (its own cookie) and returns an agent for /api/portal routes. */
export async function portalAgent(app: FastifyInstance, email: string, password: string): Promise<Agent> {
  const res = await app.inject({ method: 'POST', url: '/api/portal/sign-in', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`portal sign-in ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'stepwise_portal');
  const body = res.json() as { csrfToken: string; patient: { id: string } };
  return agentFor(app, `stepwise_portal=${cookie!.value}`, body.csrfToken, email, body.patient.id);
}

export function agentFor(app: FastifyInstance, cookie: string, csrfToken: string, email: string, userId: string): Agent {
  const request = (options: InjectOptions) => app.inject({ ...options, headers: { cookie, 'x-csrf-token': csrfToken, ...(options.headers ?? {}) } });
  return {
    email,
    cookie,
    csrfToken,
    userId,
    request,
    get: (url) => request({ method: 'GET', url }),
    post: (url, payload) => request({ method: 'POST', url, payload: payload as InjectOptions['payload'] }),
    patch: (url, payload) => request({ method: 'PATCH', url, payload: payload as InjectOptions['payload'] }),
    put: (url, payload) => request({ method: 'PUT', url, payload: payload as InjectOptions['payload'] }),
    delete: (url) => request({ method: 'DELETE', url }),
  };
}

/** Logs in over HTTP and returns an agent carrying the session cookie and CSRF token. */
export async function loginAgent(app: FastifyInstance, email: string, password: string, totp?: string): Promise<Agent> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password, ...(totp ? { totp } : {}) } });
  if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'stepwise_session');
  const body = res.json() as { csrfToken: string; user: { id: string } };
  return agentFor(app, `stepwise_session=${cookie!.value}`, body.csrfToken, email, body.user.id);
}

/** The app on a fresh database with the demo practice (a few patients) seeded. */
export async function createTestApp(overrides: Partial<Config> = {}, options: { patients?: number } = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const config = { ...testConfig(), ...overrides };
  const patientMessages: (PatientMessage & { channel: 'email' | 'sms' })[] = [];
  // Channels the test configured (a local SMTP server, an SMS stand-in) keep their real transport; the others are kept here.
  const keep = keepingSenders(patientMessages);
  const { app, context } = await buildApp(config, database, {
    patientSenders: { ...(config.messaging.smtpUrl ? {} : { email: keep.email }), ...(config.messaging.smsUrl ? {} : { sms: keep.sms }) },
  });
  await seedDemoIfEmpty(database.db, { password: TEST_PASSWORD, patients: options.patients ?? 12, leads: false });
  await app.ready();
  const locs = await queryRows<{ id: string; code: string }>(database.db, sql`select id, code from locations`);
  return {
    app,
    context,
    database,
    clinics: new Map(locs.map((r) => [r.code, r.id])),
    patientMessages,
    login: (who, password = TEST_PASSWORD) => loginAgent(app, who.includes('@') ? who : `${who}@${DEMO_DOMAIN}`, password),
    async loginAdmin() {
      const agent = await loginAgent(app, `admin@${DEMO_DOMAIN}`, TEST_PASSWORD);
      const setup = await agent.post('/api/auth/totp/setup');
      if (setup.statusCode !== 200) throw new Error(`totp setup failed: ${setup.body}`);
      const { secret } = setup.json() as { secret: string };
      const enabled = await agent.post('/api/auth/totp/enable', { code: await currentTotp(secret) });
      if (enabled.statusCode !== 200) throw new Error(`totp enable failed: ${enabled.body}`);
      return { ...agent, totpSecret: secret, recoveryCodes: (enabled.json() as { recoveryCodes: string[] }).recoveryCodes };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
