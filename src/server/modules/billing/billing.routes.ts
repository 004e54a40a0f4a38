import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  appealCreateSchema,
  appealLetterSchema,
  appealOutcomeSchema,
  billingReportQuerySchema,
  batchIdsSchema,
  billingSettingsSchema,
  chargeEditSchema,
  chargeListQuerySchema,
  claimCorrectionSchema,
  claimListQuerySchema,
  claimStatusSchema,
  denialListQuerySchema,
  denialResolveSchema,
  feeItemSchema,
  idsSchema,
  manualChargeSchema,
  payerBillingSettingsSchema,
  paymentSchema,
  refundSchema,
  remittanceJsonSchema,
  superbillQuerySchema,
} from '../../../contracts/billing.js';
import { anyObjectSchema } from '../../../contracts/charting.js';
import { errorSchema, idParamsSchema, versionSchema } from '../../../contracts/common.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import { badRequest } from '../../platform/errors.js';
import * as billing from './billing.service.js';
import type { BillingDeps } from './billing.service.js';
import * as claims from './claims.service.js';
import * as denials from './denials.service.js';
import * as ledger from './ledger.service.js';
import * as remits from './remittances.service.js';
import { billingReport, reportCsv } from './reports.service.js';

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const tags = ['billing'];
const list = { 200: z.object({ items: z.array(anyObjectSchema) }).loose() };
const versionBody = z.object({ version: versionSchema }).strict();
const pdf = (name: string) => ({ 'content-disposition': `inline; filename="${name}"` });
/** An 835 is at most this big: 10,000 claims is about 5 MB. */
const REMITTANCE_LIMIT = 50 * 1024 * 1024;

