import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema } from '../../../contracts/common.js';
import {
  callbackConfirmationSchema,
  callbackRequestSchema,
  publicClinicListSchema,
  screeningRequestSchema,
  screeningResultSchema,
} from '../../../contracts/front-door.js';
import { auditContextOf } from '../../platform/auth/auth.plugin.js';
import * as service from './leads.service.js';
import type { FrontDoorDeps } from './leads.service.js';

type Deps = FrontDoorDeps & { config: FrontDoorDeps['config'] & { publicForms: { ratePerMinutePerIp: number } } };

// A callback form is well under 2 KB; 16 KB leaves room for long answers and refuses floods of junk early.
const PUBLIC_BODY_LIMIT = 16 * 1024;

/**
 * The practice's front door: what a clinic's own website can call without a login. Protected by per-address
 * rate limits, a per-phone limit (in the service), a honeypot field and a small body limit.
 */
export const publicRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const rateLimit = { max: deps.config.publicForms.ratePerMinutePerIp, timeWindow: '1 minute' };

    app.get('/api/public/clinics', {
      config: { access: { public: true } },
      schema: { tags: ['public'], summary: 'Clinics a visitor can choose for a callback', security: [], response: { 200: publicClinicListSchema } },
      handler: async () => service.listPublicClinics(deps),
    });

    app.post('/api/public/callback-requests', {
      config: { access: { public: true }, rateLimit },
      bodyLimit: PUBLIC_BODY_LIMIT,
      schema: {
        tags: ['public'],
        summary: 'Ask for a callback (US phone numbers only). Answers when to expect the call, in the visitor time zone when given.',
        description:
          'We call within 10 minutes inside the clinic calling hours, otherwise 10 minutes after the next opening. Leave `website` empty: it is a honeypot. Limits: requests per minute per address, and a few per phone number per day (429).',
        security: [],
        body: callbackRequestSchema,
        response: { 201: callbackConfirmationSchema, 400: errorSchema, 429: errorSchema },
      },
      handler: async (request, reply) => {
        const { website, ...contact } = request.body;
        if (website) {
          request.log.warn({ route: 'callback-requests' }, 'honeypot filled; request dropped');
          return reply.status(201).send(service.decoyConfirmation());
        }
        return reply.status(201).send(await service.requestCallback(deps, contact, auditContextOf(request)));
      },
    });

    app.post('/api/public/screenings', {
      config: { access: { public: true }, rateLimit: { ...rateLimit, max: rateLimit.max * 3 } },
      bodyLimit: PUBLIC_BODY_LIMIT,
      schema: {
        tags: ['public'],
        summary: 'Score a free PHQ-9 / GAD-7 check; with `contact`, also ask for a callback',
        description:
          'Body: {"responses": {"PHQ-9": [nine answers 0-3], "GAD-7": [seven answers 0-3]}} (either or both). Answers, per instrument, `total` and `severity` (published bands), and `crisis`: true when PHQ-9 item 9 is above 0, with crisis resources (988). Without `contact` only anonymous daily counts are kept.',
        security: [],
        body: screeningRequestSchema,
        response: { 200: screeningResultSchema, 400: errorSchema, 429: errorSchema },
      },
      handler: async (request) => {
        const { website, ...rest } = request.body;
        if (website) {
          request.log.warn({ route: 'screenings' }, 'honeypot filled; contact dropped');
          return service.submitScreening(deps, { ...rest, contact: undefined }, auditContextOf(request));
        }
        return service.submitScreening(deps, rest, auditContextOf(request));
      },
    });
  };
