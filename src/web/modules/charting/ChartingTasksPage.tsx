import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { roleHas } from '../../../contracts/permissions.js';
import { useSession } from '../../app/session.js';
import { useClinicParam } from '../scheduling/clinic-param.js';
import { chartingTasks, MODALITY_LABELS, submitForm } from './api.js';

/**
 * The clinic manager's list (issue 10): charts still unsigned 24 hours after opening, signed charts waiting for the
 * provider's co-signature, and Spravato REMS Patient Monitoring Forms due within 7 days of the session or overdue.
 */
export function ChartingTasksPage() {
  const { session } = useSession();
  const { mine, locationId, clinic, set } = useClinicParam();
  const qc = useQueryClient();
  const tasks = useQuery({
    queryKey: ['charting-tasks', locationId],
    queryFn: () => chartingTasks(locationId ?? ''),
    enabled: Boolean(locationId),
    refetchInterval: 60_000,
  });
  const [confirmation, setConfirmation] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const clinical = roleHas(session?.user.role ?? 'biller', 'session:read');
  async function submit(sessionId: string, method: 'fax' | 'online') {
    setError(null);
    try {
      await submitForm(sessionId, { method, ...(confirmation[sessionId] ? { confirmation: confirmation[sessionId] } : {}) });
      await qc.invalidateQueries({ queryKey: ['charting-tasks', locationId] });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not saved.');
    }
  }
  const d = tasks.data;
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Charting tasks{clinic ? ` · ${clinic.name}` : ''}
        </Title>
        <Select label="Clinic" data={mine.map((c) => ({ value: c.id, label: c.name }))} value={locationId} onChange={(v) => set('clinic', v)} w={220} />
      </Group>
      {tasks.isLoading && <Loader aria-label="Loading charting tasks" />}
      {error && <Alert color="red">{error}</Alert>}
      {d && (
        <>
          <Card withBorder component="section" aria-label="REMS Patient Monitoring Forms">
            <Title order={2} size="h4" mb="xs">
              REMS Patient Monitoring Forms ({d.monitoringForms.length})
            </Title>
            {d.monitoringForms.length === 0 ? (
              <Text c="dimmed">None due.</Text>
            ) : (
              <Table>
                <Table.Tbody>
                  {d.monitoringForms.map((f) => (
                    <Table.Tr key={f.sessionId}>
                      <Table.Td>{f.patient}</Table.Td>
                      <Table.Td>
                        <Badge color={f.state === 'overdue' ? 'red' : 'yellow'} c={f.state === 'overdue' ? undefined : 'dark.9'}>
                          {f.state === 'overdue' ? `overdue since ${f.dueOn}` : `due ${f.dueOn} (${f.daysLeft} days)`}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Button component="a" size="xs" variant="outline" href={`/api/treatment-sessions/${f.sessionId}/rems-monitoring-form`} target="_blank">
                          PDF
                        </Button>
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <TextInput
                            size="xs"
                            placeholder="Confirmation"
                            aria-label={`Confirmation for ${f.patient}`}
                            value={confirmation[f.sessionId] ?? ''}
                            onChange={(e) => setConfirmation({ ...confirmation, [f.sessionId]: e.currentTarget.value })}
                          />
                          <Button size="xs" onClick={() => void submit(f.sessionId, 'fax')}>
                            Faxed
                          </Button>
                          <Button size="xs" variant="light" onClick={() => void submit(f.sessionId, 'online')}>
                            Sent online
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
          <Card withBorder component="section" aria-label="Unsigned charts">
            <Title order={2} size="h4" mb="xs">
              Unsigned more than 24 hours ({d.unsigned.length})
            </Title>
            {d.unsigned.length === 0 ? (
              <Text c="dimmed">None.</Text>
            ) : (
              d.unsigned.map((u) => (
                <Text key={u.id}>
                  {clinical ? <Link to={`/sessions/${u.id}`}>{u.patient}</Link> : u.patient} · {MODALITY_LABELS[u.modality] ?? u.modality} · open {u.hoursOpen}{' '}
                  h
                </Text>
              ))
            )}
          </Card>
          <Card withBorder component="section" aria-label="Waiting for co-signature">
            <Title order={2} size="h4" mb="xs">
              Waiting for the provider’s co-signature ({d.awaitingCosign.length})
            </Title>
            {d.awaitingCosign.length === 0 ? (
              <Text c="dimmed">None.</Text>
            ) : (
              d.awaitingCosign.map((u) => (
                <Text key={u.id}>
                  {clinical ? <Link to={`/sessions/${u.id}`}>{u.patient}</Link> : u.patient} · {MODALITY_LABELS[u.modality] ?? u.modality} · signed{' '}
                  {new Date(u.signedAt).toLocaleString('en-US')}
                </Text>
              ))
            )}
          </Card>
        </>
      )}
    </Stack>
  );
}
