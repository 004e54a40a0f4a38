import { useState } from 'react';
import { Alert, Badge, Button, Code, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import type { AuditEvent } from '../../../contracts/audit.js';
import type { Staff } from '../../../contracts/users.js';
import { api } from '../../app/api.js';
import { formatDateTime } from '../../ui/format.js';

const ACTIONS = [
  'auth.login',
  'auth.logout',
  'patient.read',
  'patient.search',
  'patient.create',
  'patient.update',
  'patient.weight.record',
  'staff.create',
  'staff.update',
  'location.update',
  'audit.read',
];

export function AuditPage() {
  const [actor, setActor] = useState<string | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [patientId, setPatientId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const staff = useQuery({ queryKey: ['staff'], queryFn: async () => (await api<{ items: Staff[] }>('GET', '/api/staff')).items });
  const filter = {
    actorUserId: actor,
    action,
    outcome,
    patientId: /^[0-9a-f-]{36}$/i.test(patientId.trim()) ? patientId.trim() : null,
    from: from ? new Date(from).toISOString() : null,
    to: to ? new Date(to).toISOString() : null,
  };

  const events = useInfiniteQuery({
    queryKey: ['audit', filter],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => {
      const p = new URLSearchParams({ limit: '50' });
      for (const [k, v] of Object.entries(filter)) if (v) p.set(k, v);
      if (pageParam) p.set('before', String(pageParam));
      return api<{ items: AuditEvent[]; nextBefore: number | null }>('GET', `/api/audit?${p}`);
    },
    getNextPageParam: (last) => last.nextBefore,
  });
  const verify = useMutation({ mutationFn: () => api<{ ok: boolean; sealed: number; unsealed: number; problem: string | null }>('POST', '/api/audit/verify') });
  const rows = events.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Audit trail
        </Title>
        <Button variant="default" onClick={() => verify.mutate()} loading={verify.isPending}>
          Verify hash chain
        </Button>
      </Group>
      {verify.data && (
        <Alert color={verify.data.ok ? 'teal' : 'red'} role="status">
          {verify.data.ok ? `Chain intact: ${verify.data.sealed.toLocaleString()} events verified.` : `Chain broken: ${verify.data.problem}`}
        </Alert>
      )}
      <Group align="end">
        <Select
          label="Who"
          clearable
          searchable
          placeholder="Anyone"
          data={(staff.data ?? []).map((s) => ({ value: s.id, label: s.displayName }))}
          value={actor}
          onChange={setActor}
        />
        <Select label="Action" clearable searchable placeholder="Any" data={ACTIONS} value={action} onChange={setAction} />
        <Select label="Outcome" clearable placeholder="Any" data={['success', 'denied', 'failure']} value={outcome} onChange={setOutcome} />
        <TextInput label="Patient id" value={patientId} onChange={(e) => setPatientId(e.currentTarget.value)} w={300} />
        <TextInput label="From" type="datetime-local" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput label="To" type="datetime-local" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </Group>
      <Table striped aria-label="Audit events" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Who</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Record</Table.Th>
            <Table.Th>Outcome</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>Details</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{formatDateTime(e.occurredAt)}</Table.Td>
              <Table.Td>
                {e.actorEmail ?? '—'}
                {e.actorRole && (
                  <Text size="xs" c="dimmed">
                    {e.actorRole}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Code>{e.action}</Code>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{e.entityType ? `${e.entityType} ${e.entityId?.slice(0, 8) ?? ''}` : ''}</Text>
              </Table.Td>
              <Table.Td>
                <Badge color={e.outcome === 'success' ? 'teal' : e.outcome === 'denied' ? 'orange' : 'red'} variant="light">
                  {e.outcome}
                </Badge>
              </Table.Td>
              <Table.Td>{e.ip}</Table.Td>
              <Table.Td>
                <Text size="xs" style={{ wordBreak: 'break-all' }}>
                  {e.details ? JSON.stringify(e.details).slice(0, 160) : ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {events.hasNextPage && (
        <Button variant="default" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage} w="fit-content">
          Older events
        </Button>
      )}
    </Stack>
  );
}
