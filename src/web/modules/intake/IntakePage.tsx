import { useEffect, useRef, useState } from 'react';
import {
  Accordion,
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  NativeSelect,
  NumberInput,
  Paper,
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
import { Link, useBlocker, useParams } from 'react-router';
import { INTERVENTION_TYPES, type IntakeAssessment } from '../../../contracts/intake.js';
import { CONTRAINDICATIONS } from '../../../domain/intake/contraindications.js';
import { ICD10_CODES } from '../../../domain/intake/diagnoses.js';
import { MEDICATION_CLASSES, MEDICATIONS, findMedication } from '../../../domain/intake/medications.js';
import { INSTRUMENTS, type InstrumentId } from '../../../domain/screening/instruments.js';
import { ApiError } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { formatDateTime, localToday } from '../../ui/format.js';
import { amendAssessment, getAssessment, saveAssessment, signAssessment } from './api.js';
import { defined } from '../../../domain/defined.js';

type Content = IntakeAssessment['content'];
type Trial = Content['medicationTrials'][number];
type Intervention = Content['priorInterventions'][number];

const today = () => localToday();
const num = (v: string | number) => (v === '' ? null : Number(v));
const ICD_OPTIONS = ICD10_CODES.map((c) => ({ value: c.code, label: `${c.code} ${c.description}` }));
const CLASS_OPTIONS = Object.entries(MEDICATION_CLASSES).map(([value, label]) => ({ value, label }));

// One entry per line; the text is kept as typed (separators and all) and parsed into the structured list beside it.
const formatMedications = (list: Content['currentMedications']) => list.map((m) => [m.name, m.dose].filter(Boolean).join(', ')).join('\n');
const parseMedications = (text: string): Content['currentMedications'] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, ...dose] = line.split(',');
      return { name: defined(name).trim(), dose: dose.join(',').trim() || null };
    });
const formatAllergies = (list: Content['allergies']) => list.map((x) => [x.substance, x.reaction].filter(Boolean).join(': ')).join('\n');
const parseAllergies = (text: string): Content['allergies'] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [substance, ...reaction] = line.split(':');
      return { substance: defined(substance).trim(), reaction: reaction.join(':').trim() || null };
    });
const SUBSTANCE_STATUSES = ['never', 'past', 'current'] as const;
const formatSubstances = (list: Content['substanceUse']) => list.map((x) => `${x.substance}: ${x.status}${x.notes ? `, ${x.notes}` : ''}`).join('\n');
const parseSubstances = (text: string): Content['substanceUse'] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [substance, ...rest] = line.split(':');
      const [statusWord, ...notes] = rest.join(':').split(',');
      const status = SUBSTANCE_STATUSES.find((s) => s === statusWord?.trim().toLowerCase()) ?? 'current';
      return { substance: defined(substance).trim(), status, lastUse: null, notes: notes.join(',').trim() || null };
    });

/**
 * A multi-line text box over a structured list: what the provider types stays exactly as typed, while the parsed
 * list goes into the assessment. (Re-rendering the parsed list on every keystroke used to eat the separators.)
 */
function ListTextarea<T>({
  label,
  description,
  value,
  format,
  parse,
  onChange,
}: {
  label: string;
  description: string;
  value: T;
  format: (v: T) => string;
  parse: (text: string) => T;
  onChange: (v: T) => void;
}) {
  const [text, setText] = useState(() => format(value));
  const emitted = useRef(value);
  useEffect(() => {
    // Only an outside change (a reload, a cancelled amendment) replaces the text.
    if (value !== emitted.current) {
      emitted.current = value;
      setText(format(value));
    }
  }, [value, format]);
  return (
    <Textarea
      label={label}
      description={description}
      autosize
      minRows={2}
      value={text}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        const parsed = parse(next);
        emitted.current = parsed;
        onChange(parsed);
      }}
    />
  );
}

const AUTOSAVE_MS = 2_000;

