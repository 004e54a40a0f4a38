import { useState } from 'react';
import { Alert, Badge, Button, FileInput, Group, List, Loader, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { roleHas } from '../../../contracts/permissions.js';
import { useSession } from '../../app/session.js';
import { formatDate, formatDateTime } from '../../ui/format.js';
import { importRemittance, remittances, retryRemittance, type Remittance } from './api.js';
import { formatCents } from '../../../domain/coverage/estimate.js';

/**
 * Remittances (835): a file is posted whole when every claim and line matches and every total balances; otherwise it
 * is held here with its problems, and nothing of it is posted.
 */
export function RemittancesPage() {
  const { session } = useSession();
  const canImport = roleHas(session?.user.role ?? 'manager', 'remittance:import');
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['remittances'], queryFn: remittances });
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [result, setResult] = useState<Remittance | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit() {
    setError(null);
    setResult(null);
    try {
      const text = file ? await file.text() : pasted;
      setResult(await importRemittance(text));
      setFile(null);
      setPasted('');
      await qc.invalidateQueries({ queryKey: ['remittances'] });
      await qc.invalidateQueries({ queryKey: ['claims'] });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not imported.');
    }
  }
  async function retry(id: string) {
    try {
      setResult(await retryRemittance(id));
      await qc.invalidateQueries({ queryKey: ['remittances'] });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not posted.');
    }
  }
  return (
    <Stack>
      <Title order={1} size="h2">
        Remittances
      </Title>
      {canImport && (
        <Stack gap="xs" maw={640}>
          <FileInput
            label="835 file"
            placeholder="Choose the 835 from the clearinghouse"
            value={file}
            onChange={setFile}
            accept=".835,.x12,.edi,.txt,text/plain"
            clearable
          />
          <Textarea
            label="…or paste it"
            value={pasted}
            onChange={(e) => setPasted(e.currentTarget.value)}
            autosize
            minRows={2}
            maxRows={6}
            styles={{ input: { fontFamily: 'monospace' } }}
          />
          <Button w="fit-content" disabled={!file && pasted.trim() === ''} onClick={() => void submit()}>
            Import
          </Button>
        </Stack>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {result && (
        <Alert
          color={result.status === 'posted' ? 'teal' : 'orange'}
          role="status"
          title={result.duplicate ? 'This file was imported before.' : result.status === 'posted' ? 'Posted' : 'Held for review'}
        >
          {result.payerName} · {formatCents(result.paymentCents)} · {result.claimCount} claim(s)
          {result.problems.length > 0 && (
            <List size="sm">
              {result.problems.slice(0, 20).map((p) => (
                <List.Item key={p}>{p}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {list.isLoading && <Loader aria-label="Loading remittances" />}
      {list.data && (
        <Table.ScrollContainer minWidth={700}>
          <Table striped aria-label="Remittances">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Imported</Table.Th>
                <Table.Th>Payer</Table.Th>
                <Table.Th>Trace</Table.Th>
                <Table.Th>Paid on</Table.Th>
                <Table.Th>Amount</Table.Th>
                <Table.Th>Claims</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatDateTime(r.importedAt)}</Table.Td>
                  <Table.Td>{r.payerName}</Table.Td>
                  <Table.Td>{r.traceNumber}</Table.Td>
                  <Table.Td>{r.paymentDate ? formatDate(r.paymentDate) : '—'}</Table.Td>
                  <Table.Td>{formatCents(r.paymentCents)}</Table.Td>
                  <Table.Td>{r.claimCount}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge color={r.status === 'posted' ? 'teal' : 'orange'} variant="light">
                        {r.status}
                      </Badge>
                      {r.status === 'held' && canImport && (
                        <Button size="compact-xs" variant="subtle" onClick={() => void retry(r.id)}>
                          Try again
                        </Button>
                      )}
                    </Group>
                    {r.status === 'held' && <Text size="xs">{r.problems[0]}</Text>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
