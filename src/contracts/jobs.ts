import { z } from 'zod';

export const jobRunSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(['created', 'retry', 'active', 'completed', 'cancelled', 'failed']),
  retryCount: z.number().int(),
  createdOn: z.string(),
  startedOn: z.string().nullable(),
  completedOn: z.string().nullable(),
  output: z.unknown(),
});
export type JobRunView = z.infer<typeof jobRunSchema>;

export const jobHistoryQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const jobHistorySchema = z.object({ runs: z.array(jobRunSchema) });
