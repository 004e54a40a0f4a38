import { chromium, type Browser, type Page } from 'playwright-core';
import { testConfig } from '../src/server/config.js';
import { openDatabase, type Database } from '../src/server/db/client.js';
import { buildApp } from '../src/server/app.js';
import { seedDemoIfEmpty } from '../src/server/seed/demo.js';
import type { FastifyInstance } from 'fastify';

export const PASSWORD = 'e2e-demo-password';

export type Harness = { baseUrl: string; browser: Browser; app: FastifyInstance; database: Database; close(): Promise<void> };

/** The real app on an ephemeral port over a fresh in-memory PGlite with the demo practice, and Debian's Chromium. */
export async function startHarness(): Promise<Harness> {
  const database = await openDatabase({ kind: 'pglite', dataDir: null });
  await database.migrate();
  await seedDemoIfEmpty(database.db, { password: PASSWORD, patients: 40 });
  const { app } = await buildApp(testConfig(), database);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    app,
    database,
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
