import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { jobHistoryQuerySchema, jobHistorySchema, type JobRunView } from '../../../contracts/jobs.js';
import type { JobRunner } from '../../platform/jobs/job-runner.js';

/** The background jobs' history: what ran, when, how often it was retried and what it said. Administrators only. */
export const jobRoutes =
  (jobs: Pick<JobRunner, 'history'>): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/jobs', {
      config: { access: { permission: 'jobs:read' } },
      schema: { tags: ['health'], summary: 'Background job runs, newest first', querystring: jobHistoryQuerySchema, response: { 200: jobHistorySchema } },
      handler: async (request) => ({ runs: (await jobs.history(request.query.limit)) as JobRunView[] }),
    });
  };
