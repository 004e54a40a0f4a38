/**
 * The controlled-substance record (issue 10): ketamine and esketamine are Schedule III (domain.md §2.1, §3; DEA rules
 * apply, A2.2). Every vial received, every amount drawn for a session, given and wasted (with a witness) is an entry;
 * amounts are integers in tenths of a mg. A clinic's log balances when, for each vial, what was received equals what is
 * left plus what was drawn (less returns), and for each draw, what was drawn equals what was given plus wasted plus
 * returned. These functions compute the running balance and name every imbalance.
 */

export type EntryKind = 'receive' | 'draw' | 'administer' | 'waste' | 'return' | 'adjust';
export type LedgerEntry = {
  id: string;
  kind: EntryKind;
  drug: string;
  vial: string;
  /** Tenths of a mg; adjust may be negative (a count correction), every other kind positive. */
  amountTenths: number;
  sessionId: string | null;
  recordedAt: string;
};

export type VialBalance = { drug: string; vial: string; onHandTenths: number };
export type DrawReconciliation = {
  sessionId: string;
  vial: string;
  drawnTenths: number;
  givenTenths: number;
  wastedTenths: number;
  returnedTenths: number;
  balanced: boolean;
};

/** How an entry changes the stock on hand (vials on the shelf); draws leave the shelf, returns come back. */
export const stockEffect = (e: Pick<LedgerEntry, 'kind' | 'amountTenths'>): number =>
  e.kind === 'receive' || e.kind === 'return' || e.kind === 'adjust' ? e.amountTenths : e.kind === 'draw' ? -e.amountTenths : 0;

export function vialBalances(entries: readonly LedgerEntry[]): VialBalance[] {
  const map = new Map<string, VialBalance>();
  for (const e of entries) {
    const key = `${e.drug}\u0000${e.vial}`;
    const b = map.get(key) ?? { drug: e.drug, vial: e.vial, onHandTenths: 0 };
    b.onHandTenths += stockEffect(e);
    map.set(key, b);
  }
  return [...map.values()];
}

/** Each session's draws against what was given, wasted and returned from that vial. */
export function reconcileDraws(entries: readonly LedgerEntry[]): DrawReconciliation[] {
  const map = new Map<string, DrawReconciliation>();
  for (const e of entries) {
    if (!e.sessionId || e.kind === 'receive' || e.kind === 'adjust') continue;
    const key = `${e.sessionId}\u0000${e.vial}`;
    const r = map.get(key) ?? { sessionId: e.sessionId, vial: e.vial, drawnTenths: 0, givenTenths: 0, wastedTenths: 0, returnedTenths: 0, balanced: false };
    if (e.kind === 'draw') r.drawnTenths += e.amountTenths;
    if (e.kind === 'administer') r.givenTenths += e.amountTenths;
    if (e.kind === 'waste') r.wastedTenths += e.amountTenths;
    if (e.kind === 'return') r.returnedTenths += e.amountTenths;
    map.set(key, r);
  }
  return [...map.values()].map((r) => ({ ...r, balanced: r.drawnTenths === r.givenTenths + r.wastedTenths + r.returnedTenths }));
}

/** Whether a new entry keeps the draw it belongs to possible: never give, waste or return more than was drawn. */
export function entryProblem(entries: readonly LedgerEntry[], next: Omit<LedgerEntry, 'id' | 'recordedAt'>): string | null {
  if (next.kind !== 'adjust' && (!Number.isInteger(next.amountTenths) || next.amountTenths <= 0)) return 'amount must be above 0';
  if (next.kind === 'adjust' && (!Number.isInteger(next.amountTenths) || next.amountTenths === 0)) return 'an adjustment changes the count';
  const onHand = vialBalances(entries.filter((e) => e.drug === next.drug && e.vial === next.vial))[0]?.onHandTenths ?? 0;
  if (next.kind === 'draw' && next.amountTenths > onHand) return `only ${onHand / 10} mg is left in vial ${next.vial}`;
  if (next.kind === 'adjust' && onHand + next.amountTenths < 0) return `the vial holds ${onHand / 10} mg; the count cannot go below 0`;
  if (next.kind === 'administer' || next.kind === 'waste' || next.kind === 'return') {
    if (!next.sessionId) return 'belongs to a session';
    const r = reconcileDraws([...entries, { ...next, id: 'next', recordedAt: '' }]).find((d) => d.sessionId === next.sessionId && d.vial === next.vial);
    if (!r || r.givenTenths + r.wastedTenths + r.returnedTenths > r.drawnTenths) return `more than was drawn from vial ${next.vial} for this session`;
  }
  return null;
}
