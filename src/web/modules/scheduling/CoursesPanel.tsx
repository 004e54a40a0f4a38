import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { CoursePlan, CourseView } from '../../../contracts/protocols.js';
import { roleHas } from '../../../contracts/permissions.js';
import { api } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { formatDate } from '../../ui/format.js';

const STATUS_COLORS: Record<CourseView['status'], string> = { planned: 'gray', active: 'teal', on_hold: 'orange', completed: 'blue', stopped: 'red' };

/** A patient's treatment courses: protocol version, status, visits against the authorization, and a plan proposal. */
export function CoursesPanel({ patientId }: { patientId: string }) {
  const courses = useQuery({
    queryKey: ['courses', patientId],
    queryFn: async () => (await api<{ items: CourseView[] }>('GET', `/api/patients/${patientId}/courses`)).items,
  });
  if (courses.isLoading) return <Text>Loading courses…</Text>;
  if (courses.isError) return <Alert color="red">Could not load the courses.</Alert>;
  if (!courses.data?.length) return <Text>No treatment course yet. A provider starts one from the care path (POST /api/patients/:id/courses).</Text>;
  return (
    <Stack>
      {courses.data.map((c) => (
        <CourseCard key={c.id} course={c} />
      ))}
    </Stack>
  );
}

function CourseCard({ course }: { course: CourseView }) {
  const { session } = useSession();
  const canPlan = roleHas(session?.user.role ?? 'nurse', 'course:plan') && (course.status === 'planned' || course.status === 'active');
  const [plan, setPlan] = useState<CoursePlan | null>(null);
  const propose = useMutation({
    mutationFn: () => api<CoursePlan>('POST', `/api/courses/${course.id}/plan`, {}),
    onSuccess: setPlan,
  });
  const link = course.payerLink;
  return (
    <Paper withBorder p="md" aria-label={`Course: ${course.protocol.name}`} component="section">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4">
            {course.protocol.name}
          </Title>
          <Group gap="xs">
            <Badge color={STATUS_COLORS[course.status]} variant="light">
              {course.status.replace('_', ' ')}
            </Badge>
            <Badge variant="outline">protocol version {course.protocol.version}</Badge>
          </Group>
        </Group>
        <Text size="sm">
          {course.location.name} · {course.visits.done} done, {course.visits.booked} booked of {course.protocol.sessions} visits
          {course.statusReason ? ` · ${course.statusReason}` : ''}
        </Text>
        {link ? (
          link.inForce && link.sessions !== null ? (
            <Stack gap={2}>
              <Text size="sm">
                {link.kind === 'prior_authorization' ? 'Prior authorization' : 'VA referral'}: {link.used} of {link.sessions} sessions used
                {link.from && link.to ? `, ${formatDate(link.from)} to ${formatDate(link.to)}` : ''}
              </Text>
              <Progress value={(100 * link.used) / Math.max(1, link.sessions)} aria-label="Authorized sessions used" />
            </Stack>
          ) : (
            <Text size="sm" c="red.9">
              {link.kind === 'prior_authorization' ? 'Prior authorization' : 'VA referral'} not approved yet.
            </Text>
          )
        ) : (
          <Text size="sm">No authorization linked.</Text>
        )}
        {canPlan && (
          <Group>
            <Button variant="default" onClick={() => propose.mutate()} loading={propose.isPending}>
              Propose visits
            </Button>
          </Group>
        )}
        {propose.isError && <Alert color="red">{propose.error.message}</Alert>}
        {plan && <PlanProposal plan={plan} />}
      </Stack>
    </Paper>
  );
}

function PlanProposal({ plan }: { plan: CoursePlan }) {
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600} role="status">
        {plan.visits.length} visit{plan.visits.length === 1 ? '' : 's'} proposed
        {plan.visits.length > 0 ? `, ${formatDate(plan.visits[0]?.date ?? '')} to ${formatDate(plan.visits.at(-1)?.date ?? '')}` : ''} ({plan.timeZone}).
      </Text>
      {plan.blocked && (
        <Alert
          color="orange"
          title={
            <Text fw={700} size="sm" c="dark.9">
              Visit {plan.blocked.index + 1} cannot be placed
            </Text>
          }
        >
          {plan.blocked.message}
          {plan.blocked.alternatives.length > 0 && ` Nearest: ${plan.blocked.alternatives.map((a) => `${formatDate(a.date)} ${a.localStart}`).join(', ')}.`}
        </Alert>
      )}
      {plan.warnings.map((w) => (
        <Text key={w} size="xs" c="dimmed">
          {w}
        </Text>
      ))}
      <Table.ScrollContainer minWidth={520}>
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
            {plan.visits.map((v) => (
              <Table.Tr key={v.index}>
                <Table.Td>{v.index + 1}</Table.Td>
                <Table.Td>{formatDate(v.date)}</Table.Td>
                <Table.Td>{v.localStart}</Table.Td>
                <Table.Td>{v.phase}</Table.Td>
                <Table.Td>{v.resource?.name ?? '—'}</Table.Td>
                <Table.Td>{v.staff.map((s) => s.name).join(', ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
