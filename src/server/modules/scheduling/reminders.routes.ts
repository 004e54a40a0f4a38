import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idParamsSchema, isoDateSchema, isoDateTimeSchema, okSchema } from '../../../contracts/common.js';
import type { Config } from '../../config.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './reminders.service.js';
import type { PublicVisit } from './reminders.service.js';
import type { SchedulingDeps } from './scheduling.service.js';

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema };
const tokenParams = z.object({ token: z.string().max(64) });
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The small page a reminder links to (no login, no script): the visit, its preparation, and two buttons. */
function visitPage(token: string, v: PublicVisit | null, said?: 'confirm' | 'reschedule'): string {
  const body = !v
    ? `<h1>This link has expired</h1><p>Please call the clinic about your visit.</p>`
    : `<h1>Your visit at ${escapeHtml(v.clinicName)}</h1>
       <p class="when">${escapeHtml(v.when)}</p>
       <p>${escapeHtml(v.address)}</p>
       ${v.preparation.length ? `<h2>Before you come</h2><ul>${v.preparation.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>` : ''}
       ${
         v.status !== 'booked'
           ? `<p role="status">This visit is no longer booked. Please call the clinic${v.clinicPhone ? ` at ${escapeHtml(v.clinicPhone)}` : ''}.</p>`
           : said === 'confirm' || (v.confirmation === 'confirmed' && !said)
             ? `<p role="status" class="ok">Thank you: your visit is confirmed.</p>`
             : said === 'reschedule' || v.confirmation === 'reschedule_requested'
               ? `<p role="status">We will call you to find another time.</p>`
               : `<form method="post"><input type="hidden" name="action" value="confirm"><button type="submit">I will be there</button></form>
                  <form method="post"><input type="hidden" name="action" value="reschedule"><button type="submit" class="secondary">Please call me to reschedule</button></form>`
       }
       <p><a href="/visit/${escapeHtml(token)}/visit.ics">Add to my calendar</a>${v.clinicPhone ? ` · Questions: <a href="tel:${escapeHtml(v.clinicPhone)}">${escapeHtml(v.clinicPhone)}</a>` : ''}</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Your visit</title>
<style>body{font:17px/1.5 system-ui,sans-serif;margin:0;padding:1.25rem;max-width:34rem;color:#1a1a1a}h1{font-size:1.4rem}h2{font-size:1.1rem}
.when{font-size:1.2rem;font-weight:700}button{font:inherit;width:100%;padding:.85rem;margin:.4rem 0;border-radius:.5rem;border:2px solid #0b6e4f;background:#0b6e4f;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b6e4f}.ok{color:#0b6e4f;font-weight:700}a{color:#0b5394}</style></head>
<body><main>${body}</main></body></html>`;
}

export const reminderRoutes =
  (deps: SchedulingDeps & { config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    const base = deps.config.publicBaseUrl;

    // Text replies from the SMS provider (a webhook): authenticated by a bearer token, never a session.
    app.post('/api/messages/inbound', {
      config: { access: { public: true } },
      schema: {
        tags: ['scheduling'],
        summary: 'A patient’s text reply (provider-neutral): "C" confirms the next visit, "R" asks for a call; anything else waits for a coordinator',
        headers: z.object({ authorization: z.string().max(200).optional() }),
        body: z.object({ from: z.string().min(1).max(40), body: z.string().max(1600), receivedAt: isoDateTimeSchema }).strict(),
        response: { 202: z.object({ id: z.string(), outcome: z.string(), needsReview: z.boolean() }), ...errors },
      },
      handler: async (request, reply) => {
        service.assertInboundToken(deps.config.messaging.inboundToken, request.headers.authorization);
        return reply.status(202).send(await service.receiveInbound(deps, request.body, auditContextOf(request)));
      },
    });

    app.get('/api/messages/inbound', {
      config: { access: { permission: 'message:review' } },
      schema: {
        tags: ['scheduling'],
        summary: 'Text replies waiting for a coordinator: unknown numbers, replies that are not C or R, reschedule requests',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                fromPhone: z.string(),
                body: z.string(),
                receivedAt: z.string(),
                outcome: z.string(),
                patient: z.object({ id: z.string(), name: z.string() }).nullable(),
                appointment: z.object({ id: z.string(), startsAt: z.string().nullable() }).nullable(),
              }),
            ),
          }),
          ...errors,
        },
      },
      handler: async (request) => service.inboundForReview(deps, sessionOf(request).user, auditContextOf(request)),
    });

    app.post('/api/messages/inbound/:id/review', {
      config: { access: { permission: 'message:review' } },
      schema: {
        tags: ['scheduling'],
        summary: 'Mark a text reply as dealt with (with a note)',
        params: idParamsSchema,
        body: z.object({ note: z.string().trim().max(500).nullable().optional() }).strict(),
        response: { 200: okSchema, ...errors },
      },
      handler: async (request) => service.reviewInbound(deps, sessionOf(request).user, request.params.id, request.body.note ?? null, auditContextOf(request)),
    });

    app.get('/api/locations/:id/readiness', {
      config: { access: { permission: 'readiness:read' } },
      schema: {
        tags: ['scheduling'],
        summary: "A clinic's visits of a day (tomorrow by default) with confirmation, reminders and each visit's checklist",
        params: idParamsSchema,
        querystring: z.object({ date: isoDateSchema.optional() }).strict(),
        response: {
          200: z.object({
            date: z.string(),
            timeZone: z.string(),
            items: z.array(
              z.object({
                id: z.string(),
                patient: z.object({ id: z.string(), name: z.string(), phoneMobile: z.string().nullable() }),
                consent: z.object({ sms: z.boolean(), email: z.boolean() }),
                kind: z.string(),
                startsAt: z.string(),
                localStart: z.string(),
                confirmation: z.string(),
                courseId: z.string().nullable(),
                reminders: z.array(z.object({ channel: z.string(), status: z.string(), sentAt: z.string().nullable(), error: z.string().nullable() })),
                checklist: z.array(z.object({ text: z.string(), source: z.string() })),
              }),
            ),
          }),
          ...errors,
        },
      },
      handler: async (request) => service.readinessList(deps, sessionOf(request).user, request.params.id, request.query.date, auditContextOf(request)),
    });

    app.post('/api/me/calendar-feed', {
      config: { access: { permission: 'appointment:read' } },
      schema: {
        tags: ['scheduling'],
        summary: 'Create my calendar feed URL (.ics), revoking any earlier one; the URL is shown once',
        response: { 201: z.object({ url: z.string() }), ...errors },
      },
      handler: async (request, reply) => reply.status(201).send(await service.createCalendarFeed(deps, sessionOf(request).user, base, auditContextOf(request))),
    });

    app.delete('/api/me/calendar-feed', {
      config: { access: { permission: 'appointment:read' } },
      schema: { tags: ['scheduling'], summary: 'Revoke my calendar feed URL', response: { 200: z.object({ revoked: z.number().int() }), ...errors } },
      handler: async (request) => service.revokeCalendarFeed(deps, sessionOf(request).user, auditContextOf(request)),
    });

    app.get('/feeds/staff/:token.ics', {
      config: { access: { public: true } },
      schema: { hide: true, params: tokenParams },
      handler: async (request, reply) => {
        const ics = await service.staffFeed(deps, request.params.token, auditContextOf(request));
        if (!ics) return reply.status(404).type('text/plain').send('No such calendar feed (revoked or never created).');
        return reply.header('cache-control', 'no-store').type('text/calendar; charset=utf-8').send(ics);
      },
    });

    // The patient's confirmation page: a form post, so it works without script on any phone.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const page = (reply: { header(k: string, v: string): unknown; type(t: string): { send(b: string): unknown } }, html: string) => {
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      return reply.type('text/html; charset=utf-8').send(html);
    };
    app.get('/visit/:token', {
      config: { access: { public: true } },
      schema: { hide: true, params: tokenParams },
      handler: async (request, reply) => {
        const v = await service.readPublicVisit(deps.db, request.params.token);
        return page(reply.status(v ? 200 : 404), visitPage(request.params.token, v));
      },
    });
    app.post('/visit/:token', {
      config: { access: { public: true } },
      schema: { hide: true, params: tokenParams, body: z.object({ action: z.enum(['confirm', 'reschedule']) }) },
      handler: async (request, reply) => {
        const v = await service.answerPublicVisit(deps, request.params.token, request.body.action, auditContextOf(request));
        return page(reply.status(v ? 200 : 404), visitPage(request.params.token, v, request.body.action));
      },
    });
    app.get('/visit/:token/visit.ics', {
      config: { access: { public: true } },
      schema: { hide: true, params: tokenParams },
      handler: async (request, reply) => {
        const ics = await service.publicVisitIcs(deps.db, request.params.token);
        if (!ics) return reply.status(404).type('text/plain').send('This link has expired.');
        return reply
          .header('cache-control', 'no-store')
          .header('content-disposition', 'attachment; filename="visit.ics"')
          .type('text/calendar; charset=utf-8')
          .send(ics);
      },
    });
  };
