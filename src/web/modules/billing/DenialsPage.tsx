import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, Loader, SegmentedControl, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { roleHas } from '../../../contracts/permissions.js';
import { useSession } from '../../app/session.js';
import { formatDate } from '../../ui/format.js';
import { appeal, appealStatus, denials, resolveDenial, saveAppealLetter, type Appeal, type Denial } from './api.js';
import { formatCents } from '../../../domain/coverage/estimate.js';

/** The denials worklist, soonest deadline first: each code with its meaning, the likely fix and the days left to appeal. */
export function DenialsPage() {
  const { session } = useSession();
  const canWork = roleHas(session?.user.role ?? 'manager', 'denial:work');
  const [status, setStatus] = useState('open');
  // The appeal being written stays open here while its denial moves from the open list to the appealed one.
  const [current, setCurrent] = useState<{ appeal: Appeal; denial: Denial } | null>(null);
  const list = useQuery({ queryKey: ['denials', status], queryFn: () => denials(status) });
  return (
    <Stack>
      <Title order={1} size="h2">
        Denials
      </Title>
      <SegmentedControl
        value={status}
        onChange={setStatus}
        aria-label="Denial status"
        w="fit-content"
        data={[
          { value: 'open', label: 'Open' },
          { value: 'appealed', label: 'Appealed' },
          { value: 'resolved', label: 'Resolved' },
          { value: 'written_off', label: 'Written off' },
        ]}
      />
      {current && (
        <Card withBorder component="section" aria-label="Appeal letter">
          <Group justify="space-between">
            <Text fw={700}>
              Appeal of {current.denial.code} on claim {current.denial.patientControlNumber} ({current.denial.patientName}, {current.denial.payerName})
            </Text>
            <Button size="compact-sm" variant="subtle" onClick={() => setCurrent(null)}>
              Close
            </Button>
          </Group>
          <AppealEditor key={current.appeal.id} appeal={current.appeal} onChange={(appeal) => setCurrent({ ...current, appeal })} />
        </Card>
      )}
      {list.isLoading && <Loader aria-label="Loading denials" />}
      {list.data && list.data.items.length === 0 && <Text c="dimmed">No denials here.</Text>}
      {list.data && list.data.byCode.length > 0 && (
        <Text size="sm">
          By code: {list.data.byCode.map((c) => `${c.code} ×${c.count} (${formatCents(c.amountCents)})`).join(' · ')} — by payer:{' '}
          {list.data.byPayer.map((p) => `${p.payerName} ×${p.count}`).join(' · ')}
        </Text>
      )}
      {list.data?.items.map((d) => (
        <DenialCard key={d.id} denial={d} canWork={canWork} onAppeal={(appeal) => setCurrent({ appeal, denial: d })} />
      ))}
    </Stack>
  );
}

function DenialCard({ denial: d, canWork, onAppeal }: { denial: Denial; canWork: boolean; onAppeal: (a: Appeal) => void }) {
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const urgent = d.daysLeft !== null && d.daysLeft <= 14;
  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      await qc.invalidateQueries({ queryKey: ['denials'] });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not done.');
    }
  }
  return (
    <Card
      withBorder
      component="article"
      aria-label={`Denial ${d.code} on claim ${d.patientControlNumber}`}
      style={urgent ? { borderColor: '#b91c1c', borderWidth: 2 } : undefined}
    >
      <Group justify="space-between" wrap="wrap">
        <Text fw={700}>
          <Badge color="red" variant="light" mr={6}>
            {d.code}
          </Badge>
          {d.meaning}
        </Text>
        <Text fw={600} c={urgent ? 'red.8' : undefined}>
          {d.appealable ? (d.deadline ? `Appeal by ${formatDate(d.deadline)} (${d.daysLeft} days)` : '') : 'Not appealable'}
        </Text>
      </Group>
      <Text size="sm">
        <Link to={`/billing/claims/${d.claimId}`}>Claim {d.patientControlNumber}</Link> · <Link to={`/patients/${d.patientId}`}>{d.patientName}</Link> ·{' '}
        {d.payerName} · {formatCents(d.amountCents)} · denied {formatDate(d.deniedOn)}
      </Text>
      <Text size="sm">Likely fix: {d.likelyFix}</Text>
      {d.appealNote && (
        <Text size="sm" c="orange.9">
          {d.appealNote}
        </Text>
      )}
      {error && (
        <Alert color="red" role="alert" mt="xs">
          {error}
        </Alert>
      )}
      {canWork && (d.status === 'open' || d.status === 'appealed') && (
        <Group mt="xs" align="end">
          {d.appealable && d.status === 'open' && (
            <Button size="sm" onClick={() => void run(async () => onAppeal(await appeal(d.id)))}>
              Appeal
            </Button>
          )}
          <TextInput size="sm" label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} w={260} />
          <Button size="sm" variant="light" disabled={!note.trim()} onClick={() => void run(() => resolveDenial(d.id, 'write_off', note, d.version))}>
            Write off
          </Button>
          <Button size="sm" variant="light" disabled={!note.trim()} onClick={() => void run(() => resolveDenial(d.id, 'transfer_to_patient', note, d.version))}>
            Move to patient
          </Button>
          <Button size="sm" variant="subtle" disabled={!note.trim()} onClick={() => void run(() => resolveDenial(d.id, 'resolved', note, d.version))}>
            Resolved by correction
          </Button>
        </Group>
      )}
    </Card>
  );
}

function AppealEditor({ appeal: a, onChange }: { appeal: Appeal; onChange: (a: Appeal) => void }) {
  const [sections, setSections] = useState(a.letter.sections);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function act(action: () => Promise<Appeal>, done: string) {
    setError(null);
    try {
      onChange(await action());
      setSaved(done);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not saved.');
    }
  }
  return (
    <Stack mt="xs" gap="xs">
      <Title order={3} size="h5">
        {a.levelName} (level {a.level}) · due {formatDate(a.deadline)} · {a.status}
      </Title>
      {sections.map((s, i) => (
        <Textarea
          key={s.title}
          label={s.title}
          value={s.body}
          autosize
          minRows={2}
          readOnly={a.status !== 'draft'}
          onChange={(e) => {
            const body = e.currentTarget.value;
            setSections((xs) => xs.map((x, j) => (j === i ? { ...x, body } : x)));
          }}
        />
      ))}
      <Group>
        {a.status === 'draft' && (
          <>
            <Button size="sm" variant="light" onClick={() => void act(() => saveAppealLetter(a.id, a.version, { sections }), 'Letter saved.')}>
              Save letter
            </Button>
            <Button size="sm" onClick={() => void act(() => appealStatus(a.id, 'submitted', a.version), 'Marked as sent.')}>
              Mark sent
            </Button>
          </>
        )}
        <Anchor href={`/api/appeals/${a.id}/letter.pdf`} target="_blank">
          Letter (PDF)
        </Anchor>
      </Group>
      {saved && (
        <Text size="sm" c="teal.8" role="status">
          {saved}
        </Text>
      )}
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
