import { useState, type SubmitEvent } from 'react';
import { Alert, Anchor, Badge, Button, Checkbox, Group, Loader, Paper, Progress, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { VisitChoice } from '../../../contracts/appointments.js';
import type { CoursePlan, CourseView } from '../../../contracts/protocols.js';
import { roleHas } from '../../../contracts/permissions.js';
import { ApiError } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { formatDate } from '../../ui/format.js';
import { COURSE_STATUS_COLORS } from './CoursesPanel.js';
import { listPriorAuthorizations, listVaReferrals } from '../care/api.js';
import { bookVisits, cancelVisit, courseVisits, getCourse, moveCourse, moveLink, proposePlan, reschedule, STATUS_COLORS, type CourseVisit } from './api.js';

const NEXT_STATUSES: Record<CourseView['status'], CourseView['status'][]> = {
  planned: ['active', 'stopped'],
  active: ['on_hold', 'completed', 'stopped'],
  on_hold: ['active', 'stopped'],
  completed: [],
  stopped: [],
};

/** A treatment course: its visits on a timeline, the authorization meter, and planning the visits still to book. */
export function CoursePage() {
  const { id = '' } = useParams();
  const { session } = useSession();
  const role = session?.user.role ?? 'nurse';
  const course = useQuery({ queryKey: ['course', id], queryFn: () => getCourse(id) });
  const visits = useQuery({ queryKey: ['course-visits', id], queryFn: () => courseVisits(id) });
  if (course.isLoading) return <Loader aria-label="Loading the course" />;
  if (course.isError || !course.data) return <Alert color="red">Could not load the course.</Alert>;
  const c = course.data;
  const canPlan = roleHas(role, 'course:plan') && (c.status === 'planned' || c.status === 'active');
  return (
    <Stack>
      <Anchor component={Link} to={`/patients/${c.patientId}/care`} size="sm">
        ← Patient’s care path
      </Anchor>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {c.protocol.name}
        </Title>
        <Group gap="xs">
          <Badge color={COURSE_STATUS_COLORS[c.status]} variant="light" size="lg">
            {c.status.replace('_', ' ')}
          </Badge>
          <Badge variant="outline">protocol version {c.protocol.version}</Badge>
        </Group>
      </Group>
      <Text size="sm">
        {c.location.name} ({c.location.timeZone}) · {c.protocol.sessions} visits in the protocol{c.statusReason ? ` · ${c.statusReason}` : ''}
      </Text>
      {roleHas(role, 'course:write') && NEXT_STATUSES[c.status].length > 0 && <CourseStatusForm course={c} />}
      {visits.data && <AuthorizationMeter view={visits.data} />}
      {roleHas(role, 'course:link') && c.status !== 'completed' && c.status !== 'stopped' && <PayerLinkForm course={c} />}
      {canPlan && <PlanSection courseId={id} />}
      <Title order={2} size="h3">
        Visits
      </Title>
      {visits.isLoading && <Loader aria-label="Loading visits" />}
      {visits.data && visits.data.items.length === 0 && <Text>No visits booked yet.</Text>}
      {visits.data && visits.data.items.length > 0 && <Timeline items={visits.data.items} courseId={id} canBook={roleHas(role, 'appointment:book')} />}
    </Stack>
  );
}

function CourseStatusForm({ course }: { course: CourseView }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setError(null);
    try {
      await moveCourse(course.id, { status, version: course.version, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      setStatus(null);
      setReason('');
      await qc.invalidateQueries({ queryKey: ['course', course.id] });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not change the course.');
    }
  }
  return (
    <Group component="form" onSubmit={submit} align="flex-end" aria-label="Change the course’s status" wrap="wrap">
      <Select
        label="Change status to"
        data={NEXT_STATUSES[course.status].map((s) => ({ value: s, label: s.replace('_', ' ') }))}
        value={status}
        onChange={setStatus}
        w={180}
      />
      {(status === 'on_hold' || status === 'stopped') && (
        <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} required w={260} />
      )}
      <Button type="submit" variant="default" disabled={!status}>
        Change
      </Button>
      {error && (
        <Text c="red.9" size="sm" role="alert">
          {error}
        </Text>
      )}
    </Group>
  );
}

/** Count the course against another approval of the patient's (the extension approved when the first ran out). */
function PayerLinkForm({ course }: { course: CourseView }) {
  const qc = useQueryClient();
  const pas = useQuery({ queryKey: ['prior-authorizations', course.patientId], queryFn: () => listPriorAuthorizations(course.patientId) });
  const vas = useQuery({ queryKey: ['va-referrals', course.patientId], queryFn: () => listVaReferrals(course.patientId) });
  const current = course.payerLink ? `${course.payerLink.kind === 'prior_authorization' ? 'pa' : 'va'}:${course.payerLink.id}` : 'none';
  const [value, setValue] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const options = [
    { value: 'none', label: 'No authorization (self-pay or not required)' },
    ...(pas.data?.items ?? [])
      .filter((a) => a.treatment === course.protocol.treatment)
      .map((a) => ({ value: `pa:${a.id}`, label: `Prior authorization ${a.authorizationNumber ?? '(no number yet)'} · ${a.status.replaceAll('_', ' ')}` })),
    ...(vas.data?.items ?? [])
      .filter((v) => v.treatment === course.protocol.treatment)
      .map((v) => ({ value: `va:${v.id}`, label: `VA referral ${v.referralNumber}` })),
  ];
  async function save() {
    const v = value ?? current;
    setError(null);
    try {
      await moveLink(course.id, {
        priorAuthorizationId: v.startsWith('pa:') ? v.slice(3) : null,
        vaReferralId: v.startsWith('va:') ? v.slice(3) : null,
        version: course.version,
      });
      setValue(null);
      await Promise.all([qc.invalidateQueries({ queryKey: ['course', course.id] }), qc.invalidateQueries({ queryKey: ['course-visits', course.id] })]);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not changed.');
    }
  }
  return (
    <Group align="flex-end" wrap="wrap" aria-label="Counts against" component="form" onSubmit={(e: SubmitEvent) => (e.preventDefault(), void save())}>
      <Select label="Counts against" data={options} value={value ?? current} onChange={setValue} w={{ base: '100%', sm: 480 }} allowDeselect={false} />
      <Button type="submit" variant="default" disabled={!value || value === current}>
        Change
      </Button>
      {error && (
        <Text c="red.9" size="sm" role="alert">
          {error}
        </Text>
      )}
    </Group>
  );
}

function AuthorizationMeter({ view }: { view: Awaited<ReturnType<typeof courseVisits>> }) {
  const a = view.authorization;
  if (!a)
    return (
      <Text size="sm">
        No authorization or referral linked: {view.done} done, {view.booked} booked.
      </Text>
    );
  const name = a.kind === 'prior_authorization' ? 'Prior authorization' : 'VA referral';
  if (!a.inForce || a.sessions === null) return <Alert color="orange">{name} not approved yet: visits are not limited by it.</Alert>;
  const remaining = a.remaining ?? 0;
  return (
    <Paper withBorder p="sm" component="section" aria-label="Authorization meter">
      <Stack gap={4}>
        <Text size="sm">
          {name}: {a.used} used, {a.booked} booked, {remaining} left of {a.sessions}
          {a.from && a.to ? ` · ${formatDate(a.from)} to ${formatDate(a.to)}` : ''}
        </Text>
        <Progress.Root size="lg">
          <Progress.Section value={(100 * a.used) / a.sessions} color="teal" aria-label={`${a.used} authorized sessions used`} />
          <Progress.Section value={(100 * a.booked) / a.sessions} color="blue" aria-label={`${a.booked} authorized sessions booked`} />
        </Progress.Root>
        {remaining <= 3 && (
          <Text size="sm" c="red.9">
            {remaining <= 0 ? 'No sessions left to book.' : `Only ${remaining} session${remaining === 1 ? '' : 's'} left.`} The biller sees this on
            Authorizations ending and can request an extension.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

type Row = CoursePlan['visits'][number] & { moved: boolean };

/** Propose the remaining visits, move any of them, and book them all at once. */
function PlanSection({ courseId }: { courseId: string }) {
  const qc = useQueryClient();
  const [startOn, setStartOn] = useState('');
  const [earlyOnly, setEarlyOnly] = useState(false);
  const [plan, setPlan] = useState<CoursePlan | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function propose() {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const body = {
        ...(startOn ? { startOn } : {}),
        ...(earlyOnly ? { preferredTimes: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '07:00', to: '11:00' })) } : {}),
      };
      const p = await proposePlan(courseId, body);
      setPlan(p);
      setRows(p.visits.map((v) => ({ ...v, moved: false })));
    } catch (err) {
      setError({ message: err instanceof Error ? err.message : 'Could not propose a plan.', fields: {} });
    } finally {
      setBusy(false);
    }
  }

  async function book() {
    setBusy(true);
    setError(null);
    try {
      const choices: VisitChoice[] = rows.map((r) => ({
        index: r.index,
        date: r.date,
        localStart: r.localStart,
        resourceId: r.resource?.id ?? null,
        staffIds: r.staff.map((s) => s.id),
      }));
      const res = await bookVisits(courseId, choices);
      setNotice(`${res.booked} visits booked.`);
      setPlan(null);
      setRows([]);
      await Promise.all([qc.invalidateQueries({ queryKey: ['course-visits', courseId] }), qc.invalidateQueries({ queryKey: ['course', courseId] })]);
    } catch (err) {
      const fields = err instanceof ApiError ? Object.fromEntries(err.fields.map((f) => [f.path, f.message])) : {};
      setError({ message: err instanceof Error ? err.message : 'Could not book the visits.', fields });
    } finally {
      setBusy(false);
    }
  }

  const update = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch, moved: true } : r)));

  return (
    <Paper withBorder p="md" component="section" aria-label="Plan the visits">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Plan the visits
        </Title>
        <Group align="flex-end" wrap="wrap">
          <TextInput label="Start on (optional)" type="date" value={startOn} onChange={(e) => setStartOn(e.currentTarget.value)} w={180} />
          <Checkbox
            label="Patient can only come early mornings (7-11 on weekdays)"
            checked={earlyOnly}
            onChange={(e) => setEarlyOnly(e.currentTarget.checked)}
          />
          <Button variant="default" onClick={() => void propose()} loading={busy && !plan}>
            Propose visits
          </Button>
        </Group>
        {notice && (
          <Alert color="teal" role="status">
            {notice}
          </Alert>
        )}
        {error && (
          <Alert color="red" role="alert" title="Not booked">
            {error.message}
          </Alert>
        )}
        {plan && (
          <Stack gap="xs">
            <Text size="sm" fw={600} role="status">
              {plan.visits.length} visit{plan.visits.length === 1 ? '' : 's'} proposed
              {plan.visits.length > 0 ? `, ${formatDate(plan.visits[0]?.date ?? '')} to ${formatDate(plan.visits.at(-1)?.date ?? '')}` : ''} ({plan.timeZone}).
            </Text>
            {plan.blocked && (
              <Alert color="orange" title={<Text fw={700} size="sm" c="dark.9">{`Visit ${plan.blocked.index + 1} cannot be placed`}</Text>}>
                {plan.blocked.message}
                {plan.blocked.alternatives.length > 0 &&
                  ` Nearest: ${plan.blocked.alternatives.map((a) => `${formatDate(a.date)} ${a.localStart}`).join(', ')}.`}
              </Alert>
            )}
            {plan.warnings.map((w) => (
              <Text key={w} size="xs" c="dimmed">
                {w}
              </Text>
            ))}
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label="Proposed visits" fz="sm" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>#</Table.Th>
                    <Table.Th>Date</Table.Th>
                    <Table.Th>Time</Table.Th>
                    <Table.Th>Phase</Table.Th>
                    <Table.Th>Where</Table.Th>
                    <Table.Th>Staff</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((v, i) => {
                    const problem =
                      error?.fields[`visits.${i}.localStart`] ?? error?.fields[`visits.${i}.staffIds.0`] ?? error?.fields[`visits.${i}.resourceId`];
                    return (
                      <Table.Tr key={v.index} bg={problem ? 'red.0' : v.moved ? 'yellow.0' : undefined}>
                        <Table.Td>{v.index + 1}</Table.Td>
                        <Table.Td>
                          <TextInput
                            type="date"
                            size="xs"
                            aria-label={`Visit ${v.index + 1} date`}
                            value={v.date}
                            onChange={(e) => update(i, { date: e.currentTarget.value })}
                            error={problem}
                          />
                        </Table.Td>
                        <Table.Td>
                          <TextInput
                            type="time"
                            size="xs"
                            aria-label={`Visit ${v.index + 1} time`}
                            value={v.localStart}
                            onChange={(e) => update(i, { localStart: e.currentTarget.value })}
                          />
                        </Table.Td>
                        <Table.Td>{v.phase}</Table.Td>
                        <Table.Td>{v.resource?.name ?? '—'}</Table.Td>
                        <Table.Td>{v.staff.map((s) => s.name).join(', ')}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {rows.length > 0 && (
              <Group>
                <Button onClick={() => void book()} loading={busy}>
                  Book {rows.length} visit{rows.length === 1 ? '' : 's'}
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function Timeline({ items, courseId, canBook }: { items: CourseVisit[]; courseId: string; canBook: boolean }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table aria-label="Course visits" fz="sm" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Phase</Table.Th>
            <Table.Th>Date</Table.Th>
            <Table.Th>Time</Table.Th>
            <Table.Th>Where</Table.Th>
            <Table.Th>Staff</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((v) => (
            <VisitRow key={v.id} v={v} courseId={courseId} canBook={canBook} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function VisitRow({ v, courseId, canBook }: { v: CourseVisit; courseId: string; canBook: boolean }) {
  const qc = useQueryClient();
  const [mode, setMode] = useState<'view' | 'move' | 'cancel'>('view');
  const [date, setDate] = useState(v.date);
  const [time, setTime] = useState(v.localStart);
  const [reason, setReason] = useState('');
  const [series, setSeries] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([qc.invalidateQueries({ queryKey: ['course-visits', courseId] }), qc.invalidateQueries({ queryKey: ['course', courseId] })]);
  async function save() {
    setError(null);
    try {
      if (mode === 'move') await reschedule(v.id, { date, localStart: time, version: v.version });
      else await cancelVisit(v.id, { reason, version: v.version, scope: series ? 'series' : 'visit' });
      setMode('view');
      await refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not saved.');
    }
  }
  const label = `visit ${v.number ?? ''} on ${formatDate(v.date)}`.replace('  ', ' ');
  return (
    <Table.Tr>
      <Table.Td>{v.number ?? '—'}</Table.Td>
      <Table.Td>{v.phase ?? '—'}</Table.Td>
      <Table.Td>{formatDate(v.date)}</Table.Td>
      <Table.Td>
        {v.localStart}–{v.localEnd}
      </Table.Td>
      <Table.Td>{v.resource?.name ?? '—'}</Table.Td>
      <Table.Td>{v.staff.name}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          <Badge color={STATUS_COLORS[v.status]} variant="light">
            {v.boardStatus}
          </Badge>
          {v.status === 'booked' && v.confirmation !== 'confirmed' && (
            <Text size="xs" c="#9a3412" fw={600}>
              {v.confirmation === 'reschedule_requested' ? 'asks to reschedule' : 'unconfirmed'}
            </Text>
          )}
          {v.guidance && (
            <Text size="xs" c="#9a3412" title={v.guidance.source}>
              Missed: {v.guidance.text}
            </Text>
          )}
          {v.lateCancel && (
            <Badge color="red" variant="outline">
              late
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        {canBook && v.status === 'booked' && mode === 'view' && (
          <Group gap={4} wrap="nowrap">
            <Button size="compact-xs" variant="default" onClick={() => setMode('move')} aria-label={`Move ${label}`}>
              Move
            </Button>
            <Button size="compact-xs" variant="subtle" color="red" onClick={() => setMode('cancel')} aria-label={`Cancel ${label}`}>
              Cancel
            </Button>
          </Group>
        )}
        {mode !== 'view' && (
          <Stack gap={4} miw={220}>
            {mode === 'move' ? (
              <Group gap={4} wrap="nowrap">
                <TextInput type="date" size="xs" aria-label="New date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
                <TextInput type="time" size="xs" aria-label="New time" value={time} onChange={(e) => setTime(e.currentTarget.value)} />
              </Group>
            ) : (
              <>
                <TextInput
                  size="xs"
                  aria-label="Reason for cancelling"
                  placeholder="Reason"
                  value={reason}
                  onChange={(e) => setReason(e.currentTarget.value)}
                />
                <Checkbox size="xs" label="And the rest of the series" checked={series} onChange={(e) => setSeries(e.currentTarget.checked)} />
              </>
            )}
            <Group gap={4}>
              <Button size="compact-xs" onClick={() => void save()}>
                {mode === 'move' ? 'Save' : 'Cancel visit'}
              </Button>
              <Button size="compact-xs" variant="subtle" onClick={() => setMode('view')}>
                Back
              </Button>
            </Group>
            {error && (
              <Text size="xs" c="red.9" role="alert">
                {error}
              </Text>
            )}
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