export const billingRoutes =
  (deps: BillingDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // An 835 arrives as the file itself (X12 or plain text) or as JSON { file }.
    app.addContentTypeParser(['application/edi-x12', 'application/octet-stream'], { parseAs: 'string', bodyLimit: REMITTANCE_LIMIT }, (_req, body, done) =>
      done(null, body),
    );

    // ---- Settings and fees ----
    app.get('/api/billing/settings', {
      config: { access: { permission: 'billing:settings' } },
      schema: {
        tags,
        summary: 'The practice’s clearinghouse settings and each payer’s billing settings (with the defaults that apply when none are saved)',
        response: { 200: anyObjectSchema },
      },
      handler: async (request) => billing.getSettings(deps, sessionOf(request).user, auditContextOf(request)),
    });
    app.put('/api/billing/settings', {
      config: { access: { permission: 'billing:settings' } },
      schema: {
        tags,
        summary: 'Save the practice’s submitter, receiver, usage (T/P), ketamine NDC and taxonomy',
        body: billingSettingsSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => billing.saveSettings(deps, sessionOf(request).user, request.body, auditContextOf(request)),
    });
    app.put('/api/billing/payers/:id/settings', {
      config: { access: { permission: 'billing:settings' } },
      schema: {
        tags,
        summary: 'Save a payer’s X12 payer ID, claim filing indicator, timely-filing days, appeal rules and Spravato drug-line rule',
        params: idParamsSchema,
        body: payerBillingSettingsSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => billing.savePayerSettings(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });
    app.get('/api/fee-schedules', {
      config: { access: { permission: 'fee:read' } },
      schema: {
        tags,
        summary: 'A clinic’s fees: the standard fee per code and each payer’s contracted fees',
        querystring: z.object({ locationId: z.uuid() }),
        response: { ...list, ...errors },
      },
      handler: async (request) => billing.listFees(deps, sessionOf(request).user, request.query.locationId, auditContextOf(request)),
    });
    app.put('/api/fee-schedules', {
      config: { access: { permission: 'fee:manage' } },
      schema: { tags, summary: 'Set a fee (payerId null: the clinic’s standard fee)', body: feeItemSchema, response: { 200: anyObjectSchema, ...errors } },
      handler: async (request) => billing.saveFee(deps, sessionOf(request).user, request.body, auditContextOf(request)),
    });

    // ---- Charges ----
    app.get('/api/charges', {
      config: { access: { permission: 'charge:read' } },
      schema: {
        tags,
        summary: 'Charges by status; reading the review list first codes every session signed since the last time',
        querystring: chargeListQuerySchema,
        response: { ...list, ...errors },
      },
      handler: async (request) => billing.listCharges(deps, sessionOf(request).user, request.query, auditContextOf(request)),
    });
    app.post('/api/charges', {
      config: { access: { permission: 'charge:write' } },
      schema: {
        tags,
        summary: 'Add a charge the chart does not code (an E/M, a psychotherapy add-on)',
        body: manualChargeSchema,
        response: { 201: anyObjectSchema, ...errors },
      },
      handler: async (request, reply) => reply.status(201).send(await billing.addCharge(deps, sessionOf(request).user, request.body, auditContextOf(request))),
    });
    app.patch('/api/charges/:id', {
      config: { access: { permission: 'charge:write' } },
      schema: {
        tags,
        summary: 'Correct a charge under review (units, fee, modifiers, diagnoses, pointers)',
        params: idParamsSchema,
        body: chargeEditSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => billing.editCharge(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });
    app.post('/api/charges/:id/void', {
      config: { access: { permission: 'charge:write' } },
      schema: { tags, summary: 'Void a charge under review', params: idParamsSchema, body: versionBody, response: { 200: anyObjectSchema, ...errors } },
      handler: async (request) => billing.voidCharge(deps, sessionOf(request).user, request.params.id, request.body.version, auditContextOf(request)),
    });
    app.post('/api/charges/approve', {
      config: { access: { permission: 'charge:write' } },
      schema: {
        tags,
        summary: 'Approve reviewed charges: they go on the ledger; insured ones wait for a claim, self-pay ones are billed to the patient',
        body: idsSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => billing.approveCharges(deps, sessionOf(request).user, request.body.ids, auditContextOf(request)),
    });

    // ---- Claims and batches ----
    app.get('/api/claims', {
      config: { access: { permission: 'claim:read' } },
      schema: { tags, summary: 'Claims by status, patient or batch', querystring: claimListQuerySchema, response: { ...list, ...errors } },
      handler: async (request) => claims.listClaims(deps, sessionOf(request).user, request.query, auditContextOf(request)),
    });
    app.post('/api/claims', {
      config: { access: { permission: 'claim:write' } },
      schema: {
        tags,
        summary: 'Make draft claims from approved charges (per patient, coverage, clinic, provider and authorization; at most 50 lines each)',
        body: idsSchema,
        response: { 201: z.object({ items: z.array(anyObjectSchema) }), ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await claims.createClaims(deps, sessionOf(request).user, request.body.ids, auditContextOf(request))),
    });
    app.get('/api/claims/:id', {
      config: { access: { permission: 'claim:read' } },
      schema: {
        tags,
        summary: 'A claim: lines, scrubber findings, history, remittances, denials, appeals',
        params: idParamsSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => claims.claimDetail(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.post('/api/claims/:id/ready', {
      config: { access: { permission: 'claim:write' } },
      schema: {
        tags,
        summary: 'Mark a draft claim ready to send; refused (409 claim_not_clean) with the scrubber’s findings',
        params: idParamsSchema,
        body: versionBody,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => claims.markReady(deps, sessionOf(request).user, request.params.id, request.body.version, auditContextOf(request)),
    });
    app.post('/api/claims/:id/acknowledgment', {
      config: { access: { permission: 'claim:write' } },
      schema: {
        tags,
        summary: 'Record the clearinghouse’s or payer’s acknowledgment: accepted or rejected',
        params: idParamsSchema,
        body: claimStatusSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => claims.recordAcknowledgment(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });
    app.post('/api/claims/:id/replace', {
      config: { access: { permission: 'claim:write' } },
      schema: {
        tags,
        summary: 'A replacement claim (frequency 7) referencing the payer’s claim number of this one',
        params: idParamsSchema,
        body: claimCorrectionSchema,
        response: { 201: anyObjectSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await claims.correctClaim(deps, sessionOf(request).user, request.params.id, 'replace', request.body, auditContextOf(request))),
    });
    app.post('/api/claims/:id/void', {
      config: { access: { permission: 'claim:write' } },
      schema: {
        tags,
        summary: 'A void claim (frequency 8) referencing the payer’s claim number of this one',
        params: idParamsSchema,
        body: claimCorrectionSchema,
        response: { 201: anyObjectSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await claims.correctClaim(deps, sessionOf(request).user, request.params.id, 'void', request.body, auditContextOf(request))),
    });
    app.get('/api/claim-batches', {
      config: { access: { permission: 'claim:read' } },
      schema: { tags, summary: 'Claim batches, newest first', response: list },
      handler: async (request) => claims.listBatches(deps, sessionOf(request).user, auditContextOf(request)),
    });
    app.post('/api/claim-batches', {
      config: { access: { permission: 'claim:write' } },
      // 10,000 claim ids are about 400 kB of JSON.
      bodyLimit: 1024 * 1024,
      schema: {
        tags,
        summary: 'Batch ready claims into 837P files (one per billing provider); the claims become submitted',
        body: batchIdsSchema,
        response: { 201: z.object({ items: z.array(anyObjectSchema) }), ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await claims.createBatches(deps, sessionOf(request).user, request.body.ids, auditContextOf(request))),
    });
    app.get('/api/claim-batches/:id/837p', {
      config: { access: { permission: 'claim:read' } },
      schema: { tags, summary: 'The batch’s X12 005010X222A1 837P file, exactly as made', params: idParamsSchema },
      handler: async (request, reply) => {
        const f = await claims.batchFile(deps, sessionOf(request).user, request.params.id, auditContextOf(request));
        return reply.type('application/edi-x12; charset=utf-8').header('content-disposition', `attachment; filename="${f.name}"`).send(f.content);
      },
    });
    app.post('/api/claim-batches/:id/submit', {
      config: { access: { permission: 'claim:write' } },
      schema: {
        tags,
        summary: 'Hand the batch’s file to the clearinghouse (file drop)',
        params: idParamsSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => claims.submitBatch(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    // ---- Remittances ----
    app.post('/api/remittances', {
      config: { access: { permission: 'remittance:import' } },
      bodyLimit: REMITTANCE_LIMIT,
      schema: {
        tags,
        summary:
          'Import an 835 (the file as application/edi-x12 or text/plain, or JSON { file }): posted whole when it matches and balances, otherwise held with its problems',
        response: { 201: anyObjectSchema, 200: anyObjectSchema, ...errors },
      },
      handler: async (request, reply) => {
        const body: unknown = request.body;
        const text = typeof body === 'string' ? body : remittanceJsonSchema.safeParse(body).data?.file;
        if (!text) throw badRequest('file is required: send the 835 as the body, or JSON { file }', [{ path: 'file', message: 'is required' }]);
        const result = await remits.importRemittance(deps, sessionOf(request).user, text, auditContextOf(request));
        return reply.status(result.duplicate ? 200 : 201).send(result);
      },
    });
    app.get('/api/remittances', {
      config: { access: { permission: 'remittance:read' } },
      schema: { tags, summary: 'Imported remittances, newest first, posted or held', response: list },
      handler: async (request) => remits.listRemittances(deps, sessionOf(request).user, auditContextOf(request)),
    });
    app.get('/api/remittances/:id', {
      config: { access: { permission: 'remittance:read' } },
      schema: {
        tags,
        summary: 'A remittance: its claims, adjustments with their meanings, and any problems holding it',
        params: idParamsSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => remits.remittanceDetail(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.post('/api/remittances/:id/post', {
      config: { access: { permission: 'remittance:import' } },
      schema: {
        tags,
        summary: 'Try a held remittance again: posted whole, or held with its current problems',
        params: idParamsSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => remits.retryRemittance(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    // ---- Denials and appeals ----
    app.get('/api/denials', {
      config: { access: { permission: 'denial:read' } },
      schema: {
        tags,
        summary: 'The denials worklist by deadline, with each code’s meaning, the likely fix and the days left; totals by payer and code',
        querystring: denialListQuerySchema,
        response: { ...list, ...errors },
      },
      handler: async (request) => denials.listDenials(deps, sessionOf(request).user, request.query, auditContextOf(request)),
    });
    app.post('/api/denials/:id/resolve', {
      config: { access: { permission: 'denial:work' } },
      schema: {
        tags,
        summary: 'Close a denial without appeal: write off, move to the patient, or resolved by a correction',
        params: idParamsSchema,
        body: denialResolveSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => denials.resolveDenial(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });
    app.post('/api/denials/:id/appeals', {
      config: { access: { permission: 'denial:work' } },
      schema: {
        tags,
        summary: 'Open an appeal at the next level, its deadline from the payer’s rules and a letter drafted from the chart',
        params: idParamsSchema,
        body: appealCreateSchema,
        response: { 201: anyObjectSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await denials.createAppeal(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });
    app.get('/api/appeals/:id', {
      config: { access: { permission: 'denial:work' } },
      schema: { tags, summary: 'An appeal with its letter', params: idParamsSchema, response: { 200: anyObjectSchema, ...errors } },
      handler: async (request) => denials.readAppeal(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.patch('/api/appeals/:id/letter', {
      config: { access: { permission: 'denial:work' } },
      schema: {
        tags,
        summary: 'Edit a draft appeal’s letter',
        params: idParamsSchema,
        body: appealLetterSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => denials.editAppealLetter(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });
    app.post('/api/appeals/:id/status', {
      config: { access: { permission: 'denial:work' } },
      schema: {
        tags,
        summary: 'Record that the appeal was sent, then its outcome',
        params: idParamsSchema,
        body: appealOutcomeSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => denials.recordAppealStatus(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request)),
    });
    app.get('/api/appeals/:id/letter.pdf', {
      config: { access: { permission: 'denial:work' } },
      schema: { tags, summary: 'The appeal letter (PDF)', params: idParamsSchema },
      handler: async (request, reply) => {
        const file = await denials.appealPdf(deps, sessionOf(request).user, request.params.id, auditContextOf(request));
        return reply.type('application/pdf').headers(pdf('appeal.pdf')).send(Buffer.from(file));
      },
    });

    // ---- The patient's money ----
    app.get('/api/patients/:id/ledger', {
      config: { access: { permission: 'ledger:read' } },
      schema: {
        tags,
        summary: 'The patient’s ledger, balances (kept by the database), payments, plan standing and the No Surprises Act check',
        params: idParamsSchema,
        response: { 200: anyObjectSchema, ...errors },
      },
      handler: async (request) => ledger.patientAccount(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });
    app.post('/api/patients/:id/payments', {
      config: { access: { permission: 'payment:record' } },
      schema: {
        tags,
        summary: 'Record a patient payment (cash, card, check, HSA/FSA card)',
        params: idParamsSchema,
        body: paymentSchema,
        response: { 201: anyObjectSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await ledger.recordPayment(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });
    app.post('/api/payments/:id/refund', {
      config: { access: { permission: 'payment:refund' } },
      schema: { tags, summary: 'Refund (part of) a payment', params: idParamsSchema, body: refundSchema, response: { 201: anyObjectSchema, ...errors } },
      handler: async (request, reply) =>
        reply.status(201).send(await ledger.refundPayment(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });
    app.get('/api/payments/:id/receipt.pdf', {
      config: { access: { permission: 'ledger:read' } },
      schema: { tags, summary: 'An itemized receipt for a payment, with what an HSA/FSA administrator asks for (PDF)', params: idParamsSchema },
      handler: async (request, reply) => {
        const file = await ledger.receiptPdf(deps, sessionOf(request).user, request.params.id, auditContextOf(request));
        return reply.type('application/pdf').headers(pdf('receipt.pdf')).send(Buffer.from(file));
      },
    });
    app.get('/api/patients/:id/statement.pdf', {
      config: { access: { permission: 'ledger:read' } },
      schema: { tags, summary: 'The patient’s statement (PDF)', params: idParamsSchema },
      handler: async (request, reply) => {
        const file = await ledger.statementPdf(deps, sessionOf(request).user, request.params.id, auditContextOf(request));
        return reply.type('application/pdf').headers(pdf('statement.pdf')).send(Buffer.from(file));
      },
    });
    app.get('/api/patients/:id/superbill.pdf', {
      config: { access: { permission: 'superbill:print' } },
      schema: {
        tags,
        summary: 'A superbill for one visit (sessionId) or one month (YYYY-MM) (PDF)',
        params: idParamsSchema,
        querystring: superbillQuerySchema,
      },
      handler: async (request, reply) => {
        const file = await ledger.superbillPdf(deps, sessionOf(request).user, request.params.id, request.query, auditContextOf(request));
        return reply.type('application/pdf').headers(pdf('superbill.pdf')).send(Buffer.from(file));
      },
    });

    // ---- Reports ----
    app.get('/api/reports/billing', {
      config: { access: { permission: 'report:billing' } },
      schema: {
        tags,
        summary: 'A/R aging by payer, denial rate by payer and code, days to payment, collections by clinic and month; format=csv with section= for a file',
        querystring: billingReportQuerySchema,
      },
      handler: async (request, reply) => {
        const q = request.query;
        const report = await billingReport(deps, sessionOf(request).user, q, auditContextOf(request));
        if (q.format !== 'csv') return report;
        const section = q.section ?? 'aging';
        return reply
          .header('content-disposition', `attachment; filename="billing-${section}-${q.from}-${q.to}.csv"`)
          .type('text/csv; charset=utf-8')
          .send(reportCsv(report, section));
      },
    });
  };
