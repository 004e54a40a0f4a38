import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../contracts/roles.js';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';
import { roleHas } from './permissions.js';

/**
 * Walks every declared /api route with no session and with every role, and checks the answer against the
 * route's declaration: public routes never say 401/403; others say 401 without a session, 403 to roles
 * without the permission, and let permitted roles through (their answer may still be 400/404 for the
 * placeholder ids and empty bodies used here, never 401/403/5xx).
 */
let t: TestApp;
const agents = new Map<Role, Agent>();

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES) agents.set(role, role === 'admin' ? await t.loginAdmin() : await t.login(role));
});
afterAll(async () => t.close());

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';
const fill = (url: string) => url.replace(/:[a-zA-Z]+/g, PLACEHOLDER_ID);
// Routes that would end the walking session are exercised last, or with a throwaway login.
const SESSION_ENDING = new Set(['POST /api/auth/logout', 'POST /api/auth/password', 'POST /api/auth/totp/setup', 'POST /api/auth/totp/enable']);

describe('every route answers as its access declaration says', () => {
  it('has routes to walk, each with a declaration', () => {
    expect(t.context.routeTable.length).toBeGreaterThan(20);
  });

  it('refuses every non-public route without a session (401) and serves public ones', async () => {
    for (const route of t.context.routeTable) {
      const res = await t.app.inject({ method: route.method as 'GET', url: fill(route.url), payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
      const label = `${route.method} ${route.url}`;
      if ('public' in route.access) expect([401, 403], label).not.toContain(res.statusCode);
      else expect(res.statusCode, label).toBe(401);
    }
  });

  for (const role of ROLES) {
    it(`answers the ${role} role per the permission table`, async () => {
      const agent = agents.get(role)!;
      for (const route of t.context.routeTable) {
        const label = `${role}: ${route.method} ${route.url}`;
        if ('public' in route.access || SESSION_ENDING.has(`${route.method} ${route.url}`)) continue;
        const res = await agent.request({ method: route.method as 'GET', url: fill(route.url), payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
        expect(res.statusCode, `${label} -> ${res.body}`).toBeLessThan(500);
        if ('permission' in route.access && !roleHas(role, route.access.permission)) {
          expect(res.statusCode, label).toBe(403);
          expect(res.json().error.code, label).toBe('forbidden');
        } else {
          expect([401, 403], `${label} -> ${res.body}`).not.toContain(res.statusCode);
        }
      }
    });
  }

  it('refuses a cookie-authenticated write without the CSRF header', async () => {
    const agent = agents.get('coordinator')!;
    const res = await agent.request({ method: 'POST', url: '/api/patients', payload: {}, headers: { 'x-csrf-token': '' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf');
  });
});
