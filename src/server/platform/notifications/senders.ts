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
