import { Alert, Badge, Code, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { JobRunView } from '../../../contracts/jobs.js';
import { api } from '../../app/api.js';
import { formatDateTime } from '../../ui/format.js';

const JOB_LABELS: Record<string, string> = {
  'leads.escalate': 'Overdue callbacks (escalation)',
  'notifications.deliver': 'Notification delivery',
};

const STATE_COLORS: Record<JobRunView['state'], string> = {
  created: 'gray',
  retry: 'orange',
  active: 'blue',
  completed: 'teal',
  cancelled: 'gray',
  failed: 'red',
};

function outcomeOf(run: JobRunView): string {
  const output = run.output as { handled?: number; message?: string } | null;
  if (output && typeof output.handled === 'number') return `${output.handled} handled`;
  if (output && typeof output.message === 'string') return output.message;
  return '';
}

/** Administrators see what the background jobs did: each run, its tries and what it handled or why it failed. */
export function JobsPage() {
  const runs = useQuery({
    queryKey: ['jobs'],
    queryFn: async () => (await api<{ runs: JobRunView[] }>('GET', '/api/jobs?limit=100')).runs,
    refetchInterval: 10_000,
  });
  return (
    <Stack>
      <Title order={1} size="h2">
        Background jobs
      </Title>
      <Text c="dimmed" size="sm">
        Runs of the last hours, newest first. A failed run is tried again after a growing wait; it shows here with its error until it succeeds or gives up.
      </Text>
      {runs.isLoading && <Loader aria-label="Loading job runs" />}
      {runs.isError && <Alert color="red">Could not load the job history.</Alert>}
      {runs.data && runs.data.length === 0 && <Text>No job has run yet.</Text>}
      {runs.data && runs.data.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped aria-label="Job runs" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Job</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Retries</Table.Th>
                <Table.Th>Started</Table.Th>
                <Table.Th>Finished</Table.Th>
                <Table.Th>Result</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.data.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    {JOB_LABELS[r.name] ?? r.name}
                    <Text size="xs" c="dimmed">
                      <Code>{r.name}</Code>
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATE_COLORS[r.state]} variant="light">
                      {r.state}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{r.retryCount}</Table.Td>
                  <Table.Td>{r.startedOn ? formatDateTime(r.startedOn) : '—'}</Table.Td>
                  <Table.Td>{r.completedOn ? formatDateTime(r.completedOn) : '—'}</Table.Td>
                  <Table.Td>{outcomeOf(r)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
