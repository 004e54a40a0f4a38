import type { Db } from '../../db/client.js';
import type { Job } from '../../platform/jobs/job-runner.js';
import type { NotificationSender } from '../../platform/notifications/senders.js';
import * as repo from './notifications.repository.js';

const SUBJECTS: Record<string, string> = {
  'lead.escalated': 'A callback is overdue at your clinic',
};

const MAX_ATTEMPTS = 5;

/**
 * The outbox job: claims pending notifications (skipping rows another instance holds), hands each to the sender
 * and records the result. A failed send is retried on later ticks, up to MAX_ATTEMPTS.
 */
export function deliveryJob(sender: NotificationSender, everyMs = 5_000): Job {
  return {
    name: 'notifications.deliver',
    everyMs,
    async run(tx: Db) {
      const rows = await repo.claimPending(tx);
      for (const row of rows) {
        const subject = SUBJECTS[row.kind] ?? 'Something needs your attention in Stepwise';
        const text = `${subject}. Open Stepwise${row.link ? ` at ${row.link}` : ''} to see it.`;
        try {
          await sender.send({ kind: row.kind, to: { email: row.email, name: row.displayName }, subject, text });
          await repo.markDelivered(tx, row.id);
        } catch (err) {
          const message = err instanceof Error ? err.message.slice(0, 500) : 'send failed';
          await repo.markDeliveryFailed(tx, row.id, message, MAX_ATTEMPTS);
        }
      }
      return rows.length;
    },
  };
}
