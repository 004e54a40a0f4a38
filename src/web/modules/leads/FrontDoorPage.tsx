import { useState } from 'react';
import { Alert, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useClinics } from '../clinics/api.js';
import { getMetrics } from './api.js';
import { localToday } from '../../ui/format.js';

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
const mins = (x: number | null) => (x === null ? '—' : `${x} min`);

/** Front-door metrics per clinic and local day, for clinic managers. */
export function FrontDoorPage() {
  const [from, setFrom] = useState(localToday(-13));
  const [to, setTo] = useState(localToday(1));
  const [clinic, setClinic] = useState<string | null>(null);
  const clinics = useClinics();
  const metrics = useQuery({ queryKey: ['metrics', from, to, clinic], queryFn: () => getMetrics(from, to, clinic) });
  return (
    <Stack>
      <Title order={1} size="h2">
        Front door
      </Title>
      <Text c="dimmed" size="sm">
        Time to first call runs from the request, or from the opening after an out-of-hours request. Days are each clinic's local days.
      </Text>
      <Group align="end">
        <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <Select
          label="Clinic"
          placeholder="All my clinics"
          clearable
          value={clinic}
          onChange={setClinic}
          data={(clinics.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          w={240}
        />
      </Group>
      {metrics.error && <Alert color="red">{metrics.error.message}</Alert>}
      <Table striped aria-label="Front-door metrics">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Day</Table.Th>
            <Table.Th>Clinic</Table.Th>
            <Table.Th>Leads</Table.Th>
            <Table.Th>Median to first call</Table.Th>
            <Table.Th>Called within 10 min</Table.Th>
            <Table.Th>Converted</Table.Th>
            <Table.Th>Urgent</Table.Th>
            <Table.Th>Median to reach urgent</Table.Th>
            <Table.Th>Escalated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(metrics.data?.items ?? []).map((r) => (
            <Table.Tr key={`${r.day}-${r.locationId}`}>
              <Table.Td>{r.day}</Table.Td>
              <Table.Td>{r.clinicName}</Table.Td>
              <Table.Td>{r.leads}</Table.Td>
              <Table.Td>{r.firstCalled === 0 || r.medianMinutesToFirstCall === null ? 'no calls yet' : mins(r.medianMinutesToFirstCall)}</Table.Td>
              <Table.Td>
                {r.calledWithin10Minutes} ({pct(r.shareCalledWithin10Minutes)})
              </Table.Td>
              <Table.Td>{r.conversions}</Table.Td>
              <Table.Td>{r.urgentLeads}</Table.Td>
              <Table.Td>{mins(r.medianMinutesToReachUrgent)}</Table.Td>
              <Table.Td>{r.escalated}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {metrics.data?.items.length === 0 && <Text c="dimmed">No leads in this period.</Text>}
      <Title order={2} size="h4">
        Anonymous self-checks (no contact left)
      </Title>
      <Table aria-label="Anonymous self-checks">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Day (UTC)</Table.Th>
            <Table.Th>Instrument</Table.Th>
            <Table.Th>Result</Table.Th>
            <Table.Th>Crisis answer</Table.Th>
            <Table.Th>Count</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(metrics.data?.anonymousScreenings ?? []).map((a) => (
            <Table.Tr key={`${a.day}-${a.instrument}-${a.severity}-${a.crisis}`}>
              <Table.Td>{a.day}</Table.Td>
              <Table.Td>{a.instrument}</Table.Td>
              <Table.Td>{a.severity}</Table.Td>
              <Table.Td>{a.crisis ? 'yes' : 'no'}</Table.Td>
              <Table.Td>{a.count}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
