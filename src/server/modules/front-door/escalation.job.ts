import type { Job } from '../../platform/jobs/job-runner.js';
import { notifyOnce } from '../notifications/index.js';
import { escalateOverdueLeads } from './leads.repository.js';

/** Every 15 s: flag leads whose callback deadline passed with no call, and notify their clinic's managers. */
export function escalationJob(log: { warn: (obj: object, msg: string) => void }, everyMs = 15_000): Job {
  return {
    name: 'leads.escalate',
    everyMs,
    async run(tx) {
      const escalated = await escalateOverdueLeads(tx);
      // The clinic's managers (or the administrators) hear of each escalated lead once: the notifications module's
      // unique key makes a second notice a no-op, in this same transaction.
      const notified = await notifyOnce(
        tx,
        escalated.flatMap((e) =>
          e.recipients.map((userId) => ({
            organizationId: e.organizationId,
            userId,
            kind: 'lead.escalated',
            title: `Callback overdue${e.urgent ? ' (URGENT)' : ''}: ${e.name}`,
            body: `No call was logged by ${e.dueLocal} ${e.timeZone} at ${e.clinicName}.`,
            link: `/leads/${e.id}`,
            entityId: e.id,
          })),
        ),
      );
      for (const e of escalated)
        log.warn(
          { leadId: e.id, clinic: e.clinicName, managersNotified: notified.filter((x) => x === e.id).length },
          'callback deadline passed without a call; lead escalated',
        );
      return escalated.length;
    },
  };
}
