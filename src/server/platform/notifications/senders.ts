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

/** A message to a patient (a visit reminder): by email, with the visit as an .ics attachment, or by text message. */
export type PatientMessage = { to: string; subject: string; text: string; ics?: { filename: string; content: string } };

/** Sends patient messages on one channel; answers the provider's message id when it gives one. */
export type PatientSender = { channel: 'email' | 'sms'; transport: string; send(message: PatientMessage): Promise<{ id: string | null }> };

/** The default when no SMTP_URL / SMS_URL is set: the message goes to the server log (without its text), not to the patient. */
export function logPatientSender(channel: 'email' | 'sms', log: { info: (obj: object, msg: string) => void }): PatientSender {
  return {
    channel,
    transport: 'log',
    async send(message) {
      log.info({ reminder: { channel, to: message.to.replace(/.(?=.{4})/g, '•'), subject: message.subject } }, 'patient message (log sender; not delivered)');
      return { id: null };
    },
  };
}

/** Email over SMTP (nodemailer), configured by one URL: smtp://user:pass@host:587 or smtps://... for TLS. */
export async function smtpSender(url: string, from: string): Promise<PatientSender> {
  const { createTransport } = await import('nodemailer');
  const transport = createTransport(url);
  const host = new URL(url).host;
  return {
    channel: 'email',
    transport: `smtp (${host})`,
    async send(message) {
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.ics ? { icalEvent: { filename: message.ics.filename, method: 'PUBLISH', content: message.ics.content } } : {}),
      });
      return { id: info.messageId || null };
    },
  };
}

/**
 * Text messages through a provider's REST API in the common shape (Twilio's Messages resource and its look-alikes):
 * POST form fields To, From and Body to SMS_URL with HTTP basic credentials taken from the URL, answer JSON with `sid`.
 */
export function restSmsSender(url: string, from: string, fetchImpl: typeof fetch = fetch): PatientSender {
  const target = new URL(url);
  const auth = target.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`
    : null;
  target.username = '';
  target.password = '';
  return {
    channel: 'sms',
    transport: `sms REST (${target.host})`,
    async send(message) {
      const res = await fetchImpl(target, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(auth ? { authorization: auth } : {}) },
        body: new URLSearchParams({ To: message.to, From: from, Body: message.text }).toString(),
        signal: AbortSignal.timeout(15_000),
      });
      if (!res.ok) throw new Error(`SMS provider answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      const body = (await res.json().catch(() => ({}))) as { sid?: string; id?: string };
      return { id: body.sid ?? body.id ?? null };
    },
  };
}
