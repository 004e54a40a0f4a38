import { formatCents } from '../../../domain/coverage/estimate.js';
import { installmentsToRemind } from '../../../domain/billing/patient-money.js';
import { addDays, clinicToday } from '../../../domain/time/clinic-today.js';
import type { Job } from '../../platform/jobs/job-runner.js';
import type { PatientSender } from '../../platform/notifications/senders.js';
import { plansWithInstallmentsDue } from '../estimates/index.js';
import { billingLocations } from '../locations/index.js';
import { messageContacts } from '../patients/index.js';
import * as repo from './billing.repository.js';

type Contact = Awaited<ReturnType<typeof messageContacts>>[number];

/** The reminder's words, in the patient's language. */
export function installmentMessage(
  c: { givenName: string; preferredLanguage: string },
  r: { dueOn: string; amountCents: number; overdue: boolean },
  clinic: { name: string; phone: string | null },
) {
  const amount = formatCents(r.amountCents);
  if (c.preferredLanguage === 'es')
    return {
      subject: `${clinic.name}: pago de su plan ${r.overdue ? 'vencido' : 'próximo'}`,
      text: `Hola ${c.givenName}: ${r.overdue ? `su pago de ${amount} venció el ${r.dueOn}` : `su pago de ${amount} vence el ${r.dueOn}`}, según su plan de pagos. Puede pagar en la recepción${clinic.phone ? ` o llamar al ${clinic.phone}` : ''}. Su estado de cuenta está en su portal.`,
    };
  return {
    subject: `${clinic.name}: your payment plan installment ${r.overdue ? 'is overdue' : 'is due soon'}`,
    text: `Hi ${c.givenName}, ${r.overdue ? `your ${amount} installment was due on ${r.dueOn}` : `your ${amount} installment is due on ${r.dueOn}`} under your payment plan. You can pay at the front desk${clinic.phone ? ` or call ${clinic.phone}` : ''}. Your statement is in your portal.`,
  };
}

/**
 * Payment-plan reminders (issue 12): every hour, the installments due within 3 days or overdue and not covered by the
 * patient's payments since the plan began are claimed once per installment and channel (email or text, only where
 * the patient agreed to reminders), then sent after the commit.
 */
export function installmentReminderJob(senders: { email: PatientSender; sms: PatientSender }, everyMs = 3_600_000): Job {
  let claimed: { reminder: repo.ClaimedInstallmentReminder; contact: Contact; overdue: boolean; clinic: { name: string; phone: string | null } }[] = [];
  return {
    name: 'billing.installment-reminders',
    everyMs,
    async run(tx) {
      claimed = [];
      const utcToday = new Date().toISOString().slice(0, 10);
      const plans = await plansWithInstallmentsDue(tx, addDays(utcToday, -60), addDays(utcToday, 4));
      if (plans.length === 0) return 0;
      const contacts = new Map(
        (
          await messageContacts(
            tx,
            plans.map((p) => p.patientId),
          )
        ).map((c) => [c.id, c]),
      );
      const locations = new Map(
        (await billingLocations(tx, [...new Set([...contacts.values()].flatMap((c) => (c.locationId ? [c.locationId] : [])))])).map((l) => [l.id, l]),
      );
      const paid = await repo.paidSince(
        tx,
        plans.map((p) => ({ patientId: p.patientId, since: new Date(p.createdAt).toISOString().slice(0, 10) })),
      );
      const rows: Parameters<typeof repo.claimInstallmentReminders>[1][number][] = [];
      const meta = new Map<string, { contact: Contact; overdue: boolean; clinic: { name: string; phone: string | null } }>();
      for (const p of plans) {
        const c = contacts.get(p.patientId);
        const loc = c?.locationId ? locations.get(c.locationId) : undefined;
        if (!c || !loc) continue;
        const due = installmentsToRemind(
          { installments: p.paymentPlan.map((i) => ({ number: i.number, dueOn: i.dueDate, amountCents: i.amountCents })) },
          paid.get(p.patientId) ?? 0,
          clinicToday(loc.timeZone),
        );
        const channels = [...(c.reminderEmail && c.email ? (['email'] as const) : []), ...(c.reminderSms && c.phoneMobile ? (['sms'] as const) : [])];
        for (const d of due)
          for (const channel of channels) {
            rows.push({
              organizationId: c.organizationId,
              patientId: c.id,
              estimateId: p.estimateId,
              installmentNumber: d.number,
              dueOn: d.dueOn,
              amountCents: d.amountCents,
              channel,
            });
            // One plan per patient (their latest), so patient, installment and channel name a reminder.
            meta.set(`${c.id}|${d.number}|${channel}`, { contact: c, overdue: d.overdue, clinic: { name: loc.name, phone: loc.phone } });
          }
      }
      for (const reminder of await repo.claimInstallmentReminders(tx, rows)) {
        const m = meta.get(`${reminder.patientId}|${reminder.installmentNumber}|${reminder.channel}`);
        if (m) claimed.push({ reminder, ...m });
      }
      return claimed.length;
    },
    async afterCommit(db) {
      const batch = claimed;
      claimed = [];
      let sent = 0;
      for (const { reminder, contact, overdue, clinic } of batch) {
        const message = installmentMessage(contact, { dueOn: reminder.dueOn, amountCents: reminder.amountCents, overdue }, clinic);
        try {
          await senders[reminder.channel].send({ to: reminder.channel === 'email' ? (contact.email ?? '') : (contact.phoneMobile ?? ''), ...message });
          await repo.markInstallmentReminder(db, reminder.id, 'sent', null);
          sent++;
        } catch (err) {
          await repo.markInstallmentReminder(db, reminder.id, 'failed', (err as Error).message.slice(0, 300));
        }
      }
      return sent;
    },
  };
}
