import { chromium, type Browser, type Page } from 'playwright-core';
import { testConfig } from '../src/server/config.js';
import { openDatabase, type Database } from '../src/server/db/client.js';
import { buildApp, type AppContext } from '../src/server/app.js';
import { seedDemoIfEmpty } from '../src/server/seed/demo.js';
import type { FastifyInstance } from 'fastify';
import type { PatientMessage } from '../src/server/platform/notifications/senders.js';
import { SIGNED_INTAKE } from '../src/server/testing/builders.js';

export const PASSWORD = 'e2e-demo-password';

export type Harness = {
  baseUrl: string;
  browser: Browser;
  app: FastifyInstance;
  context: AppContext;
  database: Database;
  /** Messages sent to patients (invitations, reminders), newest last. */
  patientMessages: (PatientMessage & { channel: 'email' | 'sms' })[];
  close(): Promise<void>;
};

/** The real app on an ephemeral port over a fresh in-memory PGlite with the demo practice, and Debian's Chromium. */
export async function startHarness(): Promise<Harness> {
  const database = await openDatabase({ kind: 'pglite', dataDir: null });
  await database.migrate();
  await seedDemoIfEmpty(database.db, { password: PASSWORD, patients: 40, leads: false });
  const patientMessages: Harness['patientMessages'] = [];
  const keep = (channel: 'email' | 'sms') => ({
    channel,
    transport: 'e2e',
    send: async (message: PatientMessage) => {
      patientMessages.push({ ...message, channel });
      return { id: `e2e-${patientMessages.length}` };
    },
  });
  const { app, context } = await buildApp(testConfig(), database, { patientSenders: { email: keep('email'), sms: keep('sms') } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    app,
    context,
    database,
    patientMessages,
    async close() {
      await browser.close();
      await app.close();
      await database.close();
    },
  };
}

export async function newPage(h: Harness): Promise<Page> {
  const context = await h.browser.newContext({ baseURL: h.baseUrl, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

export async function logIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Runs a journey in a fresh browser context; on failure saves a screenshot in test-results/ for the person debugging. */
export async function withPage(h: Harness, name: string, fn: (page: Page) => Promise<void>): Promise<void> {
  const page = await newPage(h);
  try {
    await fn(page);
  } catch (err) {
    const { mkdirSync } = await import('node:fs');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: `test-results/${name.replace(/\W+/g, '-')}.png`, fullPage: true }).catch(() => undefined);
    throw err;
  } finally {
    await page.context().close();
  }
}

/** Runs axe-core in the page and returns the serious and critical accessibility violations. */
export async function seriousA11yViolations(page: Page): Promise<{ id: string; help: string; targets: string[] }[]> {
  // Each target carries axe's explanation (for contrast: the colours and ratio found).
  const { createRequire } = await import('node:module');
  const { readFileSync } = await import('node:fs');
  // Evaluated through the debugging protocol: the app's Content-Security-Policy rightly refuses injected scripts.
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }>;
        };
      }
    ).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`) }));
}

export type Api = <T = Record<string, unknown> & { id: string; version: number }>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => Promise<T>;

/** Calls the API as a demo account (through inject, with its session cookie and CSRF token). */
export async function apiFor(h: Harness, email: string): Promise<Api> {
  const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } });
  const cookie = `stepwise_session=${login.cookies.find((c) => c.name === 'stepwise_session')!.value}`;
  const csrf = (login.json() as { csrfToken: string }).csrfToken;
  return async <T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const res = await h.app.inject({ method, url, payload: payload as object, headers: { cookie, 'x-csrf-token': csrf } });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as T;
  };
}

/** A patient with a signed intake (78 kg) at clinic `sf` and the first visits of a course of the protocol, booked. */
export async function bookCourse(h: Harness, sf: string, code: string, family: string, n = 1) {
  const coordinator = await apiFor(h, 'coordinator@demo.stepwise.test');
  const provider = await apiFor(h, 'provider@demo.stepwise.test');
  const patient = await coordinator('POST', '/api/patients', {
    legalGivenName: 'Jordan',
    legalFamilyName: family,
    dateOfBirth: '1979-05-06',
    sexAssignedAtBirth: 'male',
    locationIds: [sf],
  });
  const draft = await provider('POST', `/api/patients/${patient.id}/intake-assessments`, { content: SIGNED_INTAKE });
  await provider('POST', `/api/intake-assessments/${draft.id}/sign`, { version: draft.version });
  const protocols = await provider<{ items: { id: string; code: string }[] }>('GET', '/api/protocols');
  const course = await provider('POST', `/api/patients/${patient.id}/courses`, {
    protocolId: protocols.items.find((p) => p.code === code)!.id,
    locationId: sf,
    differReason: 'Chosen with the patient.',
  });
  const plan = await coordinator<{ visits: { index: number; date: string; localStart: string; resource: { id: string } | null; staff: { id: string }[] }[] }>(
    'POST',
    `/api/courses/${course.id}/plan`,
    {},
  );
  const booked = await coordinator<{ course: { items: { id: string; date: string; startsAt: string; version: number }[] } }>(
    'POST',
    `/api/courses/${course.id}/appointments`,
    {
      visits: plan.visits
        .slice(0, n)
        .map((v) => ({ index: v.index, date: v.date, localStart: v.localStart, resourceId: v.resource?.id ?? null, staffIds: v.staff.map((s) => s.id) })),
    },
  );
  return { patientId: patient.id, courseId: course.id, visits: booked.course.items };
}
