import { useEffect, useState, type ReactNode } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Loader,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { roleHas } from '../../../contracts/permissions.js';
import { ApiError } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import {
  actOnAlert,
  chartAction,
  flushReadings,
  getChart,
  MODALITY_LABELS,
  onQueueChange,
  queuedReadings,
  queueReading,
  retryReadingsNow,
  type Chart,
} from './api.js';

/** Clock time of an instant in the browser (the tablet is in the clinic). */
const hhmm = (iso: string) => new Date(iso).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });

/** Ticks every second: countdowns on the chart. */
function useNow(ms = 1000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

const mmss = (ms: number) => {
  const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * A treatment session charted at the chair (issue 10), built for a tablet held in one hand: large targets, one column
 * on narrow screens, readings kept on the device while the connection is down and sent once when it returns.
 */
export function ChartPage() {
  const { id = '' } = useParams();
  const { session } = useSession();
  const role = session?.user.role ?? 'biller';
  const qc = useQueryClient();
  const chart = useQuery({ queryKey: ['chart', id], queryFn: () => getChart(id), refetchInterval: 15_000 });
  const [error, setError] = useState<{ text: string; fields: { path: string; message: string }[] } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  async function run(action: string, body: Record<string, unknown>, done?: string) {
    setError(null);
    setSaved(null);
    try {
      const next = await chartAction(id, action, { ...body, ...(needsVersion(action) ? { version: chart.data?.version } : {}) });
      qc.setQueryData(['chart', id], next);
      if (done) setSaved(done);
      return true;
    } catch (err) {
      setError({ text: err instanceof Error ? err.message : 'Not saved.', fields: err instanceof ApiError ? err.fields : [] });
      await qc.invalidateQueries({ queryKey: ['chart', id] });
      return false;
    }
  }

  if (chart.isLoading) return <Loader aria-label="Loading the chart" />;
  if (chart.isError || !chart.data) return <Alert color="red">Could not load this chart.</Alert>;
  const c = chart.data;
  const started = Boolean(c.treatmentStartedAt);
  const locked = Boolean(c.signedAt);
  const sedating = c.modality !== 'tms' && c.modality !== 'therapy';

  return (
    <Stack maw={900}>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {MODALITY_LABELS[c.modality]}
          {c.sessionNumber ? ` · session ${c.sessionNumber}` : ''}
        </Title>
        <Group>
          <Badge size="xl" color={STATUS_COLOR[c.status] ?? 'gray'} c={DARK_TEXT.has(STATUS_COLOR[c.status] ?? '') ? 'dark.9' : undefined}>
            {STATUS_WORDS[c.status] ?? c.status}
          </Badge>
          <Button component={Link} to={`/patients/${c.patientId}`} variant="subtle">
            Patient record
          </Button>
        </Group>
      </Group>
      {c.schedule && !c.dischargedAt && <Countdown chart={c} />}
      {error && (
        <Alert
          color="red"
          title={
            <Text fw={700} size="sm" c="dark.9">
              Not saved
            </Text>
          }
          role="alert"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setError(null)}
        >
          {error.fields.length > 1 ? (
            <List size="sm">
              {error.fields.map((f) => (
                <List.Item key={f.path + f.message}>{f.message}</List.Item>
              ))}
            </List>
          ) : (
            error.text
          )}
        </Alert>
      )}
      {saved && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={() => setSaved(null)}>
          {saved}
        </Alert>
      )}
      <Alerts chart={c} role={role} onDone={(next) => qc.setQueryData(['chart', id], next)} onError={(text) => setError({ text, fields: [] })} />

      {!started && c.modality !== 'therapy' && !locked && (
        <>
          <PreCheck chart={c} run={run} />
          <RiskCheck chart={c} run={run} />
          {(c.modality === 'iv_ketamine' || c.modality === 'im_ketamine') && <KetamineOrder chart={c} run={run} canOrder={roleHas(role, 'session:order')} />}
          {c.modality === 'spravato' && <SpravatoDose chart={c} run={run} />}
          {c.startBlockers.length > 0 && (
            <Alert
              color="yellow"
              title={
                <Text fw={700} size="sm" c="dark.9">
                  Before treatment
                </Text>
              }
            >
              <List size="sm">
                {c.startBlockers.map((b) => (
                  <List.Item key={b}>{b}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          {c.modality !== 'spravato' && (
            <Button size="xl" disabled={c.startBlockers.length > 0} onClick={() => void run('start', {}, 'Treatment started.')}>
              {c.modality === 'iv_ketamine' ? 'Start infusion' : c.modality === 'im_ketamine' ? 'Dose given' : 'Start treatment'}
            </Button>
          )}
        </>
      )}
      {c.dose && started && <DoseCard chart={c} />}
      {c.modality === 'spravato' && c.spravato && !locked && <Devices chart={c} run={run} />}
      {sedating && (started || c.spravato) && !c.dischargedAt && !locked && <VitalsEntry chart={c} />}
      {c.vitals.length > 0 && <Timeline chart={c} />}
      {c.modality === 'tms' && <Tms chart={c} run={run} locked={locked} />}
      {c.modality === 'therapy' && !locked && <TherapyNote chart={c} run={run} />}
      {started && !c.treatmentEndedAt && c.modality !== 'spravato' && c.modality !== 'therapy' && !locked && (
        <Button
          size="xl"
          color="orange"
          onClick={() => void run('end', {}, c.modality === 'iv_ketamine' ? 'Infusion stopped; recovery has started.' : 'Treatment ended.')}
        >
          {c.modality === 'iv_ketamine' ? 'Stop infusion' : 'Treatment done'}
        </Button>
      )}
      {!locked && <AdverseEvent run={run} />}
      {c.adverseEvents.length > 0 && (
        <Section title="Side effects and adverse events">
          <List>
            {c.adverseEvents.map((e) => (
              <List.Item key={e.id}>
                {hhmm(e.onsetAt)} · {e.type.replaceAll('_', ' ')} ({e.severity}
                {e.serious ? ', serious' : ''}) · {e.actionTaken} · {e.outcome}
              </List.Item>
            ))}
          </List>
        </Section>
      )}
      {c.modality !== 'therapy' && c.treatmentEndedAt && !c.dischargedAt && !locked && <Discharge chart={c} run={run} />}
      {c.dischargedAt && (
        <Text>
          Discharged at {hhmm(c.dischargedAt)}
          {typeof c.discharge?.escortName === 'string' && c.discharge.escortName ? ` with ${c.discharge.escortName}` : ''}.
        </Text>
      )}
      <Signing chart={c} run={run} role={role} />
    </Stack>
  );
}

const needsVersion = (action: string) => !['adverse-events', 'motor-threshold', 'cosign', 'amendments'].includes(action);
type Run = (action: string, body: Record<string, unknown>, done?: string) => Promise<boolean>;

const STATUS_WORDS: Record<string, string> = {
  open: 'Checked in',
  in_treatment: 'In treatment',
  observing: 'Observing',
  treated: 'Treated',
  discharged: 'Discharged',
  signed: 'Signed',
  awaiting_cosign: 'Awaiting co-signature',
  cosigned: 'Co-signed',
};
/** Filled badges in these light colours take dark text (WCAG AA contrast). */
const DARK_TEXT = new Set(['orange', 'yellow', 'teal']);
const STATUS_COLOR: Record<string, string> = {
  open: 'blue',
  in_treatment: 'violet',
  observing: 'yellow',
  discharged: 'teal',
  signed: 'green',
  cosigned: 'green',
  awaiting_cosign: 'yellow',
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function Countdown({ chart }: { chart: Chart }) {
  const now = useNow();
  const next = chart.schedule?.next;
  const overdue = chart.schedule?.overdueCount ?? 0;
  if (!next && overdue === 0) return null;
  const left = next ? new Date(next.dueAt).getTime() - now : 0;
  return (
    <Alert
      color={left < 0 || overdue > 0 ? 'red' : 'blue'}
      aria-live="polite"
      title={
        <Text fw={700} size="sm" c="dark.9">
          {left < 0 ? 'Reading due now' : 'Next reading'}
        </Text>
      }
    >
      <Text size="xl" fw={700}>
        {next ? (left >= 0 ? `in ${mmss(left)} (at ${hhmm(next.dueAt)})` : `overdue by ${mmss(left)}`) : 'No reading scheduled'}
      </Text>
      {overdue > 0 && <Text>{overdue} reading(s) were missed on the schedule.</Text>}
    </Alert>
  );
}

function Alerts({ chart, role, onDone, onError }: { chart: Chart; role: string; onDone: (c: Chart) => void; onError: (t: string) => void }) {
  const open = chart.alerts.filter((a) => !a.actedAt);
  const [notes, setNotes] = useState<Record<string, { action: string | null; note: string }>>({});
  if (chart.alerts.length === 0) return null;
  return (
    <Section title="Alerts">
      <Stack>
        {open.map((a) => {
          const providerOnly = a.kind === 'suicide_risk' || a.kind === 'pre_dose_bp';
          const actions = ACTIONS[a.kind] ?? [];
          const n = notes[a.id] ?? { action: null, note: '' };
          return (
            <Card key={a.id} withBorder bg="red.0" aria-label={`Alert: ${a.message}`}>
              <Text fw={700}>{a.message}</Text>
              <Text size="sm" c="dimmed">
                Raised {hhmm(a.raisedAt)}
              </Text>
              {providerOnly && role !== 'provider' ? (
                <Text size="sm" mt="xs">
                  A provider documents the decision; they were alerted.
                </Text>
              ) : (
                <Stack gap="xs" mt="xs">
                  <Group gap="xs" role="radiogroup" aria-label="Action taken">
                    {actions.map((x) => (
                      <Button
                        key={x.value}
                        size="md"
                        role="radio"
                        aria-checked={n.action === x.value}
                        variant={n.action === x.value ? 'filled' : 'default'}
                        onClick={() => setNotes({ ...notes, [a.id]: { ...n, action: x.value } })}
                      >
                        {x.label}
                      </Button>
                    ))}
                  </Group>
                  <TextInput
                    size="lg"
                    label="Action note"
                    value={n.note}
                    onChange={(e) => setNotes({ ...notes, [a.id]: { ...n, note: e.currentTarget.value } })}
                  />
                  <Button
                    size="lg"
                    disabled={!n.action || !n.note.trim()}
                    onClick={() =>
                      void actOnAlert(chart.id, a.id, { action: n.action ?? '', note: n.note })
                        .then(onDone)
                        .catch((err: unknown) => onError(err instanceof Error ? err.message : 'Not saved.'))
                    }
                  >
                    Save action
                  </Button>
                </Stack>
              )}
            </Card>
          );
        })}
        {chart.alerts
          .filter((a) => a.actedAt)
          .map((a) => (
            <Text key={a.id} size="sm">
              {hhmm(a.raisedAt)} {a.message} — {a.action?.replaceAll('_', ' ')}: {a.actionNote}
            </Text>
          ))}
      </Stack>
    </Section>
  );
}

const ACTIONS: Record<string, { value: string; label: string }[]> = {
  threshold: [
    { value: 'slowed', label: 'Slowed' },
    { value: 'paused', label: 'Paused' },
    { value: 'stopped', label: 'Stopped' },
    { value: 'provider_called', label: 'Provider called' },
    { value: 'continued', label: 'Continued' },
  ],
  suicide_risk: [
    { value: 'reviewed', label: 'Reviewed: treat today' },
    { value: 'stopped', label: 'Not today' },
  ],
  pre_dose_bp: [
    { value: 'continued', label: 'Dose today' },
    { value: 'stopped', label: 'Defer the dose' },
  ],
  adverse_event: [
    { value: 'reviewed', label: 'Reviewed' },
    { value: 'provider_called', label: 'Provider called' },
    { value: 'stopped', label: 'Treatment stopped' },
  ],
};

function PreCheck({ chart, run }: { chart: Chart; run: Run }) {
  const prev = (chart.preCheck ?? {}) as Record<string, unknown>;
  const [v, setV] = useState<Record<string, unknown>>({
    identityConfirmed: false,
    consentOnFile: false,
    readinessReviewed: false,
    medicationChange: false,
    sleepChange: false,
    pregnancyStatus: 'not_applicable',
    ...(chart.modality === 'tms' ? { metalScreenClear: false } : {}),
    ...(chart.modality === 'spravato'
      ? { fastingConfirmed: false, concomitant: { benzodiazepines: false, sedativeHypnotics: false, psychostimulants: false, maois: false, opioids: false } }
      : {}),
    ...prev,
  });
  const [newMeds, setNewMeds] = useState(typeof prev.newMedications === 'string' ? prev.newMedications : '');
  const box = (key: string, label: string) => (
    <Checkbox size="lg" label={label} checked={v[key] === true} onChange={(e) => setV({ ...v, [key]: e.currentTarget.checked })} />
  );
  const con = (v.concomitant ?? {}) as Record<string, boolean>;
  return (
    <Section title={chart.preCheck ? 'Pre-treatment check ✓' : 'Pre-treatment check'}>
      <Stack gap="sm">
        {box('identityConfirmed', 'Identity confirmed (name and date of birth)')}
        {box('consentOnFile', 'Consent on file')}
        {box('readinessReviewed', 'Today’s readiness answers reviewed')}
        {chart.modality === 'tms' && box('metalScreenClear', 'Metal screen clear (nothing ferromagnetic within 30 cm of the coil)')}
        {chart.modality === 'spravato' && box('fastingConfirmed', 'No food for 2 hours, no liquids for 30 minutes')}
        {box('medicationChange', 'Medication changed since the last visit')}
        {box('sleepChange', 'Sleep changed since the last visit')}
        <TextInput size="lg" label="New medications" value={newMeds} onChange={(e) => setNewMeds(e.currentTarget.value)} />
        <Select
          size="lg"
          label="Pregnancy status"
          data={[
            { value: 'not_applicable', label: 'Not applicable' },
            { value: 'not_pregnant', label: 'Not pregnant' },
            { value: 'pregnant', label: 'Pregnant' },
            { value: 'unknown', label: 'Unknown' },
          ]}
          value={String(v.pregnancyStatus)}
          onChange={(x) => setV({ ...v, pregnancyStatus: x ?? 'not_applicable' })}
        />
        {chart.modality === 'spravato' && (
          <Stack gap="xs" role="group" aria-label="Medicines that may cause sedation or a blood-pressure change">
            <Text fw={600}>Taking any of these (REMS form)?</Text>
            {(
              [
                ['benzodiazepines', 'Benzodiazepines'],
                ['sedativeHypnotics', 'Non-benzodiazepine sleep medicines'],
                ['psychostimulants', 'Psychostimulants'],
                ['maois', 'MAOIs'],
                ['opioids', 'Opioids'],
              ] as const
            ).map(([key, label]) => (
              <Checkbox
                key={key}
                size="lg"
                label={label}
                checked={con[key] === true}
                onChange={(e) => setV({ ...v, concomitant: { ...con, [key]: e.currentTarget.checked } })}
              />
            ))}
          </Stack>
        )}
        <Button size="lg" onClick={() => void run('pre-check', { ...v, newMedications: newMeds.trim() || null }, 'Pre-treatment check saved.')}>
          Save check
        </Button>
      </Stack>
    </Section>
  );
}

const ITEM9 = ['0 · Not at all', '1 · Several days', '2 · More than half the days', '3 · Nearly every day'];

function RiskCheck({ chart, run }: { chart: Chart; run: Run }) {
  const [tool, setTool] = useState<'phq9' | 'cssrs'>('phq9');
  const [item9, setItem9] = useState<string | null>(null);
  const [c, setC] = useState<Record<string, boolean | null>>({ q1: null, q2: null, q3: null, q4: null, q5: null, q6: null, q6PastThreeMonths: null });
  const yn = (key: string, label: string) => (
    <Group key={key} justify="space-between" wrap="nowrap">
      <Text>{label}</Text>
      <SegmentedControl
        size="md"
        data={[
          { value: 'no', label: 'No' },
          { value: 'yes', label: 'Yes' },
        ]}
        value={c[key] === null ? '' : c[key] ? 'yes' : 'no'}
        onChange={(x) => setC({ ...c, [key]: x === 'yes' })}
        aria-label={label}
      />
    </Group>
  );
  const done = chart.riskPositive !== null;
  return (
    <Section title="Suicide-risk check">
      <Stack gap="sm">
        {done && (
          <Alert color={chart.riskPositive ? 'red' : 'green'}>
            {chart.riskPositive
              ? `Positive (${chart.risk?.level ?? ''}): ${chart.risk?.reasons.join('; ') ?? ''}. The provider was alerted.`
              : 'Negative screen recorded.'}
          </Alert>
        )}
        <SegmentedControl
          data={[
            { value: 'phq9', label: 'PHQ-9 item 9' },
            { value: 'cssrs', label: 'C-SSRS screener' },
          ]}
          value={tool}
          onChange={(x) => setTool(x as 'phq9' | 'cssrs')}
        />
        {tool === 'phq9' ? (
          <Stack gap="xs" role="radiogroup" aria-label="PHQ-9 item 9: thoughts that you would be better off dead, or of hurting yourself">
            <Text>Over the last 2 weeks, thoughts that you would be better off dead, or of hurting yourself?</Text>
            {ITEM9.map((label, i) => (
              <Button
                key={label}
                size="lg"
                variant={item9 === String(i) ? 'filled' : 'default'}
                role="radio"
                aria-checked={item9 === String(i)}
                onClick={() => setItem9(String(i))}
              >
                {label}
              </Button>
            ))}
          </Stack>
        ) : (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              Clinician-administered; answers recorded by question number.
            </Text>
            {yn('q1', 'Q1 Wish to be dead')}
            {yn('q2', 'Q2 Suicidal thoughts')}
            {c.q2 && yn('q3', 'Q3 Thoughts of method')}
            {c.q2 && yn('q4', 'Q4 Intent')}
            {c.q2 && yn('q5', 'Q5 Plan with intent')}
            {yn('q6', 'Q6 Suicidal behaviour (lifetime)')}
            {c.q6 && yn('q6PastThreeMonths', 'Q6 within the past 3 months')}
          </Stack>
        )}
        <Button
          size="lg"
          disabled={tool === 'phq9' ? item9 === null : c.q1 === null || c.q2 === null || c.q6 === null}
          onClick={() => void run('risk-check', tool === 'phq9' ? { phq9Item9: Number(item9) } : { cssrs: c }, 'Risk check saved.')}
        >
          Save risk check
        </Button>
      </Stack>
    </Section>
  );
}

function KetamineOrder({ chart, run, canOrder }: { chart: Chart; run: Run; canOrder: boolean }) {
  const o = chart.order;
  const [mgPerKg, setMgPerKg] = useState<number | string>(o?.mgPerKg ?? 0.5);
  const [minutes, setMinutes] = useState<number | string>(o?.infusionMinutes ?? 40);
  const [conc, setConc] = useState<number | string>(o?.concentrationMgPerMl ?? 1);
  const [max, setMax] = useState<number | string>(o?.maxDoseMg ?? 100);
  const iv = chart.modality === 'iv_ketamine';
  return (
    <Section title="Order and dose">
      <Stack gap="sm">
        {canOrder && (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput size="lg" label="mg/kg" decimalScale={3} step={0.05} min={0} value={mgPerKg} onChange={setMgPerKg} />
              {iv && <NumberInput size="lg" label="Infusion minutes" min={10} max={240} value={minutes} onChange={setMinutes} />}
              <NumberInput size="lg" label="Concentration (mg/mL)" decimalScale={2} min={0} value={conc} onChange={setConc} />
              <NumberInput size="lg" label="Maximum dose (mg)" decimalScale={1} min={0} value={max} onChange={setMax} />
            </SimpleGrid>
            <Button
              size="lg"
              onClick={() =>
                void run(
                  'order',
                  { mgPerKg: Number(mgPerKg), infusionMinutes: iv ? Number(minutes) : null, concentrationMgPerMl: Number(conc), maxDoseMg: Number(max) },
                  'Order saved; the dose was computed.',
                )
              }
            >
              {o ? 'Change order' : 'Order and compute the dose'}
            </Button>
          </>
        )}
        {chart.dose ? <DoseCard chart={chart} /> : !canOrder && <Text>Waiting for the provider’s order.</Text>}
        {chart.dose && !chart.doseConfirmedAt && (
          <Button size="lg" color="teal" onClick={() => void run('dose-confirmation', {}, 'Dose confirmed.')}>
            Confirm the dose (second person)
          </Button>
        )}
      </Stack>
    </Section>
  );
}

function DoseCard({ chart }: { chart: Chart }) {
  const d = chart.dose;
  if (!d) return null;
  return (
    <Card withBorder bg="blue.0" aria-label="Computed dose">
      <Text size="xl" fw={700}>
        {d.doseMg.toFixed(1)} mg · {d.volumeMl.toFixed(2)} mL{d.rateMlPerHour !== null ? ` · ${d.rateMlPerHour.toFixed(1)} mL/h` : ''}
      </Text>
      <List size="sm" mt="xs">
        {d.steps.map((s) => (
          <List.Item key={s}>{s}</List.Item>
        ))}
      </List>
      <Text size="sm" mt="xs">
        {chart.doseConfirmedAt ? `Confirmed by a second person at ${hhmm(chart.doseConfirmedAt)}.` : 'Not yet confirmed by a second person.'}
      </Text>
    </Card>
  );
}

function SpravatoDose({ chart, run }: { chart: Chart; run: Run }) {
  const [dose, setDose] = useState<string>(String(chart.spravato?.doseMg ?? 56));
  const [sys, setSys] = useState<number | string>(chart.spravato?.preDoseBp.systolic ?? '');
  const [dia, setDia] = useState<number | string>(chart.spravato?.preDoseBp.diastolic ?? '');
  return (
    <Section title="Dose and pre-dose blood pressure">
      <Stack gap="sm">
        <SegmentedControl
          size="lg"
          data={[
            { value: '56', label: '56 mg (2 devices)' },
            { value: '84', label: '84 mg (3 devices)' },
          ]}
          value={dose}
          onChange={setDose}
        />
        <SimpleGrid cols={2}>
          <NumberInput size="xl" label="Systolic" inputMode="numeric" value={sys} onChange={setSys} allowDecimal={false} />
          <NumberInput size="xl" label="Diastolic" inputMode="numeric" value={dia} onChange={setDia} allowDecimal={false} />
        </SimpleGrid>
        <Button
          size="lg"
          disabled={sys === '' || dia === ''}
          onClick={() =>
            void run('spravato-dose', { doseMg: Number(dose), preDoseSystolic: Number(sys), preDoseDiastolic: Number(dia) }, 'Dose and blood pressure saved.')
          }
        >
          Save dose and blood pressure
        </Button>
      </Stack>
    </Section>
  );
}

function Devices({ chart, run }: { chart: Chart; run: Run }) {
  const [lot, setLot] = useState(chart.devices.at(-1)?.lot ?? '');
  const now = useNow();
  const planned = chart.devicesPlanned ?? 0;
  const last = chart.devices.at(-1);
  const wait = last ? new Date(last.administeredAt).getTime() + 5 * 60_000 - now : 0;
  const observationLeft = chart.treatmentEndedAt ? new Date(chart.treatmentEndedAt).getTime() + chart.policy.spravatoObservationMinutes * 60_000 - now : null;
  return (
    <Section title={`Devices (${chart.devices.length} of ${planned})`}>
      <Stack gap="sm">
        {chart.devices.map((d) => (
          <Text key={d.number}>
            Device {d.number} · lot {d.lot} · {hhmm(d.administeredAt)}
          </Text>
        ))}
        {chart.devices.length < planned && (
          <>
            <TextInput size="lg" label="Lot number" value={lot} onChange={(e) => setLot(e.currentTarget.value)} />
            {wait > 0 && <Text c="orange.9">Next device in {mmss(wait)} (5-minute rest between devices).</Text>}
            <Button
              size="xl"
              disabled={!lot.trim() || chart.startBlockers.length > 0}
              onClick={() => void run('devices', { lot: lot.trim() }, `Device ${chart.devices.length + 1} recorded.`)}
            >
              Device {chart.devices.length + 1} given now
            </Button>
          </>
        )}
        {observationLeft !== null && (
          <Alert color={observationLeft > 0 ? 'orange' : 'green'} aria-live="polite">
            {observationLeft > 0
              ? `Observation: ${mmss(observationLeft)} left of the REMS minimum (2 hours after the last device).`
              : 'The 2-hour REMS minimum has passed; discharge when sedation, dissociation and breathing have resolved.'}
          </Alert>
        )}
      </Stack>
    </Section>
  );
}

const VITAL_FIELDS = [
  ['systolic', 'Systolic'],
  ['diastolic', 'Diastolic'],
  ['heartRate', 'Heart rate'],
  ['spo2', 'SpO2 %'],
  ['respiratoryRate', 'Resp. rate'],
  ['sedation', 'MOAA/S 0-5'],
  ['dissociation', 'CADSS-6 0-24'],
] as const;

function VitalsEntry({ chart }: { chart: Chart }) {
  const qc = useQueryClient();
  const empty = Object.fromEntries(VITAL_FIELDS.map(([k]) => [k, ''])) as Record<string, number | string>;
  const [v, setV] = useState(empty);
  const [pending, setPending] = useState(() => queuedReadings().filter((r) => r.sessionId === chart.id).length);
  const [refused, setRefused] = useState<string[]>([]);
  useEffect(() => {
    const update = () => setPending(queuedReadings().filter((r) => r.sessionId === chart.id).length);
    const off = onQueueChange(update);
    const after = (r: { sent: number }) => {
      if (r.sent > 0) void qc.invalidateQueries({ queryKey: ['chart', chart.id] });
    };
    const retry = () => void flushReadings().then(after);
    const online = () => void retryReadingsNow().then(after);
    window.addEventListener('online', online);
    const timer = setInterval(retry, 10_000);
    retry();
    return () => {
      off();
      window.removeEventListener('online', online);
      clearInterval(timer);
    };
  }, [chart.id, qc]);
  const filled = Object.entries(v).filter(([, x]) => x !== '');
  async function save() {
    const body = Object.fromEntries(filled.map(([k, x]) => [k, Number(x)]));
    setV(empty);
    const result = await queueReading(chart.id, body);
    setRefused(result.refused.map((r) => r.error ?? 'refused'));
    await qc.invalidateQueries({ queryKey: ['chart', chart.id] });
  }
  return (
    <Section title="Record a reading">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {VITAL_FIELDS.map(([key, label]) => (
            <NumberInput
              key={key}
              size="xl"
              label={label}
              inputMode="numeric"
              allowDecimal={false}
              hideControls
              value={v[key]}
              onChange={(x) => setV({ ...v, [key]: x })}
            />
          ))}
        </SimpleGrid>
        <Button size="xl" disabled={filled.length === 0} onClick={() => void save()}>
          Save reading
        </Button>
        {pending > 0 && (
          <Alert color="orange" role="status">
            {pending} reading(s) kept on this tablet until the connection returns; they will be sent once.
          </Alert>
        )}
        {refused.map((r) => (
          <Alert key={r} color="red" role="alert">
            Reading refused: {r}
          </Alert>
        ))}
      </Stack>
    </Section>
  );
}

/** The columns a timeline shows besides time and blood pressure: only measures that were taken (a phone shows them all). */
const TIMELINE_COLUMNS = [
  ['heartRate', 'HR'],
  ['spo2', 'SpO2'],
  ['respiratoryRate', 'RR'],
  ['sedation', 'Sed.'],
  ['dissociation', 'Diss.'],
] as const;

function Timeline({ chart }: { chart: Chart }) {
  const t = chart.policy.thresholds;
  const out = (key: string, value: number | null) => {
    const lim = t[key];
    return value !== null && lim !== undefined && ((lim.max !== null && value > lim.max) || (lim.min !== null && value < lim.min));
  };
  const columns = TIMELINE_COLUMNS.filter(([key]) => chart.vitals.some((r) => r[key] !== null));
  return (
    <Section title="Vital signs">
      <Table.ScrollContainer minWidth={0}>
        <Table striped fz="md" aria-label="Vital signs timeline">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>BP</Table.Th>
              {columns.map(([key, label]) => (
                <Table.Th key={key}>{label}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {chart.vitals.map((r) => {
              const bpOut = out('systolic', r.systolic) || out('diastolic', r.diastolic);
              return (
                <Table.Tr key={r.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{hhmm(r.takenAt)}</Table.Td>
                  <Table.Td c={bpOut ? 'red.9' : undefined} fw={bpOut ? 700 : undefined}>
                    {r.systolic !== null ? `${r.systolic}/${r.diastolic ?? '?'}` : ''}
                  </Table.Td>
                  {columns.map(([key]) => (
                    <Table.Td key={key} c={out(key, r[key]) ? 'red.9' : undefined} fw={out(key, r[key]) ? 700 : undefined}>
                      {r[key] ?? ''}
                    </Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

function Tms({ chart, run, locked }: { chart: Chart; run: Run; locked: boolean }) {
  const tms = chart.tms;
  const rec = (tms?.record ?? {}) as Record<string, unknown>;
  const [mt, setMt] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const [v, setV] = useState<Record<string, unknown>>({
    protocol: '10hz_standard',
    frequencyHz: 10,
    pulsesPerTrain: 40,
    interTrainSeconds: 26,
    coilPosition: '',
    targetingMethod: '5cm_rule',
    percentMt: 120,
    pulsesPlanned: 3000,
    pulsesDelivered: 3000,
    trainsCompleted: 75,
    interruptions: 0,
    interruptionNote: null,
    scalpDiscomfort: 0,
    seizure: false,
    sideEffects: [],
    ...rec,
  });
  const num = (key: string, label: string) => (
    <NumberInput size="lg" label={label} value={v[key] as number} onChange={(x) => setV({ ...v, [key]: x === '' ? '' : Number(x) })} />
  );
  if (!tms) return null;
  return (
    <>
      <Section title={`TMS · bills ${tms.cpt.code}`}>
        <Stack gap="sm">
          <Text size="sm">{tms.cpt.why}</Text>
          <Text>
            Motor threshold:{' '}
            {tms.motorThreshold
              ? `${tms.motorThreshold.valuePercent}% machine output (${tms.motorThreshold.method}, ${new Date(tms.motorThreshold.determinedAt).toLocaleDateString('en-US')})`
              : 'none recorded'}
            {tms.absoluteIntensity !== null ? ` · treating at ${tms.absoluteIntensity}% output` : ''}
          </Text>
          {tms.recheck.due && (
            <Alert
              color="orange"
              title={
                <Text fw={700} size="sm" c="dark.9">
                  Re-check the motor threshold
                </Text>
              }
            >
              {tms.recheck.reasons.join('; ')}.
            </Alert>
          )}
          {!locked && (
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NumberInput size="lg" label="Motor threshold (% output)" min={1} max={100} value={mt} onChange={setMt} />
              <TextInput size="lg" label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
              <Button
                size="lg"
                mt={28}
                disabled={mt === '' || !reason.trim()}
                onClick={() => void run('motor-threshold', { valuePercent: Number(mt), method: 'visual', reason: reason.trim() }, 'Motor threshold recorded.')}
              >
                Record threshold
              </Button>
            </SimpleGrid>
          )}
        </Stack>
      </Section>
      {!locked && (
        <Section title="Stimulation">
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                size="lg"
                label="Protocol"
                data={[
                  { value: '10hz_standard', label: '10 Hz standard (37.5 min)' },
                  { value: '10hz_short', label: '10 Hz short (19 min)' },
                  { value: 'itbs', label: 'iTBS' },
                  { value: 'saint', label: 'SAINT' },
                  { value: 'deep_tms', label: 'Deep TMS' },
                  { value: 'other', label: 'Other' },
                ]}
                value={String(v.protocol)}
                onChange={(x) => setV({ ...v, protocol: x })}
              />
              <Select
                size="lg"
                label="Targeting"
                data={[
                  { value: '5cm_rule', label: '5 cm rule' },
                  { value: 'beam_f3', label: 'Beam F3' },
                  { value: 'neuronavigation', label: 'Neuronavigation' },
                  { value: 'other', label: 'Other' },
                ]}
                value={String(v.targetingMethod)}
                onChange={(x) => setV({ ...v, targetingMethod: x })}
              />
              <TextInput size="lg" label="Coil position" value={String(v.coilPosition)} onChange={(e) => setV({ ...v, coilPosition: e.currentTarget.value })} />
              {num('percentMt', '% of motor threshold')}
              {num('frequencyHz', 'Frequency (Hz)')}
              {num('pulsesPerTrain', 'Pulses per train')}
              {num('interTrainSeconds', 'Inter-train interval (s)')}
              {num('pulsesPlanned', 'Pulses planned')}
              {num('pulsesDelivered', 'Pulses delivered')}
              {num('trainsCompleted', 'Trains completed')}
              {num('interruptions', 'Interruptions')}
              {num('scalpDiscomfort', 'Scalp discomfort 0-10')}
            </SimpleGrid>
            <Checkbox
              size="lg"
              label="Seizure during the session"
              checked={v.seizure === true}
              onChange={(e) => setV({ ...v, seizure: e.currentTarget.checked })}
            />
            <Button size="lg" onClick={() => void run('tms', v, 'TMS record saved.')}>
              Save stimulation record
            </Button>
          </Stack>
        </Section>
      )}
    </>
  );
}

function TherapyNote({ chart, run }: { chart: Chart; run: Run }) {
  const [v, setV] = useState({ startedAt: '', endedAt: '', modality: 'integration', note: chart.therapy?.note ?? '' });
  const toIso = (local: string) => (local ? new Date(local).toISOString() : '');
  return (
    <Section title="Therapy note">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput size="lg" type="datetime-local" label="Started" value={v.startedAt} onChange={(e) => setV({ ...v, startedAt: e.currentTarget.value })} />
          <TextInput size="lg" type="datetime-local" label="Ended" value={v.endedAt} onChange={(e) => setV({ ...v, endedAt: e.currentTarget.value })} />
          <Select
            size="lg"
            label="Modality"
            data={[
              { value: 'integration', label: 'Integration' },
              { value: 'psychotherapy', label: 'Psychotherapy' },
              { value: 'kap_preparation', label: 'KAP preparation' },
              { value: 'kap_integration', label: 'KAP integration' },
              { value: 'other', label: 'Other' },
            ]}
            value={v.modality}
            onChange={(x) => setV({ ...v, modality: x ?? 'integration' })}
          />
        </SimpleGrid>
        <Textarea size="lg" autosize minRows={5} label="Note" value={v.note} onChange={(e) => setV({ ...v, note: e.currentTarget.value })} />
        <Button size="lg" onClick={() => void run('therapy-note', { ...v, startedAt: toIso(v.startedAt), endedAt: toIso(v.endedAt) }, 'Note saved.')}>
          Save note
        </Button>
      </Stack>
    </Section>
  );
}

function AdverseEvent({ run }: { run: Run }) {
  const [open, setOpen] = useState(false);
  const [v, setV] = useState({ type: 'headache', severity: 'mild', serious: false, actionTaken: '', outcome: 'resolved', description: '' });
  if (!open)
    return (
      <Button size="lg" variant="outline" color="red" onClick={() => setOpen(true)}>
        Record a side effect or adverse event
      </Button>
    );
  return (
    <Section title="Side effect or adverse event">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            size="lg"
            label="Type"
            data={[
              'headache',
              'scalp_discomfort',
              'nausea',
              'vomiting',
              'dizziness',
              'sedation',
              'dissociation',
              'hypertension',
              'respiratory_depression',
              'seizure',
              'syncope',
              'anxiety',
              'other',
            ].map((x) => ({
              value: x,
              label: x.replaceAll('_', ' '),
            }))}
            value={v.type}
            onChange={(x) => setV({ ...v, type: x ?? 'other' })}
          />
          <Select size="lg" label="Severity" data={['mild', 'moderate', 'severe']} value={v.severity} onChange={(x) => setV({ ...v, severity: x ?? 'mild' })} />
          <Select
            size="lg"
            label="Outcome"
            data={['resolved', 'resolving', 'ongoing', 'transferred', 'unknown']}
            value={v.outcome}
            onChange={(x) => setV({ ...v, outcome: x ?? 'unknown' })}
          />
        </SimpleGrid>
        <Checkbox size="lg" label="Serious (the provider is alerted)" checked={v.serious} onChange={(e) => setV({ ...v, serious: e.currentTarget.checked })} />
        <TextInput size="lg" label="Action taken" value={v.actionTaken} onChange={(e) => setV({ ...v, actionTaken: e.currentTarget.value })} />
        <Textarea size="lg" label="Description" value={v.description} onChange={(e) => setV({ ...v, description: e.currentTarget.value })} />
        <Button
          size="lg"
          color="red"
          disabled={!v.actionTaken.trim()}
          onClick={() =>
            void run('adverse-events', { ...v, onsetAt: new Date().toISOString(), description: v.description.trim() || null }, 'Event recorded.').then((ok) => {
              if (ok) setOpen(false);
            })
          }
        >
          Save event
        </Button>
      </Stack>
    </Section>
  );
}

function Discharge({ chart, run }: { chart: Chart; run: Run }) {
  const spravato = chart.modality === 'spravato';
  const sedating = chart.modality !== 'tms';
  const [v, setV] = useState({
    vitalsWithinLimits: false,
    alertAndOriented: false,
    walkingSteadily: false,
    sedationResolved: false,
    dissociationResolved: false,
    breathingNormal: false,
    noDrivingAdvised: false,
    escortName: '',
  });
  const [ready, setReady] = useState<number | string>('');
  const box = (key: keyof typeof v, label: string) => (
    <Checkbox size="lg" label={label} checked={v[key] === true} onChange={(e) => setV({ ...v, [key]: e.currentTarget.checked })} />
  );
  return (
    <Section title="Discharge">
      <Stack gap="sm">
        {chart.dischargeUnmet.length > 0 && (
          <Alert
            color="orange"
            title={
              <Text fw={700} size="sm" c="dark.9">
                Not yet
              </Text>
            }
          >
            <List size="sm">
              {chart.dischargeUnmet.map((u) => (
                <List.Item key={u.criterion + u.message}>{u.message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {sedating && box('vitalsWithinLimits', 'Vital signs back within limits')}
        {box('alertAndOriented', 'Alert and oriented')}
        {sedating && box('walkingSteadily', 'Walking steadily')}
        {spravato && box('sedationResolved', 'Sedation resolved')}
        {spravato && box('dissociationResolved', 'Dissociation resolved')}
        {spravato && box('breathingNormal', 'Breathing normal, no respiratory depression')}
        {sedating && box('noDrivingAdvised', 'Told not to drive until the next day')}
        {sedating && <TextInput size="lg" label="Escort (name)" value={v.escortName} onChange={(e) => setV({ ...v, escortName: e.currentTarget.value })} />}
        {spravato && (
          <NumberInput
            size="lg"
            label="Without the 2-hour minimum, ready to leave after (minutes from the first device)"
            value={ready}
            onChange={setReady}
            allowDecimal={false}
            min={0}
          />
        )}
        <Button
          size="xl"
          color="teal"
          onClick={() =>
            void run(
              'discharge',
              { ...v, escortName: v.escortName.trim() || null, readyToLeaveMinutes: ready === '' ? null : Number(ready) },
              'Patient discharged.',
            )
          }
        >
          Discharge
        </Button>
      </Stack>
    </Section>
  );
}

function Signing({ chart, run, role }: { chart: Chart; run: Run; role: string }) {
  const [note, setNote] = useState(chart.note ?? '');
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const canSign = chart.modality === 'therapy' ? Boolean(chart.therapy) : Boolean(chart.dischargedAt);
  if (!chart.signedAt)
    return canSign ? (
      <Section title="Sign">
        <Stack gap="sm">
          <Textarea size="lg" label="Note" autosize minRows={3} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <Button size="xl" onClick={() => void run('sign', { note: note.trim() || null }, 'Signed and locked.')}>
            Sign and lock
          </Button>
        </Stack>
      </Section>
    ) : null;
  return (
    <Section title="Signed">
      <Stack gap="sm">
        <Text>
          Signed {new Date(chart.signedAt).toLocaleString('en-US')}
          {chart.cosignRequired
            ? chart.cosignedAt
              ? ` · co-signed ${new Date(chart.cosignedAt).toLocaleString('en-US')}`
              : ' · awaiting the provider’s co-signature'
            : ''}
          .
        </Text>
        {chart.note && <Text style={{ whiteSpace: 'pre-wrap' }}>{chart.note}</Text>}
        {chart.cosignRequired && !chart.cosignedAt && roleHas(role as 'provider', 'session:cosign') && (
          <Button size="lg" onClick={() => void run('cosign', {}, 'Co-signed.')}>
            Co-sign
          </Button>
        )}
        {chart.monitoringForm && (
          <Group>
            <Button component="a" href={`/api/treatment-sessions/${chart.id}/rems-monitoring-form`} target="_blank" variant="outline" size="lg">
              REMS Patient Monitoring Form (PDF)
            </Button>
            <Badge
              size="lg"
              color={chart.monitoringForm.state === 'overdue' ? 'red' : chart.monitoringForm.state === 'submitted' ? 'green' : 'yellow'}
              c={chart.monitoringForm.state === 'due' ? 'dark.9' : undefined}
            >
              {chart.monitoringForm.state === 'submitted' ? `submitted ${chart.monitoringForm.method ?? ''}` : `due ${chart.monitoringForm.dueOn}`}
            </Badge>
          </Group>
        )}
        {chart.amendments.map((a) => (
          <Card key={a.id} withBorder>
            <Text size="sm" c="dimmed">
              Amendment {new Date(a.createdAt).toLocaleString('en-US')} · {a.reason}
            </Text>
            <Text>{a.text}</Text>
          </Card>
        ))}
        <TextInput size="lg" label="Amendment reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        <Textarea size="lg" label="Amendment" value={text} onChange={(e) => setText(e.currentTarget.value)} />
        <Button
          size="lg"
          variant="outline"
          disabled={!reason.trim() || !text.trim()}
          onClick={() =>
            void run('amendments', { reason: reason.trim(), text: text.trim() }, 'Amendment added.').then((ok) => {
              if (ok) {
                setReason('');
                setText('');
              }
            })
          }
        >
          Add amendment
        </Button>
      </Stack>
    </Section>
  );
}
