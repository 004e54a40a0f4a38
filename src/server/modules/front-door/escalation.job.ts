import type { Job } from '../../platform/jobs/job-runner.js';
import { escalateOverdueLeads } from './leads.repository.js';

/** Every 15 s: flag leads whose callback deadline passed with no call, and notify their clinic's managers. */
export function escalationJob(log: { warn: (obj: object, msg: string) => void }, everyMs = 15_000): Job {
  return {
    name: 'leads.escalate',
    everyMs,
    async run(tx) {
      const escalated = await escalateOverdueLeads(tx);
      for (const e of escalated)
        log.warn({ leadId: e.id, clinic: e.clinic_name, managersNotified: e.managers }, 'callback deadline passed without a call; lead escalated');
      return escalated.length;
    },
  };
}
