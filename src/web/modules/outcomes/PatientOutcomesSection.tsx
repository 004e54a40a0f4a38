import { useState, type SubmitEvent } from 'react';
import { Alert, Badge, Button, Card, Group, Radio, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { roleHas } from '../../../contracts/permissions.js';
import { useSession } from '../../app/session.js';
import { formatDate, formatDateTime } from '../../ui/format.js';
import { ScoreChart } from '../../ui/ScoreChart.js';
import { enterAnswers, formOf, invite, outcomesOf, portalAccount, questionnairesOf, resetPortalTotp, type StaffQuestionnaire } from './api.js';

const yesNo = (v: boolean | null) => (v === null ? '—' : v ? 'Yes' : 'No');

/**
 * Measurement-based care on the patient's page (issue 11): the questionnaires due and answered (the front desk sees
 * what is due and types paper answers, not scores), the portal invitation, and for clinical staff the scores over
 * time with the course outcomes.
 */
export function PatientOutcomesSection({ patientId, email }: { patientId: string; email: string | null }) {
  const { session } = useSession();
  const role = session?.user.role ?? 'biller';
  return (
    <>
      {roleHas(role, 'questionnaire:due') && <Questionnaires patientId={patientId} />}
      {roleHas(role, 'outcome:read') && <OutcomesCard patientId={patientId} />}
      {roleHas(role, 'portal:invite') && <PortalCard patientId={patientId} email={email} />}
    </>
  );
}

function Questionnaires({ patientId }: { patientId: string }) {
  const q = useQuery({ queryKey: ['questionnaires', patientId], queryFn: () => questionnairesOf(patientId) });
  const [entering, setEntering] = useState<StaffQuestionnaire | null>(null);
  const items = q.data?.items ?? [];
  const due = items.filter((i) => i.status === 'due');
  const answered = items.filter((i) => i.status === 'answered').slice(0, 10);
  return (
    <Card withBorder component="section" aria-labelledby="q-title">
      <Title order={2} size="h4" id="q-title" mb="xs">
        Questionnaires
      </Title>
      {q.isError && <Alert color="red">{(q.error as Error).message}</Alert>}
      {due.length === 0 ? (
        <Text c="dimmed">Nothing due today.</Text>
      ) : (
        <Table>
          <Table.Tbody>
            {due.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.title}</Table.Td>
                <Table.Td>
                  {d.reason} · due {formatDate(d.dueOn)}
                </Table.Td>
                <Table.Td>
                  <Button size="xs" onClick={() => setEntering(d)}>
                    Enter answers
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {entering && <AnswerForm q={entering} patientId={patientId} onDone={() => setEntering(null)} />}
      {answered.length > 0 && (
        <>
          <Title order={3} size="h5" mt="md">
            Answered
          </Title>
          <Table>
            <Table.Tbody>
              {answered.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.instrument}</Table.Td>
                  <Table.Td>{a.answeredAt ? formatDateTime(a.answeredAt) : ''}</Table.Td>
                  <Table.Td>{a.answeredVia}</Table.Td>
                  {'total' in a && (
                    <Table.Td>
                      {a.total} {a.interpretation ? `(${a.interpretation})` : ''}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Card>
  );
}

function AnswerForm({ q, patientId, onDone }: { q: StaffQuestionnaire; patientId: string; onDone: () => void }) {
  const form = useQuery({ queryKey: ['q-form', q.id], queryFn: () => formOf(q.id) });
  const qc = useQueryClient();
  const [answers, setAnswers] = useState<Record<number, number>>({});
  const [via, setVia] = useState<'paper' | 'tablet'>('paper');
  const [error, setError] = useState<string | null>(null);
  const [crisis, setCrisis] = useState(false);
  if (!form.data) return null;
  const f = form.data.form;
  async function submit(e: SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    const list = f.items.map((i) => answers[i.index] ?? null);
    if (list.some((a) => a === null)) {
      setError(`Answer every item (${list.filter((a) => a === null).length} left).`);
      return;
    }
    try {
      const r = await enterAnswers(q.id, list, via);
      await qc.invalidateQueries({ queryKey: ['questionnaires', patientId] });
      await qc.invalidateQueries({ queryKey: ['outcomes', patientId] });
      if (r.crisis) setCrisis(true);
      else onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not saved.');
    }
  }
  if (crisis)
    return (
      <Alert color="red" title="Positive answer on item 9: the providers were alerted" role="alert" mt="sm">
        Stay with the patient and tell a provider now. If the patient is in danger: 988 Suicide &amp; Crisis Lifeline, or 911.
        <Button mt="sm" variant="light" onClick={onDone}>
          Close
        </Button>
      </Alert>
    );
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={`Answers to ${f.title}`}>
      <Stack gap="xs" mt="sm">
        <Title order={3} size="h5">
          {f.title}
        </Title>
        <Text size="sm">{f.stem}</Text>
        <Radio.Group label="Who is answering" value={via} onChange={(v) => setVia(v === 'tablet' ? 'tablet' : 'paper')}>
          <Group>
            <Radio value="paper" label="Typed from a paper form" />
            <Radio value="tablet" label="The patient, on this tablet" />
          </Group>
        </Radio.Group>
        {f.items.map((item) => (
          <Radio.Group
            key={item.index}
            label={`${item.index + 1}. ${item.text}`}
            value={answers[item.index] === undefined ? null : String(answers[item.index])}
            onChange={(v) => setAnswers((a) => ({ ...a, [item.index]: Number(v) }))}
          >
            <Group gap="md" mt={4}>
              {f.options.map((o) => (
                <Radio key={o.value} value={String(o.value)} label={o.label} />
              ))}
            </Group>
          </Radio.Group>
        ))}
        {error && <Alert color="red">{error}</Alert>}
        <Group>
          <Button type="submit">Save answers</Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {f.attribution}
        </Text>
      </Stack>
    </form>
  );
}

function OutcomesCard({ patientId }: { patientId: string }) {
  const o = useQuery({ queryKey: ['outcomes', patientId], queryFn: () => outcomesOf(patientId) });
  if (!o.data) return null;
  const { series, courses, treatmentVisits } = o.data;
  const current = courses[0];
  return (
    <Card withBorder component="section" aria-labelledby="outcomes-title">
      <Title order={2} size="h4" id="outcomes-title" mb="xs">
        Outcomes
      </Title>
      {series.length === 0 && <Text c="dimmed">No PHQ-9, GAD-7 or PCL-5 scores yet.</Text>}
      {series.map((s) => {
        const baseline = current?.outcomes.find((x) => x.instrument === s.instrument)?.baseline?.total ?? null;
        return (
          <div key={s.instrument}>
            <Title order={3} size="h5">
              {s.instrument}
            </Title>
            <ScoreChart
              instrument={s.instrument}
              maxTotal={s.maxTotal}
              points={s.points}
              treatmentDays={treatmentVisits.map((v) => v.at)}
              baseline={baseline}
              remissionBelow={s.remissionBelow}
              title={`${s.instrument} total`}
            />
          </div>
        );
      })}
      {courses.map((c) => (
        <Stack key={c.id} gap={4} mt="sm">
          <Group gap="xs">
            <Text fw={600}>{c.protocolName}</Text>
            <Badge variant="light">{c.status}</Badge>
            <Text size="sm" c="dimmed">
              {c.sessionsDone} sessions done
            </Text>
          </Group>
          {c.outcomes.length === 0 ? (
            <Text size="sm" c="dimmed">
              No baseline score within 30 days before the first treatment yet.
            </Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Scale</Table.Th>
                  <Table.Th>Baseline</Table.Th>
                  <Table.Th>Latest</Table.Th>
                  <Table.Th>Change</Table.Th>
                  <Table.Th>Response</Table.Th>
                  <Table.Th>Remission</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.outcomes.map((x) => (
                  <Table.Tr key={x.instrument}>
                    <Table.Td title={x.source}>{x.instrument}</Table.Td>
                    <Table.Td>{x.baseline?.total ?? '—'}</Table.Td>
                    <Table.Td>{x.latest?.total ?? '—'}</Table.Td>
                    <Table.Td>{x.percentReduction === null ? '—' : `${x.percentReduction}% lower`}</Table.Td>
                    <Table.Td>{yesNo(x.response)}</Table.Td>
                    <Table.Td>{x.instrument === 'PCL-5' ? `10-point change: ${yesNo(x.meaningfulChange)}` : yesNo(x.remission)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {c.payerThreshold && (
            <Text size="sm">
              {c.payerThreshold.name}: <strong>{c.payerThreshold.met === null ? 'not yet measurable' : c.payerThreshold.met ? 'met' : 'not met'}</strong>
            </Text>
          )}
          {c.endedWithoutResponse && (
            <Alert color="yellow">
              The course ended without a response. <Link to={`/patients/${patientId}/care`}>See the next step on the care path</Link>.
            </Alert>
          )}
        </Stack>
      ))}
    </Card>
  );
}

function PortalCard({ patientId, email }: { patientId: string; email: string | null }) {
  const acct = useQuery({ queryKey: ['portal-account', patientId], queryFn: () => portalAccount(patientId) });
  const qc = useQueryClient();
  const [address, setAddress] = useState(email ?? '');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [channel, setChannel] = useState<'email' | 'sms'>('email');
  async function send(e: SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    try {
      const r = await invite(patientId, address || undefined, channel);
      setMessage(`Invitation sent to ${r.sentTo}; the link works for 7 days.`);
      await qc.invalidateQueries({ queryKey: ['portal-account', patientId] });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not sent.');
    }
  }
  const a = acct.data;
  return (
    <Card withBorder component="section" aria-labelledby="portal-title">
      <Title order={2} size="h4" id="portal-title" mb="xs">
        Patient portal
      </Title>
      {a && (
        <Text size="sm" mb="xs">
          {a.active
            ? `Active since ${a.activatedAt ? formatDate(a.activatedAt.slice(0, 10)) : ''} (${a.email})`
            : a.invited
              ? `Invited (${a.email}), not yet set up.`
              : 'Not invited yet.'}
          {a.locked ? ' Locked after failed sign-ins.' : ''}
          {a.totpEnabled ? ' Two-step sign-in is on.' : ''}
        </Text>
      )}
      {a?.totpEnabled && (
        <Button
          variant="light"
          size="xs"
          mb="xs"
          onClick={() =>
            void resetPortalTotp(patientId).then(
              () => qc.invalidateQueries({ queryKey: ['portal-account', patientId] }),
              (err: unknown) => setError(err instanceof Error ? err.message : 'Not changed.'),
            )
          }
        >
          Turn off two-step sign-in (lost phone)
        </Button>
      )}
      <form onSubmit={(e) => void send(e)}>
        <Group align="end">
          <TextInput label="Email for the invitation" type="email" value={address} onChange={(e) => setAddress(e.currentTarget.value)} w={280} />
          <Radio.Group label="Send the link by" value={channel} onChange={(v) => setChannel(v === 'sms' ? 'sms' : 'email')}>
            <Group gap="sm" mt={6}>
              <Radio value="email" label="Email" />
              <Radio value="sms" label="Text message" />
            </Group>
          </Radio.Group>
          <Button type="submit">{a?.invited ? 'Send a new invitation' : 'Invite to the portal'}</Button>
        </Group>
      </form>
      {message && (
        <Alert color="teal" mt="xs">
          {message}
        </Alert>
      )}
      {error && (
        <Alert color="red" mt="xs">
          {error}
        </Alert>
      )}
    </Card>
  );
}
