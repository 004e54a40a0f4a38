import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { roleHas } from '../../../contracts/permissions.js';
import { useSession } from '../../app/session.js';
import { formatDateTime } from '../../ui/format.js';
import { listAppointments, listAssessments, listObservations, startAssessment } from './api.js';
import { defined } from '../../../domain/defined.js';

/** On the patient page: appointments, intake assessments (providers start one here) and the latest scores. */
export function PatientClinicalSection({ patientId }: { patientId: string }) {
  const { session } = useSession();
  const navigate = useNavigate();
  const role = session?.user.role ?? 'nurse';
  const clinical = roleHas(role, 'clinical:read');
  const zone = session?.user.timeZone;
  const appointments = useQuery({ queryKey: ['appointments', patientId], queryFn: () => listAppointments(patientId) });
  const intakes = useQuery({ queryKey: ['intakes', patientId], queryFn: () => listAssessments(patientId), enabled: roleHas(role, 'intake:read') });
  const observations = useQuery({ queryKey: ['observations', patientId], queryFn: () => listObservations(patientId), enabled: clinical });
  const scores = (observations.data?.items ?? []).filter((o) => ['PHQ-9', 'GAD-7', 'PCL-5', 'ASQ', 'C-SSRS'].includes(o.kind));

  return (
    <Stack>
      {roleHas(role, 'carepath:read') && (
        <Button w="fit-content" component={Link} to={`/patients/${patientId}/care`}>
          Care path, coverage and cost
        </Button>
      )}
      <Paper withBorder p="md">
        <Title order={2} size="h4">
          Appointments
        </Title>
        {appointments.data?.items.length ? (
          <Table aria-label="Appointments">
            <Table.Tbody>
              {appointments.data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{formatDateTime(a.startsAt, a.clinic.timeZone)}</Table.Td>
                  <Table.Td>{a.kind === 'intake_consultation' ? 'Intake consultation' : a.kind}</Table.Td>
                  <Table.Td>{a.clinic.name}</Table.Td>
                  <Table.Td>{a.provider.name}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{a.status}</Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text c="dimmed">No appointments.</Text>
        )}
      </Paper>
      {roleHas(role, 'intake:read') && (
        <Paper withBorder p="md">
          <Group justify="space-between">
            <Title order={2} size="h4">
              Intake assessments
            </Title>
            {roleHas(role, 'intake:write') && (
              <Button
                size="xs"
                onClick={async () => {
                  const a = await startAssessment(patientId);
                  await navigate(`/patients/${patientId}/intake/${a.id}`);
                }}
              >
                Start intake assessment
              </Button>
            )}
          </Group>
          {intakes.error && <Alert color="red">{intakes.error.message}</Alert>}
          {intakes.data?.items.length ? (
            <Stack gap={4}>
              {intakes.data.items.map((i) => (
                <Anchor key={i.id} component={Link} to={`/patients/${patientId}/intake/${i.id}`}>
                  {i.status === 'signed' ? `Signed ${formatDateTime(defined(i.signedAt), zone)}` : `Draft started ${formatDateTime(i.createdAt, zone)}`}
                </Anchor>
              ))}
            </Stack>
          ) : (
            <Text c="dimmed">None yet.</Text>
          )}
        </Paper>
      )}
      {scores.length > 0 && (
        <Paper withBorder p="md">
          <Title order={2} size="h4">
            Scores
          </Title>
          <Table aria-label="Scores">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Measure</Table.Th>
                <Table.Th>Date</Table.Th>
                <Table.Th>Score</Table.Th>
                <Table.Th>Result</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {scores.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    {o.kind}
                    {o.loinc ? ` (LOINC ${o.loinc})` : ''}
                  </Table.Td>
                  <Table.Td>{o.effectiveAt.slice(0, 10)}</Table.Td>
                  <Table.Td>{o.value ?? o.valueText}</Table.Td>
                  <Table.Td>{o.interpretation}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
