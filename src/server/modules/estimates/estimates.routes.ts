import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idParamsSchema } from '../../../contracts/common.js';
import {
  estimateInputSchema,
  estimateListSchema,
  estimateSchema,
  priceItemInputSchema,
  priceItemSchema,
  priceItemUpdateSchema,
  priceListSchema,
} from '../../../contracts/estimates.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './estimates.service.js';
import type { EstimateDeps } from './estimates.service.js';

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const estimateRoutes =
  (deps: EstimateDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/locations/:id/price-list', {
      config: { access: { permission: 'location:read' } },
      schema: {
        tags: ['estimates'],
        summary: "A clinic's price list: single sessions and packages, and what each includes",
        params: idParamsSchema,
        response: { 200: priceListSchema, ...errors },
      },
      handler: async (request) => service.priceList(deps, sessionOf(request).user, request.params.id),
    });
    app.post('/api/locations/:id/price-list', {
      config: { access: { permission: 'pricing:manage' } },
      schema: {
        tags: ['estimates'],
        summary: 'Add a price list item',
        params: idParamsSchema,
        body: priceItemInputSchema,
        response: { 201: priceItemSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.addPrice(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });
    app.patch('/api/price-list/:id', {
      config: { access: { permission: 'pricing:manage' } },
      schema: {
        tags: ['estimates'],
        summary: 'Change a price, its name, or retire it',
        params: idParamsSchema,
        body: priceItemUpdateSchema,
        response: { 200: priceItemSchema, ...errors },
      },
      handler: async (request) => service.updatePrice(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });
    app.post('/api/patients/:id/estimates', {
      config: { access: { permission: 'estimate:write' } },
      schema: {
        tags: ['estimates'],
        summary: "Estimate a patient's cost for a planned course (a Good Faith Estimate for self-pay)",
        params: idParamsSchema,
        body: estimateInputSchema,
        response: { 201: estimateSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.createEstimate(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });
    app.get('/api/patients/:id/estimates', {
      config: { access: { permission: 'patient:read' } },
      schema: { tags: ['estimates'], summary: "A patient's estimates, newest first", params: idParamsSchema, response: { 200: estimateListSchema, ...errors } },
      handler: async (request) => service.listEstimates(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.get('/api/estimates/:id', {
      config: { access: { permission: 'patient:read' } },
      schema: { tags: ['estimates'], summary: 'An estimate with how it was computed', params: idParamsSchema, response: { 200: estimateSchema, ...errors } },
      handler: async (request) => service.readEstimate(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.get('/api/estimates/:id/pdf', {
      config: { access: { permission: 'patient:read' } },
      schema: { tags: ['estimates'], summary: 'The printable estimate (PDF)', params: idParamsSchema },
      handler: async (request, reply) => {
        const pdf = await service.estimatePdf(deps, sessionOf(request).user, request.params.id, auditContextOf(request));
        return reply.type('application/pdf').header('content-disposition', 'inline; filename="estimate.pdf"').send(Buffer.from(pdf));
      },
    });
  };
