import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../contracts/roles.js';
import { queryRows } from '../db/sql-values.js';
import { patientWithIntake } from '../testing/builders.js';
import { createTestApp, portalAgent, type Agent, type TestApp } from '../testing/test-app.js';
import { roleHas } from './access/permissions.js';

/**
 * Fuzzes every route from its OpenAPI schema (issue 8): wrong types, missing and extra fields, huge and
 * control-character strings, out-of-range numbers and dates, in bodies, query strings and path parameters. Any 5xx
 * fails. The generator is seeded, so a failure repeats; FUZZ_CASES sets how many cases run (default 3,000).
 */
type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  nullable?: boolean;
  default?: unknown;
  $ref?: string;
};
type Operation = {
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
};

const TOTAL = Number(process.env.FUZZ_CASES ?? 3000);

/** Small deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

const BAD_VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  2_147_483_648,
  -2_147_483_649,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  true,
  false,
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001f\u007f',
  '\ud800',
  'x'.repeat(20_000),
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃ 名前',
  '0001-01-01',
  '9999-12-31',
  '2026-02-30',
  '2026-13-01',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '275760-09-13T00:00:00Z',
  '1e999',
  'NaN',
  '-0',
  "'; drop table patients; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  [],
  ['\u0000'],
  [null],
  {},
  { a: '\u0000' },
  { __proto__: { admin: true } },
  Array.from({ length: 500 }, (_, i) => i),
];
const BAD_QUERY = [
  '',
  '\u0000',
  'a\u0000',
  '-1',
  '2147483648',
  '99999999999999999999',
  '1e308',
  'NaN',
  '0001-01-01',
  '9999-12-31',
  '2026-02-30',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  'x'.repeat(5000),
  "' or 1=1 --",
  '%',
  '_',
  '\\',
  '[]',
  '{}',
  'true',
  '\ud800',
  '𝔘',
];
const BAD_IDS = [
  'not-a-uuid',
  '%00',
  '0',
  'x'.repeat(300),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-4000-8000-000000000000',
  "1' or '1'='1",
  '%E0%A4%A',
];

function resolve(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  if (schema.$ref) return resolve(components[schema.$ref.split('/').pop()!] ?? {}, components);
  return schema;
}

/** A plausible value for a schema (the valid-looking base that single fields are then broken in). */
function sample(schema: JsonSchema, components: Record<string, JsonSchema>, r: ReturnType<typeof rng>, depth = 0): unknown {
  const s = resolve(schema, components);
  if (depth > 6) return null;
  if (s.enum) return r.pick(s.enum);
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return sample(alt.find((x) => resolve(x, components).type !== 'null') ?? alt[0]!, components, r, depth + 1);
  if (s.allOf) return sample(s.allOf[0]!, components, r, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000001';
      if (s.format === 'date') return '2026-11-20';
      if (s.format === 'date-time') return new Date().toISOString();
      if (s.format === 'email') return 'fuzz@example.test';
      return 'a'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => sample(s.items ?? {}, components, r, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {}))
        if ((s.required ?? []).includes(k) || r.next() < 0.5) out[k] = sample(v, components, r, depth + 1);
      return out;
    }
    default:
      return s.default ?? 'x';
  }
}

/** Every property path of an object schema, to a depth of three. */
function propertyPaths(schema: JsonSchema, components: Record<string, JsonSchema>, prefix: string[] = [], depth = 0): string[][] {
  const s = resolve(schema, components);
  const obj = (s.anyOf ?? s.oneOf ?? [s]).map((x) => resolve(x, components)).find((x) => x.properties);
  if (!obj?.properties || depth > 2) return [];
  return Object.entries(obj.properties).flatMap(([k, v]) => [[...prefix, k], ...propertyPaths(v, components, [...prefix, k], depth + 1)]);
}

function setPath(target: unknown, path: string[], value: unknown): unknown {
  const root = structuredClone(target ?? {}) as Record<string, unknown>;
  let node = root;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
  return root;
}

function deletePath(target: unknown, path: string[]): unknown {
  const root = structuredClone(target ?? {}) as Record<string, unknown>;
  let node: Record<string, unknown> | undefined = root;
  for (const key of path.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
  if (node && typeof node === 'object') Reflect.deleteProperty(node, path.at(-1)!);
  return root;
}

type Case = { method: string; url: string; payload?: unknown; rawPayload?: string; label: string };

let t: TestApp;
const agents = new Map<Role, Agent>();
const realIds = new Map<string, string>();
let openapi: { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, JsonSchema> } };

// Routes that would end the walking sessions or lock out the agents are left to their own tests.
const SKIPPED = new Set([
  'post /api/auth/logout',
  'post /api/auth/password',
  'post /api/auth/totp/setup',
  'post /api/auth/totp/enable',
  'post /api/auth/totp/disable',
  'post /api/portal/sign-out',
]);
let patientAgent: Agent;

