import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Checkbox, Group, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { roleHas } from '../../../contracts/permissions.js';
import { useSession } from '../../app/session.js';
import { formatDate, formatDateTime } from '../../ui/format.js';
import { batches, claims, createBatches, submitBatch } from './api.js';
import { formatCents } from '../../../domain/coverage/estimate.js';

const STATUSES = ['draft', 'ready', 'submitted', 'accepted', 'rejected', 'paid', 'partially_paid', 'denied', 'appealed', 'closed'];
export const STATUS_COLOR: Record<string, string> = {
  paid: 'teal',
  partially_paid: 'yellow',
  denied: 'red',
  rejected: 'red',
  appealed: 'orange',
  ready: 'blue',
  closed: 'gray',
};

/** Claims by status, and the batches that carried them: ready claims go out together as one 837P file. */
export function ClaimsPage() {
  const { session } = useSession();
  const canWrite = roleHas(session?.user.role ?? 'manager', 'claim:write');
  const [status, setStatus] = useState<string | null>('ready');
  const [selected, setSelected] = useState<string[]>([]);
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['claims', status], queryFn: () => claims(status) });
  const sent = useQuery({ queryKey: ['claim-batches'], queryFn: batches });
  const items = list.data?.items ?? [];
  async function send() {
    setMessage(null);
    try {
      const made = await createBatches(selected);
      for (const b of made.items) await submitBatch(b.id);
      setMessage({
        color: 'teal',
        text: `Sent ${made.items.reduce((s, b) => s + b.claimCount, 0)} claim(s) in ${made.items.length} batch(es) to the clearinghouse.`,
      });
      setSelected([]);
      await qc.invalidateQueries({ queryKey: ['claims'] });
      await qc.invalidateQueries({ queryKey: ['claim-batches'] });
    } catch (err) {
      setMessage({ color: 'red', text: err instanceof Error ? err.message : 'Not sent.' });
    }
  }
  return (
    <Stack>
      <Title order={1} size="h2">
        Claims
      </Title>
      <Select
        label="Status"
        data={STATUSES.map((s) => ({ value: s, label: s.replace('_', ' ') }))}
        value={status}
        onChange={(v) => {
          setStatus(v);
          setSelected([]);
        }}
        clearable
        placeholder="All"
        w={220}
      />
      {message && (
        <Alert color={message.color} role="status">
          {message.text}
        </Alert>
      )}
      {list.isLoading && <Loader aria-label="Loading claims" />}
      {list.data && items.length === 0 && <Text c="dimmed">No claims {status ? `that are ${status.replace('_', ' ')}` : ''}.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped aria-label="Claims">
            <Table.Thead>
              <Table.Tr>
                {canWrite && status === 'ready' && <Table.Th>Send</Table.Th>}
                <Table.Th>Claim</Table.Th>
                <Table.Th>Patient</Table.Th>
                <Table.Th>Payer</Table.Th>
                <Table.Th>Service date</Table.Th>
                <Table.Th>Total</Table.Th>
                <Table.Th>Paid</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id}>
                  {canWrite && status === 'ready' && (
                    <Table.Td>
                      <Checkbox
                        aria-label={`Send claim ${c.patientControlNumber}`}
                        checked={selected.includes(c.id)}
                        onChange={() => setSelected((s) => (s.includes(c.id) ? s.filter((x) => x !== c.id) : [...s, c.id]))}
                      />
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Link to={`/billing/claims/${c.id}`}>{c.patientControlNumber}</Link>
                    {c.frequency !== '1' && (
                      <Badge ml={4} size="xs" variant="light">
                        {c.frequencyName}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{c.patientName}</Table.Td>
                  <Table.Td>{c.payerName}</Table.Td>
                  <Table.Td>{formatDate(c.firstDateOfService)}</Table.Td>
                  <Table.Td>{formatCents(c.totalCents)}</Table.Td>
                  <Table.Td>{formatCents(c.paidCents)}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[c.status] ?? 'gray'} variant="light">
                      {c.status.replace('_', ' ')}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canWrite && status === 'ready' && items.length > 0 && (
        <Group>
          <Button disabled={selected.length === 0} onClick={() => void send()}>
            Send batch ({selected.length})
          </Button>
        </Group>
      )}
      <Title order={2} size="h4">
        Batches sent
      </Title>
      {sent.data?.items.length === 0 && <Text c="dimmed">No batches yet.</Text>}
      <Stack gap={4}>
        {sent.data?.items.slice(0, 20).map((b) => (
          <Text key={b.id} size="sm">
            Batch {b.controlNumber} · {b.claimCount} claim(s) · {formatCents(b.totalCents)} · {b.status}
            {b.submittedAt ? ` ${formatDateTime(b.submittedAt)}` : ''} ·{' '}
            <Anchor href={`/api/claim-batches/${b.id}/837p`} download={b.fileName}>
              {b.fileName}
            </Anchor>
          </Text>
        ))}
      </Stack>
    </Stack>
  );
}
