import { Accordion, Alert, Badge, Group, List, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ProtocolView } from '../../../contracts/protocols.js';
import { api } from '../../app/api.js';

const RESOURCE_LABELS: Record<string, string> = { tms_device: 'TMS device', infusion_chair: 'Infusion chair', esketamine_room: 'Observation room' };

function spacingText(s: ProtocolView['phases'][number]['spacing']): string {
  const parts = [
    `up to ${s.perWeek} a week`,
    s.minGapDays > 0 ? `at least ${s.minGapDays} day${s.minGapDays === 1 ? '' : 's'} apart` : null,
    s.maxGapDays !== null ? `at most ${s.maxGapDays} days apart` : null,
    s.weekdaysOnly ? 'weekdays only' : null,
  ];
  return parts.filter(Boolean).join(', ');
}

/** Treatment protocols as data: each course's phases, spacing, visit lengths, resources, staff and preparation, with sources. */
export function ProtocolsPage() {
  const protocols = useQuery({ queryKey: ['protocols'], queryFn: async () => (await api<{ items: ProtocolView[] }>('GET', '/api/protocols')).items });
  return (
    <Stack>
      <Title order={1} size="h2">
        Treatment protocols
      </Title>
      <Text c="dimmed" size="sm">
        The current version of each protocol. Courses keep the version they started with; administrators publish new versions through the API (POST
        /api/protocols).
      </Text>
      {protocols.isLoading && <Loader aria-label="Loading protocols" />}
      {protocols.isError && <Alert color="red">Could not load the protocols.</Alert>}
      <Accordion variant="separated" multiple>
        {(protocols.data ?? []).map((p) => (
          <Accordion.Item key={p.id} value={p.id}>
            <Accordion.Control>
              <Group gap="xs" wrap="wrap">
                <Text fw={600}>{p.name}</Text>
                <Badge variant="light">version {p.version}</Badge>
                <Badge variant="outline">{p.sessions} visits</Badge>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap="sm">
                <Text size="sm">Source: {p.source}</Text>
                <Table.ScrollContainer minWidth={480}>
                  <Table aria-label={`${p.name}: phases`} fz="sm">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Phase</Table.Th>
                        <Table.Th>Visits</Table.Th>
                        <Table.Th>Spacing</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {p.phases.map((ph) => (
                        <Table.Tr key={ph.name}>
                          <Table.Td>{ph.name}</Table.Td>
                          <Table.Td>{ph.sessions}</Table.Td>
                          <Table.Td>{spacingText(ph.spacing)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                {p.visitTypes.map((v) => (
                  <Stack key={v.kind} gap={4}>
                    <Text fw={600} size="sm">
                      {v.label}: {v.minutes} min{v.blockAfterMinutes > 0 ? ` + ${v.blockAfterMinutes} min observation` : ''}
                      {v.resource ? `, ${RESOURCE_LABELS[v.resource] ?? v.resource}` : ''}
                      {v.staff.length > 0 ? `, ${v.staff.map((s) => `${s.role}${s.presence === 'on_site' ? ' on site' : ''}`).join(' and ')}` : ''}
                    </Text>
                    {v.readiness.length > 0 && (
                      <List size="sm">
                        {v.readiness.map((r) => (
                          <List.Item key={r.text}>{r.text}</List.Item>
                        ))}
                      </List>
                    )}
                    <Text size="xs" c="dimmed">
                      Source: {v.source}
                    </Text>
                  </Stack>
                ))}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}
