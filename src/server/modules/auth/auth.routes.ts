import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  changePasswordSchema,
  loginRequestSchema,
  sessionResponseSchema,
  totpCodeSchema,
  totpEnableResponseSchema,
  totpSetupResponseSchema,
} from '../../../contracts/auth.js';
import { errorSchema, okSchema } from '../../../contracts/common.js';
import { SESSION_COOKIE, auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './auth.service.js';
import type { AuthDeps } from './auth.service.js';

export const authRoutes =
  (deps: AuthDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.config.cookieSecure } as const;

    app.post('/api/auth/login', {
      config: {
        access: { public: true },
        rateLimit: { max: deps.config.login.ratePerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password (and a TOTP code when the account has one); sets the session cookie',
        body: loginRequestSchema,
        response: { 200: sessionResponseSchema, 401: errorSchema, 423: errorSchema },
      },
      handler: async (request, reply) => {
        const { token, response } = await service.login(deps, request.body, auditContextOf(request));
        void reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, expires: new Date(response.expiresAt) });
        return response;
      },
    });

    app.post('/api/auth/logout', {
      config: { access: { authenticated: true, duringMfaEnrollment: true } },
      schema: { tags: ['auth'], summary: 'End this session', response: { 200: okSchema } },
      handler: async (request, reply) => {
        await service.logout(deps, sessionOf(request), auditContextOf(request));
        void reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return { ok: true as const };
      },
    });

    app.get('/api/auth/me', {
      config: { access: { authenticated: true, duringMfaEnrollment: true } },
      schema: { tags: ['auth'], summary: 'The current session, its user and CSRF token', response: { 200: sessionResponseSchema } },
      handler: async (request) => service.presentSession(sessionOf(request)),
    });

    app.post('/api/auth/totp/setup', {
      config: { access: { authenticated: true, duringMfaEnrollment: true } },
      schema: { tags: ['auth'], summary: 'Start enrolling an authenticator app', response: { 200: totpSetupResponseSchema, 409: errorSchema } },
      handler: async (request) => service.startTotpSetup(deps, sessionOf(request)),
    });

    app.post('/api/auth/totp/enable', {
      config: { access: { authenticated: true, duringMfaEnrollment: true } },
      schema: {
        tags: ['auth'],
        summary: 'Confirm enrolment with a current code; answers ten one-time recovery codes, shown once',
        body: totpCodeSchema,
        response: { 200: totpEnableResponseSchema, 400: errorSchema, 409: errorSchema },
      },
      handler: async (request) => {
        const session = sessionOf(request);
        const { recoveryCodes } = await service.enableTotp(deps, session, request.body.code, auditContextOf(request));
        const fresh = await deps.sessions.resolve(request.cookies[SESSION_COOKIE] ?? '');
        return { ...service.presentSession(fresh ?? session), recoveryCodes };
      },
    });

    app.post('/api/auth/totp/disable', {
      config: { access: { authenticated: true } },
      schema: { tags: ['auth'], summary: 'Turn two-factor authentication off (not allowed for admins)', body: totpCodeSchema, response: { 200: okSchema } },
      handler: async (request) => {
        await service.disableTotp(deps, sessionOf(request), request.body.code, auditContextOf(request));
        return { ok: true as const };
      },
    });

    app.post('/api/auth/password', {
      config: { access: { authenticated: true } },
      schema: { tags: ['auth'], summary: 'Change your password; ends your other sessions', body: changePasswordSchema, response: { 200: okSchema } },
      handler: async (request) => {
        await service.changePassword(deps, sessionOf(request), request.body, auditContextOf(request));
        return { ok: true as const };
      },
    });
  };
