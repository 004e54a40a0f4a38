import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql-values.js';
import type { Job } from '../jobs/job-runner.js';

/**
 * A message leaving the system by email or SMS. It carries no patient details: those channels are not secure,
 * so the text only says that something needs attention and where to look in the app.
 */
export type OutgoingMessage = { kind: string; to: { email: string; name: string }; subject: string; text: string };

/** Delivers outgoing messages. Plug in an email or SMS provider by implementing this. */
export type NotificationSender = { channel: string; send(message: OutgoingMessage): Promise<void> };

/** The default sender: writes each message to the server log instead of sending it. */
export function logSender(log: { info: (obj: object, msg: string) => void }): NotificationSender {
  return {
    channel: 'log',
    async send(message) {
      log.info(
        { notification: { kind: message.kind, to: message.to.email, subject: message.subject } },
        'notification (log sender; configure a real sender to deliver)',
      );
    },
  };
}

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
      const rows = await queryRows<{ id: string; kind: string; link: string | null; email: string; display_name: string }>(
        tx,
        sql`select n.id, n.kind, n.link, u.email, u.display_name
              from notifications n join users u on u.id = n.user_id
             where n.delivery_status = 'pending'
             order by n.created_at
             limit 100
               for update of n skip locked`,
      );
      for (const row of rows) {
        const subject = SUBJECTS[row.kind] ?? 'Something needs your attention in Stepwise';
        const text = `${subject}. Open Stepwise${row.link ? ` at ${row.link}` : ''} to see it.`;
        try {
          await sender.send({ kind: row.kind, to: { email: row.email, name: row.display_name }, subject, text });
          await tx.execute(
            sql`update notifications set delivery_status = 'sent', delivered_at = now(), delivery_attempts = delivery_attempts + 1, delivery_error = null where id = ${row.id}`,
          );
        } catch (err) {
          const message = err instanceof Error ? err.message.slice(0, 500) : 'send failed';
          await tx.execute(sql`update notifications
                                  set delivery_attempts = delivery_attempts + 1, delivery_error = ${message},
                                      delivery_status = case when delivery_attempts + 1 >= ${MAX_ATTEMPTS} then 'failed' else 'pending' end
                                where id = ${row.id}`);
        }
      }
      return rows.length;
    },
  };
}
