import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Loader, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { roleHas } from '../../../contracts/permissions.js';
import { fieldErrors } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { localToday } from '../../ui/format.js';
import { useClinicParam } from '../scheduling/clinic-param.js';
import { ledger, recordLedgerEntry } from './api.js';

/**
 * The clinic's controlled-substance log (ketamine and esketamine, Schedule III): entries with their running balance,
 * each vial's stock and each session's draw against what was given and wasted; staff who handle the drug add entries.
 */
export function ControlledSubstancesPage() {
  const { session } = useSession();
  const { mine, locationId, clinic, params, set } = useClinicParam();
  const qc = useQueryClient();
  const from = params.get('from') ?? localToday(-30);
  const to = params.get('to') ?? localToday();
  const report = useQuery({ queryKey: ['ledger', locationId, from, to], queryFn: () => ledger(locationId ?? '', from, to), enabled: Boolean(locationId) });
  const canRecord = roleHas(session?.user.role ?? 'biller', 'controlled:record');
  const [v, setV] = useState<Record<string, string | number>>({
    drug: 'ketamine',
    kind: 'receive',
    vial: '',
    lot: '',
    expiresOn: '',
    amountMg: '',
    sessionId: '',
    witnessId: '',
    note: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  async function save() {
    setErrors({});
    setMessage(null);
    try {
      await recordLedgerEntry(locationId ?? '', {
        drug: v.drug,
        kind: v.kind,
        vial: String(v.vial).trim(),
        lot: String(v.lot).trim(),
        expiresOn: v.expiresOn,
        amountMg: Number(v.amountMg),
        sessionId: String(v.sessionId).trim() || null,
        witnessId: String(v.witnessId).trim() || null,
        note: String(v.note).trim() || null,
      });
      setMessage('Entry recorded.');
      await qc.invalidateQueries({ queryKey: ['ledger', locationId] });
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(err instanceof Error ? err.message : 'Not recorded.');
    }
  }
  const text = (key: string, label: string, type = 'text') => (
    <TextInput size="md" type={type} label={label} value={String(v[key])} error={errors[key]} onChange={(e) => setV({ ...v, [key]: e.currentTarget.value })} />
  );
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Controlled substances{clinic ? ` · ${clinic.name}` : ''}
        </Title>
        <Group wrap="wrap" align="flex-end">
          <Select label="Clinic" data={mine.map((c) => ({ value: c.id, label: c.name }))} value={locationId} onChange={(x) => set('clinic', x)} w={200} />
          <TextInput label="From" type="date" value={from} onChange={(e) => set('from', e.currentTarget.value)} />
          <TextInput label="To" type="date" value={to} onChange={(e) => set('to', e.currentTarget.value)} />
        </Group>
      </Group>
      {canRecord && (
        <Card withBorder component="section" aria-label="New entry">
          <Title order={2} size="h4" mb="xs">
            New entry
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select label="Drug" data={['ketamine', 'esketamine']} value={String(v.drug)} onChange={(x) => setV({ ...v, drug: x ?? 'ketamine' })} />
            <Select
              label="Entry"
              data={[
                { value: 'receive', label: 'Received' },
                { value: 'draw', label: 'Drawn for a session' },
                { value: 'administer', label: 'Given' },
                { value: 'waste', label: 'Wasted (witnessed)' },
                { value: 'return', label: 'Returned to stock' },
                { value: 'adjust', label: 'Count correction (witnessed)' },
              ]}
              value={String(v.kind)}
              onChange={(x) => setV({ ...v, kind: x ?? 'receive' })}
            />
            <NumberInput label="Amount (mg)" decimalScale={1} value={v.amountMg} error={errors.amountMg} onChange={(x) => setV({ ...v, amountMg: x })} />
            {text('vial', 'Vial')}
            {text('lot', 'Lot')}
            {text('expiresOn', 'Expires', 'date')}
            {text('sessionId', 'Session (chart id)')}
            {text('witnessId', 'Witness (staff id)')}
            {text('note', 'Note')}
          </SimpleGrid>
          <Button mt="sm" onClick={() => void save()}>
            Record entry
          </Button>
          {message && (
            <Text mt="xs" role="status">
              {message}
            </Text>
          )}
        </Card>
      )}
      {report.isLoading && <Loader aria-label="Loading the log" />}
      {report.data?.drugs.map((d) => (
        <Card key={d.drug} withBorder component="section" aria-label={`${d.drug} log`}>
          <Group justify="space-between">
            <Title order={2} size="h4">
              {d.drug}: opening {d.openingMg} mg · closing {d.closingMg} mg
            </Title>
            <Badge color={d.balanced ? 'green' : 'red'} size="lg">
              {d.balanced ? 'balances' : 'does not balance'}
            </Badge>
          </Group>
          <Table mt="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Entry</Table.Th>
                <Table.Th>Vial / lot</Table.Th>
                <Table.Th>mg</Table.Th>
                <Table.Th>Balance</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.entries.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{new Date(e.recordedAt).toLocaleString('en-US')}</Table.Td>
                  <Table.Td>{e.kind}</Table.Td>
                  <Table.Td>
                    {e.vial} / {e.lot}
                  </Table.Td>
                  <Table.Td>{e.amountMg}</Table.Td>
                  <Table.Td>{e.balanceMg}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {d.draws.some((x) => !x.balanced) && (
            <Alert color="red" mt="xs">
              Draws not yet balanced:{' '}
              {d.draws
                .filter((x) => !x.balanced)
                .map((x) => `vial ${x.vial}: drawn ${x.drawnMg} mg, given ${x.givenMg}, wasted ${x.wastedMg}, returned ${x.returnedMg}`)
                .join('; ')}
            </Alert>
          )}
        </Card>
      ))}
    </Stack>
  );
}
