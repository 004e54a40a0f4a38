import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { patients: 0 });
});
afterAll(async () => t.close());

it('says which database is in use', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/health' });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({ status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'pglite' });
});

it('publishes a complete OpenAPI 3 document with every declared route and its schemas', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  expect(doc.openapi).toMatch(/^3\./);
  for (const route of t.context.routeTable) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    if (path === '/api/openapi.json') continue;
    expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${path}`).toBeDefined();
  }
  const login = doc.paths['/api/auth/login'].post;
  expect(login.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['email', 'password']));
  expect(doc.paths['/api/patients'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['q', 'limit', 'offset']));
  const docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
  expect([200, 302]).toContain(docs.statusCode);
});

it('answers unknown API paths with a JSON 404, never the web app', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/nope' });
  expect(res.statusCode).toBe(404);
  expect(res.json().error.code).toBe('not_found');
});

it('refuses oversized bodies with 413', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@b.co', password: 'x'.repeat(300_000) } });
  expect(res.statusCode).toBe(413);
});
