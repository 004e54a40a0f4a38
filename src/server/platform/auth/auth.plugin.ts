import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, forbidden, unauthorized } from '../errors.js';
import { roleHas, type RouteAccess } from '../access/permissions.js';
import type { AuditContext, AuditTrail } from '../audit/audit-trail.js';
import type { ResolvedSession, SessionStore } from './session-store.js';

export const SESSION_COOKIE = 'stepwise_session';
/** The portal's cookie: a patient's session, never a staff member's. */
export const PORTAL_COOKIE = 'stepwise_portal';

/** A patient signed in to the portal. */
export type PatientSession = {
  tokenHash: string;
  csrfToken: string;
  patient: { id: string; organizationId: string; email: string; displayName: string; language: 'en' | 'es' };
};
export type PatientSessionResolver = { resolve(token: string): Promise<PatientSession | null> };
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    auth: ResolvedSession | null;
    patientAuth: PatientSession | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The logged-in session of a request whose route required one. */
export function sessionOf(request: FastifyRequest): ResolvedSession {
  if (!request.auth) throw unauthorized();
  return request.auth;
}

/** The patient signed in to the portal, on a route that required one. */
export function patientSessionOf(request: FastifyRequest): PatientSession {
  if (!request.patientAuth) throw unauthorized();
  return request.patientAuth;
}

/** Who and where, for audit rows: on portal routes the patient is the actor (role `patient`). */
export function auditContextOf(request: FastifyRequest): AuditContext {
  const patient = request.patientAuth?.patient;
  if (patient && request.routeOptions.config.access && 'patient' in request.routeOptions.config.access)
    return {
      actor: { id: patient.id, email: patient.email, role: 'patient' },
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      requestId: request.id,
    };
  const user = request.auth?.user;
  return {
    actor: user ? { id: user.id, email: user.email, role: user.role } : null,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
  };
}

/**
 * Authentication and the access gate. Deny by default: an /api route without an `access` declaration fails at
 * start-up. Each request is then checked, in order: session (401), MFA enrollment state (403), role (403), and
 * CSRF token for cookie-authenticated writes (403).
 */
export type DeclaredRoute = { method: string; url: string; access: RouteAccess };

export const authPlugin = fp(
  async (
    app: FastifyInstance,
    opts: { sessions: SessionStore; patientSessions?: PatientSessionResolver; routeTable: DeclaredRoute[]; audit?: Pick<AuditTrail, 'record'> },
  ) => {
    app.decorateRequest('auth', null);
    app.decorateRequest('patientAuth', null);

    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
      const access = route.config?.access;
      if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access policy`);
      for (const method of [route.method].flat()) if (method !== 'HEAD') opts.routeTable.push({ method, url: route.url, access });
    });

    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access;
      if (access && 'patient' in access) {
        // Portal routes read only the portal's cookie: a staff member's session is not a patient's.
        const portalToken = request.cookies[PORTAL_COOKIE];
        if (portalToken && opts.patientSessions) request.patientAuth = await opts.patientSessions.resolve(portalToken);
        const ps = request.patientAuth;
        if (!ps) throw unauthorized();
        if (!SAFE_METHODS.has(request.method)) {
          const sent = request.headers[CSRF_HEADER];
          if (typeof sent !== 'string' || !sameToken(sent, ps.csrfToken))
            throw new AppError(403, 'csrf', `Missing or wrong ${CSRF_HEADER} header; it comes with the sign-in response and GET /api/portal/me.`);
        }
        return;
      }
      const token = request.cookies[SESSION_COOKIE];
      if (token) request.auth = await opts.sessions.resolve(token);
      if (!access || 'public' in access) return;

      const session = request.auth;
      if (!session) throw unauthorized();
      if (session.state === 'mfa_enrollment' && !('authenticated' in access && access.duringMfaEnrollment)) {
        throw new AppError(403, 'mfa_enrollment_required', 'Set up two-factor authentication before continuing.');
      }
      if ('permission' in access && !roleHas(session.user.role, access.permission)) {
        // A refusal by role is audited like every other refusal (platform/access/authorize.ts audits the record-level ones).
        opts.audit?.record(auditContextOf(request), {
          action: 'access.denied',
          outcome: 'denied',
          details: { route: `${request.method} ${request.routeOptions.url ?? ''}`, reason: `role lacks ${access.permission}` },
        });
        throw forbidden();
      }
      if (!SAFE_METHODS.has(request.method)) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken)) {
          throw new AppError(403, 'csrf', `Missing or wrong ${CSRF_HEADER} header; it comes with the login response and GET /api/auth/me.`);
        }
      }
    });
  },
);
