import type { SessionUser } from '../../../contracts/auth.js';
import { carcInfo } from '../../../domain/billing/carc.js';
import { addDays } from '../../../domain/time/clinic-today.js';
import { seesAllClinics } from '../../platform/access/permissions.js';
import type { AuditContext } from '../../platform/audit/audit-trail.js';
import { csvCell } from '../../platform/csv.js';
import { badRequest, forbidden } from '../../platform/errors.js';
import * as repo from './billing.repository.js';
import type { BillingDeps } from './billing.service.js';

const n = (v: number | string | null) => Number(v ?? 0);
const rate = (num: number, den: number) => (den === 0 ? null : Math.round((num / den) * 1000) / 10);

/**
 * The revenue-cycle report for [from, to): A/R aging by payer (as of the day before `to`), denial rate by payer and
 * code, days to payment by payer, collections by clinic and month. Every rate comes with its n.
 */
export async function billingReport(deps: BillingDeps, user: SessionUser, q: { from: string; to: string; locationId?: string | undefined }, ctx: AuditContext) {
  if (q.to <= q.from) throw badRequest('to must be after from', [{ path: 'to', message: 'must be after from' }]);
  if (q.locationId && !seesAllClinics(user) && !user.locationIds.includes(q.locationId)) throw forbidden('That clinic is not one of yours.');
  const clinics = q.locationId ? [q.locationId] : seesAllClinics(user) ? null : user.locationIds;
  const [aging, denials, days, money] = await Promise.all([
    repo.agingByPayer(deps.db, user.organizationId, clinics, addDays(q.to, -1)),
    repo.denialRates(deps.db, user.organizationId, clinics, q.from, q.to),
    repo.daysToPayment(deps.db, user.organizationId, clinics, q.from, q.to),
    repo.collections(deps.db, user.organizationId, clinics, q.from, q.to),
  ]);
  deps.audit.record(ctx, {
    action: 'report.billing',
    outcome: 'success',
    entityType: 'report',
    details: { from: q.from, to: q.to, locationId: q.locationId ?? null },
  });
  return {
    from: q.from,
    to: q.to,
    asOf: addDays(q.to, -1),
    aging: aging.map((a) => ({
      payerId: a.payerId,
      payerName: a.payerName,
      claims: a.claims,
      buckets: { '0-30': n(a.b0), '31-60': n(a.b31), '61-90': n(a.b61), '91-120': n(a.b91), '121+': n(a.b121) },
      totalCents: n(a.totalCents),
    })),
    denialRate: denials.byPayer.map((d) => ({
      payerId: d.payerId,
      payerName: d.payerName,
      adjudicated: d.adjudicated,
      denied: d.denied,
      ratePercent: rate(d.denied, d.adjudicated),
    })),
    denialCodes: denials.byCode.map((d) => ({
      payerName: d.payerName,
      code: `${d.groupCode}-${d.reasonCode}`,
      meaning: carcInfo(d.reasonCode).meaning,
      count: d.count,
      amountCents: n(d.amountCents),
    })),
    daysToPayment: days.map((d) => ({ payerName: d.payerName, claims: d.claims, averageDays: d.averageDays, medianDays: d.medianDays })),
    collections: money.map((m) => ({
      locationName: m.locationName,
      month: m.month,
      insuranceCents: n(m.insuranceCents),
      patientCents: n(m.patientCents),
      totalCents: n(m.insuranceCents) + n(m.patientCents),
    })),
  };
}

type Report = Awaited<ReturnType<typeof billingReport>>;
const money = (c: number) => (c / 100).toFixed(2);

/** One section of the report as CSV (money in dollars with cents). */
export function reportCsv(r: Report, section: 'aging' | 'denials' | 'days_to_payment' | 'collections'): string {
  const rows: (string | number | null)[][] =
    section === 'aging'
      ? [
          ['payer', 'claims', '0-30', '31-60', '61-90', '91-120', '121+', 'total'],
          ...r.aging.map((a) => [a.payerName, a.claims, ...Object.values(a.buckets).map(money), money(a.totalCents)]),
        ]
      : section === 'denials'
        ? [
            ['payer', 'adjudicated', 'denied', 'rate_percent'],
            ...r.denialRate.map((d) => [d.payerName, d.adjudicated, d.denied, d.ratePercent]),
            [],
            ['payer', 'code', 'meaning', 'count', 'amount'],
            ...r.denialCodes.map((d) => [d.payerName, d.code, d.meaning, d.count, money(d.amountCents)]),
          ]
        : section === 'days_to_payment'
          ? [['payer', 'claims', 'average_days', 'median_days'], ...r.daysToPayment.map((d) => [d.payerName, d.claims, d.averageDays, d.medianDays])]
          : [
              ['clinic', 'month', 'insurance', 'patients', 'total'],
              ...r.collections.map((c) => [c.locationName, c.month, money(c.insuranceCents), money(c.patientCents), money(c.totalCents)]),
            ];
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