beforeAll(async () => {
  t = await createTestApp({
    publicForms: { ratePerMinutePerIp: 1_000_000, requestsPerPhonePerDay: 1_000_000 },
    login: { maxFailures: 1_000_000, lockMs: 60_000, ratePerMinute: 1_000_000 },
  });
  for (const role of ROLES) agents.set(role, role === 'admin' ? await t.loginAdmin() : await t.login(role));
  const provider = agents.get('provider')!;
  const patientId = await patientWithIntake(t, provider, 'Blue Horizon Commercial');
  const biller = agents.get('biller')!;
  await biller.post(`/api/patients/${patientId}/prior-authorizations`, { treatment: 'tms' });
  await biller.post(`/api/patients/${patientId}/va-referrals`, {
    referralNumber: 'VA0000000001',
    seoc: 'Mental Health - TMS',
    treatment: 'tms',
    authorizedVisits: 10,
    validFrom: '2026-01-01',
    validTo: '2027-12-31',
  });
  await provider.post(`/api/patients/${patientId}/care-path/recommendations`, {});
  // The patient in the portal, for the portal's routes.
  await agents.get('coordinator')!.post(`/api/patients/${patientId}/portal-invitation`, { email: 'fuzz.patient@example.test' });
  const token = /#([A-Za-z0-9_-]{43})/.exec(t.patientMessages.at(-1)!.text)![1]!;
  await t.app.inject({ method: 'POST', url: '/api/portal/link', payload: { token, password: 'fuzz-patient-password' } });
  patientAgent = await portalAgent(t.app, 'fuzz.patient@example.test', 'fuzz-patient-password');
  await t.app.inject({
    method: 'POST',
    url: '/api/public/screenings',
    payload: { responses: { 'PHQ-9': [1, 1, 1, 1, 1, 1, 1, 1, 1] }, contact: { name: 'Fuzz Lead', phone: '(415) 555-0142', state: 'CA', consentToCall: true } },
  });
  const throwaway = await agents.get('admin')!.post('/api/staff', {
    email: 'fuzz.target@demo.stepwise.test',
    displayName: 'Fuzz Target',
    role: 'nurse',
    locationIds: [t.clinics.get('SF')],
    password: 'fuzz-target-password-1',
  });
  const one = async (table: string, where = sql``) =>
    (await queryRows<{ id: string }>(t.database.db, sql`select id::text as id from ${sql.raw(table)} ${where} limit 1`))[0]?.id;
  const ids: [string, string | undefined][] = [
    ['/api/patients/{id}', patientId],
    ['/api/leads/{id}', await one('leads')],
    ['/api/intake-assessments/{id}', await one('intake_assessments')],
    ['/api/prior-authorizations/{id}', await one('prior_authorizations')],
    ['/api/va-referrals/{id}', await one('va_referrals')],
    ['/api/coverages/{id}', await one('patient_coverages')],
    ['/api/price-list/{id}', await one('price_list_items')],
    ['/api/locations/{id}', t.clinics.get('SF')],
    ['/api/staff/{id}', throwaway.statusCode < 300 ? (throwaway.json() as { id: string }).id : undefined],
    ['/api/care-path/recommendations/{id}', await one('care_path_recommendations')],
    ['/api/estimates/{id}', await one('cost_estimates')],
    ['/api/notifications/{id}', await one('notifications')],
    ['/api/payers/{id}', await one('payers')],
  ];
  for (const [prefix, id] of ids) if (id) realIds.set(prefix, id);
  realIds.set('resourceId', (await one('treatment_resources'))!);
  openapi = t.app.swagger() as typeof openapi;
}, 120_000);
afterAll(async () => t.close());

function agentFor(access: { public?: true; authenticated?: true; permission?: string; patient?: true }): Agent | null {
  if ('public' in access && access.public) return null;
  if ('patient' in access && access.patient) return patientAgent;
  if (!access.permission) return agents.get('provider')!;
  const preferred: Role[] = ['provider', 'biller', 'coordinator', 'manager', 'nurse', 'admin'];
  const role = preferred.find((r) => roleHas(r, access.permission as never));
  return role ? agents.get(role)! : null;
}

