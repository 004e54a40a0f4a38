/**
 * The suicide-risk check at every session (issue 10): PHQ-9 item 9 or the C-SSRS screener, and any other positive
 * answer from any source (a questionnaire the patient answered today). A positive answer alerts the provider at once
 * and shows on the day board; it never passes silently, and it never silently blocks: treatment waits for a
 * provider's documented review, and the chart says so.
 *
 * Sources: ../shared/domain.md §6.1 (PHQ-9 item 9, any answer above 0 is a positive screen for thoughts of death or
 * self-harm) and §6.4 (C-SSRS screener: Q1 wish to be dead, Q2 suicidal thoughts, Q3 method, Q4 intent, Q5 plan with
 * intent, Q6 behaviour; high risk: yes to Q4 or Q5, or behaviour in the past 3 months; the C-SSRS is administered by
 * the clinician here, its answers recorded by question number, because electronic self-report needs a licence).
 * The moderate level for Q3 and Q6 lifetime follows the Columbia triage guidance as commonly published (UNVERIFIED).
 */

export type CssrsAnswers = {
  q1: boolean;
  q2: boolean;
  q3?: boolean | null;
  q4?: boolean | null;
  q5?: boolean | null;
  q6: boolean;
  q6PastThreeMonths?: boolean | null;
};

export type RiskInput = { phq9Item9?: number | null; cssrs?: CssrsAnswers | null; otherPositive?: readonly string[] };

export type RiskLevel = 'none' | 'low' | 'moderate' | 'high';
export type RiskResult = { positive: boolean; level: RiskLevel; reasons: string[] };

export function riskInputProblems(r: RiskInput): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if ((r.phq9Item9 === undefined || r.phq9Item9 === null) && !r.cssrs)
    problems.push({ field: 'phq9Item9', message: 'record PHQ-9 item 9 or the C-SSRS screener' });
  const item9 = r.phq9Item9 ?? null;
  if (item9 !== null && (!Number.isInteger(item9) || item9 < 0 || item9 > 3)) problems.push({ field: 'phq9Item9', message: 'must be 0, 1, 2 or 3' });
  if (r.cssrs?.q2) {
    for (const q of ['q3', 'q4', 'q5'] as const)
      if (r.cssrs[q] === undefined || r.cssrs[q] === null) problems.push({ field: `cssrs.${q}`, message: 'is asked when question 2 is yes' });
  }
  if (r.cssrs?.q6 && (r.cssrs.q6PastThreeMonths === undefined || r.cssrs.q6PastThreeMonths === null))
    problems.push({ field: 'cssrs.q6PastThreeMonths', message: 'is asked when question 6 is yes' });
  return problems;
}

const ORDER: RiskLevel[] = ['none', 'low', 'moderate', 'high'];
const worst = (a: RiskLevel, b: RiskLevel) => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b);

export function evaluateRisk(r: RiskInput): RiskResult {
  let level: RiskLevel = 'none';
  const reasons: string[] = [];
  const item9 = r.phq9Item9 ?? null;
  if (item9 !== null && item9 > 0) {
    level = worst(level, item9 >= 2 ? 'moderate' : 'low');
    reasons.push(`PHQ-9 item 9 answered ${item9} (thoughts of death or self-harm)`);
  }
  const c = r.cssrs;
  if (c) {
    const items: [boolean | null | undefined, string, RiskLevel][] = [
      [c.q1, 'C-SSRS Q1 yes (wish to be dead)', 'low'],
      [c.q2, 'C-SSRS Q2 yes (suicidal thoughts)', 'low'],
      [c.q3, 'C-SSRS Q3 yes (thoughts of method)', 'moderate'],
      [c.q4, 'C-SSRS Q4 yes (intent)', 'high'],
      [c.q5, 'C-SSRS Q5 yes (plan with intent)', 'high'],
    ];
    for (const [yes, reason, itemLevel] of items) {
      if (!yes) continue;
      reasons.push(reason);
      level = worst(level, itemLevel);
    }
    if (c.q6) {
      reasons.push(c.q6PastThreeMonths ? 'C-SSRS Q6 yes, within the past 3 months (suicidal behaviour)' : 'C-SSRS Q6 yes, lifetime (suicidal behaviour)');
      level = worst(level, c.q6PastThreeMonths ? 'high' : 'moderate');
    }
  }
  for (const other of r.otherPositive ?? []) {
    reasons.push(other);
    level = worst(level, 'low');
  }
  return { positive: reasons.length > 0, level, reasons };
}