function newTrial(): Trial {
  return {
    drug: '',
    class: 'ssri',
    highestDailyDose: null,
    doseUnit: 'mg',
    startDate: null,
    endDate: null,
    weeksAtDose: null,
    adherence: 'unknown',
    outcome: 'no_response',
    currentEpisode: true,
    sideEffects: null,
    adequacyOverride: null,
  };
}

/** The provider's intake assessment: drafts save as you go; signing locks it; later changes are amendments. */
export function IntakePage() {
  const { patientId, id } = useParams() as { patientId: string; id: string };
  const { session } = useSession();
  const qc = useQueryClient();
  const query = useQuery({ queryKey: ['intake', id], queryFn: () => getAssessment(id) });
  const [content, setContent] = useState<Content | null>(null);
  const [problems, setProblems] = useState<{ path: string; message: string }[]>([]);
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const [amending, setAmending] = useState(false);
  const [reason, setReason] = useState('');
  const [dirty, setDirty] = useState(false);
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  useEffect(() => {
    if (query.data) setContent(query.data.content);
  }, [query.data]);

  // Drafts save as the provider works: a couple of seconds after the last change.
  const latest = useRef<{ content: Content | null; version: number | null }>({ content: null, version: null });
  latest.current = { content, version: query.data?.version ?? null };
  const isDraft = query.data?.status === 'draft';
  const mayWrite = session?.user.role === 'provider';
  useEffect(() => {
    if (!dirty || !isDraft || !mayWrite) return;
    const timer = setTimeout(() => void save(), AUTOSAVE_MS);
    async function save() {
      const { content: c, version } = latest.current;
      if (!c || version === null) return;
      setSaveState('saving');
      try {
        const saved = await saveAssessment(id, version, c);
        qc.setQueryData(['intake', id], { ...saved, content: latest.current.content ?? saved.content });
        // Later keystrokes stay dirty; this save covered what was typed up to now.
        if (latest.current.content === c) setDirty(false);
        setSaveState('saved');
      } catch {
        setSaveState('failed');
      }
    }
    return () => clearTimeout(timer);
  }, [content, dirty, isDraft, mayWrite, id, qc]);

  // Leaving with unsaved changes asks first: in-app navigation and closing the tab.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm('This assessment has changes that are not saved yet. Leave anyway?')) blocker.proceed();
    else blocker.reset();
  }, [blocker]);

  if (query.isLoading || !content) return query.error ? <Alert color="red">{query.error.message}</Alert> : <Loader aria-label="Loading" />;
  const a = defined(query.data);
  const canWrite = mayWrite;
  const locked = a.status === 'signed' && !amending;
  const set = (patch: Partial<Content>) => {
    setContent({ ...content, ...patch });
    setDirty(true);
  };

  async function run(action: () => Promise<IntakeAssessment>, done: string) {
    try {
      const next = await action();
      qc.setQueryData(['intake', id], next);
      setContent(next.content);
      setDirty(false);
      setProblems([]);
      setMessage({ color: 'teal', text: done });
      setAmending(false);
      await qc.invalidateQueries({ queryKey: ['intakes', patientId] });
    } catch (err) {
      setProblems(err instanceof ApiError ? err.fields : []);
      setMessage({ color: 'red', text: (err as Error).message });
    }
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Intake assessment
        </Title>
        <Group>
          <Badge variant="filled" color={a.status === 'signed' ? 'teal.9' : 'gray.8'}>
            {a.status}
          </Badge>
          <Button variant="subtle" component={Link} to={`/patients/${patientId}`}>
            Back to patient
          </Button>
        </Group>
      </Group>
      {a.signedAt && (
        <Text size="sm">
          Signed by {a.signedBy?.name} on {formatDateTime(a.signedAt, session?.user.timeZone)}. Content hash {a.signedContentHash?.slice(0, 16)}…
        </Text>
      )}
      {a.amendments.map((m) => (
        <Text key={m.sequence} size="sm">
          Amendment {m.sequence} by {m.amendedBy.name}, {formatDateTime(m.amendedAt, session?.user.timeZone)}: {m.reason}
        </Text>
      ))}
      {message && (
        <Alert color={message.color} withCloseButton closeButtonLabel="Dismiss" onClose={() => setMessage(null)}>
          {message.text}
          {problems.length > 0 && (
            <ul>
              {problems.map((p) => (
                <li key={p.path}>
                  {p.path.replace(/^content\./, '')}: {p.message}
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}

      <fieldset disabled={locked || !canWrite} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack>
          <Paper withBorder p="md">
            <Title order={2} size="h4">
              Presentation and diagnoses
            </Title>
            <Textarea label="Chief complaint" value={content.chiefComplaint ?? ''} onChange={(e) => set({ chiefComplaint: e.currentTarget.value })} />
            {content.diagnoses.map((d, i) => (
              <Group key={i} align="end" mt="xs">
                <Select
                  label={`Diagnosis ${i + 1} (ICD-10-CM)`}
                  searchable
                  data={ICD_OPTIONS}
                  value={d.code}
                  onChange={(v) => set({ diagnoses: content.diagnoses.map((x, j) => (j === i ? { ...x, code: v ?? '' } : x)) })}
                  w={460}
                />
                <Checkbox
                  label="Primary"
                  checked={d.primary}
                  onChange={(e) => set({ diagnoses: content.diagnoses.map((x, j) => ({ ...x, primary: j === i ? e.currentTarget.checked : x.primary })) })}
                />
                <ActionIcon
                  variant="subtle"
                  color="red.9"
                  aria-label={`Remove diagnosis ${i + 1}`}
                  onClick={() => set({ diagnoses: content.diagnoses.filter((_, j) => j !== i) })}
                >
                  ✕
                </ActionIcon>
              </Group>
            ))}
            <Button
              mt="xs"
              variant="default"
              size="xs"
              onClick={() => set({ diagnoses: [...content.diagnoses, { code: '', primary: content.diagnoses.length === 0, notes: null }] })}
            >
              Add diagnosis
            </Button>
          </Paper>

          <Paper withBorder p="md">
            <Title order={2} size="h4">
              Medication trials
            </Title>
            <Text size="sm" c="dimmed">
              Adequate = at least the minimum effective dose for 6 weeks with good adherence (payer TRD criteria). {a.adequateAntidepressantTrials} adequate
              antidepressant trial(s) in the current episode as last saved.
            </Text>
            {content.medicationTrials.map((t, i) => (
              <TrialRow
                key={i}
                index={i}
                trial={t}
                verdict={a.trialAdequacy[i]}
                onChange={(next) => set({ medicationTrials: content.medicationTrials.map((x, j) => (j === i ? next : x)) })}
                onRemove={() => set({ medicationTrials: content.medicationTrials.filter((_, j) => j !== i) })}
              />
            ))}
            <Button mt="xs" variant="default" size="xs" onClick={() => set({ medicationTrials: [...content.medicationTrials, newTrial()] })}>
              Add medication trial
            </Button>
          </Paper>

          <Paper withBorder p="md">
            <Title order={2} size="h4">
              Prior interventions
            </Title>
            {content.priorInterventions.map((p, i) => (
              <Group key={i} align="end" mt="xs">
                <NativeSelect
                  label="Type"
                  data={INTERVENTION_TYPES.map((x) => ({ value: x, label: x.replace('_', ' ') }))}
                  value={p.type}
                  onChange={(e) =>
                    set({
                      priorInterventions: content.priorInterventions.map((x, j) =>
                        j === i ? { ...x, type: e.currentTarget.value as Intervention['type'] } : x,
                      ),
                    })
                  }
                />
                <TextInput
                  label="Modality"
                  value={p.modality ?? ''}
                  onChange={(e) =>
                    set({ priorInterventions: content.priorInterventions.map((x, j) => (j === i ? { ...x, modality: e.currentTarget.value } : x)) })
                  }
                  w={130}
                />
                <NumberInput
                  label="Sessions"
                  value={p.sessions ?? ''}
                  onChange={(v) => set({ priorInterventions: content.priorInterventions.map((x, j) => (j === i ? { ...x, sessions: num(v) } : x)) })}
                  w={100}
                />
                <TextInput
                  type="date"
                  label="Start"
                  value={p.startDate ?? ''}
                  onChange={(e) =>
                    set({ priorInterventions: content.priorInterventions.map((x, j) => (j === i ? { ...x, startDate: e.currentTarget.value || null } : x)) })
                  }
                />
                <TextInput
                  type="date"
                  label="End"
                  value={p.endDate ?? ''}
                  onChange={(e) =>
                    set({ priorInterventions: content.priorInterventions.map((x, j) => (j === i ? { ...x, endDate: e.currentTarget.value || null } : x)) })
                  }
                />
                <NativeSelect
                  label="Response"
                  data={['none', 'partial', 'response', 'remission', 'unknown']}
                  value={p.response}
                  onChange={(e) =>
                    set({
                      priorInterventions: content.priorInterventions.map((x, j) =>
                        j === i ? { ...x, response: e.currentTarget.value as Intervention['response'] } : x,
                      ),
                    })
                  }
                />
                <ActionIcon
                  variant="subtle"
                  color="red.9"
                  aria-label={`Remove intervention ${i + 1}`}
                  onClick={() => set({ priorInterventions: content.priorInterventions.filter((_, j) => j !== i) })}
                >
                  ✕
                </ActionIcon>
              </Group>
            ))}
            <Button
              mt="xs"
              variant="default"
              size="xs"
              onClick={() =>
                set({
                  priorInterventions: [
                    ...content.priorInterventions,
                    { type: 'psychotherapy', modality: null, sessions: null, startDate: null, endDate: null, response: 'unknown', notes: null },
                  ],
                })
              }
            >
              Add intervention
            </Button>
          </Paper>

          <Paper withBorder p="md">
            <Title order={2} size="h4">
              Contraindication checklist
            </Title>
            <Stack gap="xs">
              {CONTRAINDICATIONS.map((c) => (
                <Group key={c.key} justify="space-between" wrap="nowrap">
                  <div>
                    <Text size="sm" id={`ci-${c.key}`}>
                      {c.label}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {Object.entries(c.applies)
                        .map(([t, level]) => `${t.replace('_', ' ')}: ${level}`)
                        .join(' · ')}
                    </Text>
                  </div>
                  <SegmentedControl
                    aria-labelledby={`ci-${c.key}`}
                    size="xs"
                    value={content.contraindications[c.key]?.answer ?? ''}
                    onChange={(v) =>
                      set({
                        contraindications: {
                          ...content.contraindications,
                          [c.key]: { answer: v as 'yes' | 'no' | 'unknown', note: content.contraindications[c.key]?.note ?? null },
                        },
                      })
                    }
                    data={[
                      { value: 'no', label: 'No' },
                      { value: 'yes', label: 'Yes' },
                      { value: 'unknown', label: 'Unknown' },
                    ]}
                  />
                </Group>
              ))}
            </Stack>
          </Paper>

          <Paper withBorder p="md">
            <Title order={2} size="h4">
              History, medications, allergies, substance use
            </Title>
            <Textarea label="Medical history" value={content.medicalHistory ?? ''} onChange={(e) => set({ medicalHistory: e.currentTarget.value })} />
            <ListTextarea
              label="Current medications"
              description="One per line: name, then dose after a comma (escitalopram, 20 mg daily)"
              value={content.currentMedications}
              format={formatMedications}
              parse={parseMedications}
              onChange={(v) => set({ currentMedications: v })}
            />
            <Group align="end" mt="xs">
              <Checkbox label="No known allergies" checked={content.noKnownAllergies} onChange={(e) => set({ noKnownAllergies: e.currentTarget.checked })} />
              <ListTextarea
                label="Allergies"
                description="One per line: substance, then the reaction after a colon (penicillin: hives)"
                value={content.allergies}
                format={formatAllergies}
                parse={parseAllergies}
                onChange={(v) => set({ allergies: v })}
              />
            </Group>
            <ListTextarea
              label="Substance use"
              description="One per line: substance: never, past or current, then notes after a comma (alcohol: past, stopped 2022)"
              value={content.substanceUse}
              format={formatSubstances}
              parse={parseSubstances}
              onChange={(v) => set({ substanceUse: v })}
            />
          </Paper>

          <Paper withBorder p="md">
            <Title order={2} size="h4">
              Baseline vital signs and weight
            </Title>
            <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }}>
              {(
                [
                  ['systolic', 'Systolic (mmHg)'],
                  ['diastolic', 'Diastolic (mmHg)'],
                  ['heartRate', 'Heart rate (/min)'],
                  ['spo2', 'SpO2 (%)'],
                  ['respiratoryRate', 'Resp. rate (/min)'],
                ] as const
              ).map(([k, label]) => (
                <NumberInput
                  key={k}
                  label={label}
                  value={content.baselineVitals[k] ?? ''}
                  onChange={(v) => set({ baselineVitals: { ...content.baselineVitals, [k]: num(v) } })}
                />
              ))}
              <NumberInput
                label="Weight (kg)"
                decimalScale={1}
                value={content.baselineWeight?.value ?? ''}
                onChange={(v) => set({ baselineWeight: num(v) === null ? null : { value: Number(v), unit: 'kg' } })}
              />
            </SimpleGrid>
          </Paper>

          <Paper withBorder p="md">
            <Title order={2} size="h4">
              Baseline measurements
            </Title>
            <Accordion multiple>
              {(['PHQ-9', 'GAD-7', 'PCL-5', 'ASQ'] as InstrumentId[]).map((inst) => (
                <MeasureEditor
                  key={inst}
                  id={inst}
                  value={content.measures[inst as 'PHQ-9'] ?? undefined}
                  onChange={(m) => set({ measures: { ...content.measures, [inst]: m } })}
                />
              ))}
            </Accordion>
            <Group align="end" mt="xs">
              <NativeSelect
                label="C-SSRS given on paper: risk"
                data={[{ value: '', label: 'Not given' }, 'low', 'moderate', 'high']}
                value={content.measures.cssrsPaper?.risk ?? ''}
                onChange={(e) => {
                  const risk = e.currentTarget.value as 'low' | 'moderate' | 'high' | '';
                  set({
                    measures: {
                      ...content.measures,
                      cssrsPaper: risk ? { risk, takenOn: content.measures.cssrsPaper?.takenOn ?? today(), notes: null } : undefined,
                    },
                  });
                }}
              />
              <Text size="xs" c="dimmed" maw={420}>
                An electronic C-SSRS needs a paid licence; only the result of a paper C-SSRS is recorded. The ASQ above is free to give electronically.
              </Text>
            </Group>
            {a.scores.length > 0 && (
              <Table mt="sm" aria-label="Scores">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Instrument</Table.Th>
                    <Table.Th>Total</Table.Th>
                    <Table.Th>Result</Table.Th>
                    <Table.Th>Flag</Table.Th>
                    <Table.Th>LOINC</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {a.scores.map((s) => (
                    <Table.Tr key={s.instrument}>
                      <Table.Td>{s.instrument}</Table.Td>
                      <Table.Td>{s.total ?? '—'}</Table.Td>
                      <Table.Td>{s.severity}</Table.Td>
                      <Table.Td>
                        {s.flag && (
                          <Text c="red.9" size="sm" fw={600}>
                            {s.flag}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{s.loinc ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
          <Textarea label="Notes" value={content.notes ?? ''} onChange={(e) => set({ notes: e.currentTarget.value })} />
        </Stack>
      </fieldset>

      {canWrite && a.status === 'draft' && (
        <Group>
          <Text size="sm" c={saveState === 'failed' ? 'red' : 'dimmed'} aria-live="polite">
            {dirty
              ? saveState === 'saving'
                ? 'Saving…'
                : saveState === 'failed'
                  ? 'Not saved: the draft could not be saved. Try Save draft.'
                  : 'Unsaved changes'
              : saveState === 'saved'
                ? 'All changes saved'
                : ''}
          </Text>
          <Button variant="default" onClick={() => run(() => saveAssessment(id, a.version, content), 'Draft saved.')}>
            Save draft
          </Button>
          <Button
            onClick={() =>
              run(async () => {
                const saved = await saveAssessment(id, a.version, content);
                qc.setQueryData(['intake', id], saved);
                return signAssessment(id, saved.version);
              }, 'Signed and locked.')
            }
          >
            Save and sign
          </Button>
        </Group>
      )}
      {canWrite && a.status === 'signed' && !amending && (
        <Button w="fit-content" variant="default" onClick={() => setAmending(true)}>
          Amend
        </Button>
      )}
      {canWrite && amending && (
        <Group align="end">
          <TextInput label="Reason for the amendment" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} w={420} />
          <Button onClick={() => run(() => amendAssessment(id, a.version, reason, content), 'Amendment recorded; the signed original is kept.')}>
            Save amendment
          </Button>
          <Button
            variant="subtle"
            onClick={() => {
              setAmending(false);
              setContent(a.content);
            }}
          >
            Cancel
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function TrialRow({
  index,
  trial,
  verdict,
  onChange,
  onRemove,
}: {
  index: number;
  trial: Trial;
  verdict: IntakeAssessment['trialAdequacy'][number] | undefined;
  onChange: (t: Trial) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  return (
    <Paper withBorder p="xs" mt="xs">
      <Group align="end" gap="xs">
        <Select
          label={`Drug ${n}`}
          searchable
          data={MEDICATIONS.map((m) => m.name)}
          value={trial.drug || null}
          onChange={(v) => {
            const med = v ? findMedication(v) : undefined;
            onChange({ ...trial, drug: v ?? '', class: med?.class ?? trial.class, doseUnit: med?.unit ?? trial.doseUnit });
          }}
          w={200}
        />
        <NativeSelect
          label="Class"
          data={CLASS_OPTIONS}
          value={trial.class}
          onChange={(e) => onChange({ ...trial, class: e.currentTarget.value as Trial['class'] })}
          w={190}
        />
        <NumberInput
          label={`Highest dose (${trial.doseUnit}/day)`}
          value={trial.highestDailyDose ?? ''}
          onChange={(v) => onChange({ ...trial, highestDailyDose: num(v) })}
          w={150}
        />
        <NumberInput label="Weeks at dose" value={trial.weeksAtDose ?? ''} onChange={(v) => onChange({ ...trial, weeksAtDose: num(v) })} w={110} />
        <TextInput type="date" label="Start" value={trial.startDate ?? ''} onChange={(e) => onChange({ ...trial, startDate: e.currentTarget.value || null })} />
        <TextInput type="date" label="End" value={trial.endDate ?? ''} onChange={(e) => onChange({ ...trial, endDate: e.currentTarget.value || null })} />
        <NativeSelect
          label="Adherence"
          data={['good', 'partial', 'poor', 'unknown']}
          value={trial.adherence}
          onChange={(e) => onChange({ ...trial, adherence: e.currentTarget.value as Trial['adherence'] })}
        />
        <NativeSelect
          label="Outcome"
          data={[
            { value: 'no_response', label: 'No response' },
            { value: 'partial_response', label: 'Partial response' },
            { value: 'intolerance', label: 'Intolerance' },
            { value: 'response', label: 'Response' },
            { value: 'ongoing', label: 'Ongoing' },
          ]}
          value={trial.outcome}
          onChange={(e) => onChange({ ...trial, outcome: e.currentTarget.value as Trial['outcome'] })}
        />
        <Checkbox label="Current episode" checked={trial.currentEpisode} onChange={(e) => onChange({ ...trial, currentEpisode: e.currentTarget.checked })} />
        <ActionIcon variant="subtle" color="red.9" aria-label={`Remove trial ${n}`} onClick={onRemove}>
          ✕
        </ActionIcon>
      </Group>
      {verdict && (
        <Text size="sm" mt={4}>
          Adequate: <strong>{verdict.final === null ? 'undetermined' : verdict.final ? 'yes' : 'no'}</strong>
          {verdict.overridden ? ' (provider override)' : ''} — {verdict.reasons.join('; ')}
        </Text>
      )}
      <Group align="end" gap="xs" mt={4}>
        <NativeSelect
          label="Override adequacy"
          data={[
            { value: '', label: 'Use computed' },
            { value: 'yes', label: 'Adequate' },
            { value: 'no', label: 'Not adequate' },
          ]}
          value={trial.adequacyOverride ? (trial.adequacyOverride.adequate ? 'yes' : 'no') : ''}
          onChange={(e) =>
            onChange({
              ...trial,
              adequacyOverride: e.currentTarget.value ? { adequate: e.currentTarget.value === 'yes', reason: trial.adequacyOverride?.reason ?? '' } : null,
            })
          }
        />
        {trial.adequacyOverride && (
          <TextInput
            label="Reason for override"
            required
            value={trial.adequacyOverride.reason}
            onChange={(e) => onChange({ ...trial, adequacyOverride: { ...defined(trial.adequacyOverride), reason: e.currentTarget.value } })}
            w={360}
          />
        )}
      </Group>
    </Paper>
  );
}

function MeasureEditor({
  id,
  value,
  onChange,
}: {
  id: InstrumentId;
  value: { answers: number[]; takenOn: string } | undefined;
  onChange: (m: { answers: number[]; takenOn: string } | undefined) => void;
}) {
  const inst = INSTRUMENTS[id];
  const count = id === 'ASQ' ? 5 : inst.items.length;
  const answers = value?.answers ?? [];
  const [draft, setDraft] = useState<number[]>(answers.length ? answers : Array(count).fill(-1));
  const setAnswer = (i: number, v: string) => {
    const next = Array.from({ length: count }, (_, j) => (j === i ? (v === '' ? -1 : Number(v)) : (draft[j] ?? -1)));
    // Keep the measure only once every (required) item is answered; ASQ item 5 is asked only after a yes.
    const required = id === 'ASQ' && next.slice(0, 4).every((x) => x === 0) ? 4 : count;
    onChange(next.slice(0, required).every((x) => x >= 0) ? { answers: next.slice(0, required), takenOn: value?.takenOn ?? today() } : undefined);
    setDraft(next);
  };
  return (
    <Accordion.Item value={id}>
      <Accordion.Control>
        {inst.title} {value ? '(complete)' : '(not given)'}
      </Accordion.Control>
      <Accordion.Panel>
        <Text size="sm" mb="xs">
          {inst.stem}
        </Text>
        <Table>
          <Table.Tbody>
            {inst.items.slice(0, count).map((item, i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  <Text size="sm" id={`${id}-${i}`}>
                    {i + 1}. {item.text}
                  </Text>
                </Table.Td>
                <Table.Td w={200}>
                  <NativeSelect
                    aria-labelledby={`${id}-${i}`}
                    value={draft[i] === undefined || draft[i] < 0 ? '' : String(draft[i])}
                    onChange={(e) => setAnswer(i, e.currentTarget.value)}
                    data={[{ value: '', label: '—' }, ...inst.options.map((o) => ({ value: String(o.value), label: `${o.value} ${o.label}` }))]}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <TextInput
          type="date"
          label="Given on"
          mt="xs"
          w={200}
          value={value?.takenOn ?? today()}
          onChange={(e) => value && onChange({ ...value, takenOn: e.currentTarget.value })}
        />
        <Text size="xs" c="dimmed" mt={4}>
          {inst.attribution}
        </Text>
      </Accordion.Panel>
    </Accordion.Item>
  );
}