function buildCases(): Case[] {
  const r = rng(20261130);
  const components = openapi.components?.schemas ?? {};
  const cases: Case[] = [];
  for (const [path, methods] of Object.entries(openapi.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (SKIPPED.has(`${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`) || !path.startsWith('/api/')) continue;
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const idFor = (name: string) =>
        (name === 'id'
          ? (realIds.get(path.replace(/\/(?:[^/]*)$/, '').replace(/\/\{id\}.*/, '/{id}')) ?? realIds.get(`${path.split('/{id}')[0] ?? ''}/{id}`))
          : realIds.get(name)) ?? '00000000-0000-4000-8000-000000000000';
      const fill = (overrides: Record<string, string> = {}) =>
        path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(overrides[name] ?? idFor(name)).replaceAll('%25', '%'));
      const baseQuery = () => Object.fromEntries(queryParams.filter((q) => q.required).map((q) => [q.name, String(sample(q.schema, components, r))]));
      const qs = (q: Record<string, string>) => {
        const s = new URLSearchParams(q).toString();
        return s ? `?${s}` : '';
      };
      const body = bodySchema ? sample(bodySchema, components, r) : undefined;
      const push = (c: Omit<Case, 'method'>) => cases.push({ method: method.toUpperCase(), ...c });
      const sendsBody = method !== 'get' && method !== 'delete';

      push({ url: fill() + qs(baseQuery()), payload: sendsBody ? body : undefined, label: 'plausible' });
      for (const p of pathParams)
        for (const bad of BAD_IDS)
          push({
            url: fill({ [p.name]: bad }) + qs(baseQuery()),
            payload: sendsBody ? body : undefined,
            label: `path ${p.name}=${JSON.stringify(bad).slice(0, 40)}`,
          });
      for (const q of queryParams)
        for (const bad of BAD_QUERY)
          push({ url: fill() + qs({ ...baseQuery(), [q.name]: bad }), label: `query ${q.name}=${JSON.stringify(bad).slice(0, 40)}` });
      if (sendsBody) {
        for (const whole of [{}, [], 'text', 42, null, true, { extra: 'field', version: 2_147_483_648 }])
          push({ url: fill(), payload: whole, label: `body ${JSON.stringify(whole)}` });
        push({ url: fill(), rawPayload: '{"unterminated": ', label: 'malformed JSON' });
        push({ url: fill(), rawPayload: '{"a":"\\u0000"}', label: 'escaped NUL in JSON' });
        if (bodySchema) {
          for (const p of propertyPaths(bodySchema, components)) {
            for (const bad of BAD_VALUES)
              push({
                url: fill(),
                payload: setPath(body, p, bad),
                label: `body ${p.join('.')}=${(JSON.stringify(bad) as string | undefined)?.slice(0, 40) ?? 'undefined'}`,
              });
            push({ url: fill(), payload: deletePath(body, p), label: `body without ${p.join('.')}` });
          }
          push({ url: fill(), payload: { ...(body as object), unexpected: '\u0000', __proto__: { polluted: true } }, label: 'extra fields' });
        }
      }
    }
  }
  // A seeded sample of the cases, always keeping every route's plausible call.
  const plausible = cases.filter((c) => c.label === 'plausible');
  const rest = cases.filter((c) => c.label !== 'plausible');
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  return [...plausible, ...rest.slice(0, Math.max(0, TOTAL - plausible.length))];
}

describe('fuzzing every route from its OpenAPI schema', () => {
  it(`answers ${TOTAL} malformed requests without a single 5xx`, async () => {
    const routes = new Map(t.context.routeTable.map((route) => [`${route.method} ${route.url}`, route.access]));
    const cases = buildCases();
    expect(cases.length).toBeGreaterThan(Math.min(TOTAL, 1000));
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const c of cases) {
      const template = Object.keys(openapi.paths).find((p) => new RegExp(`^${p.replace(/\{\w+\}/g, '[^/]+')}(\\?|$)`).test(c.url)) ?? c.url;
      const access = routes.get(`${c.method} ${template.replace(/\{(\w+)\}/g, ':$1')}`) ?? { public: true };
      const agent = agentFor(access as never);
      const headers: Record<string, string> = c.rawPayload !== undefined ? { 'content-type': 'application/json' } : {};
      const options = {
        method: c.method as 'GET',
        url: c.url,
        headers,
        ...(c.rawPayload !== undefined ? { payload: c.rawPayload } : c.payload !== undefined ? { payload: c.payload as object } : {}),
      };
      const res = agent ? await agent.request(options) : await t.app.inject(options);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500) failures.push(`${c.method} ${c.url.slice(0, 120)} [${c.label}] -> ${res.statusCode} ${res.body.slice(0, 200)}`);
      if (res.statusCode === 400) {
        const body = res.json() as { error?: { code?: string; fields?: unknown[] } };
        if (!body.error?.code) failures.push(`${c.method} ${c.url.slice(0, 120)} [${c.label}] -> 400 without an error code`);
      }
    }
    console.info(`fuzz: ${cases.length} cases, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(failures, failures.slice(0, 30).join('\n')).toEqual([]);
    // The fuzz reached validation, not just the access gate.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(cases.length / 3);
  }, 600_000);
});
