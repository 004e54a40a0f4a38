import { useState } from 'react';
import { Alert, Badge, Button, Checkbox, Group, Loader, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { roleHas } from '../../../contracts/permissions.js';
import { useSession } from '../../app/session.js';
import { formatDate } from '../../ui/format.js';
import { approveCharges, charges, createClaims, editCharge, parseDollars, type Charge } from './api.js';
import { formatCents } from '../../../domain/coverage/estimate.js';

/**
 * The biller's charge review: every signed session's codes, units and fees (coded when this list is read), each with
 * why the rules chose it and what needs a look. Approve what is right; approved insured charges become claims.
 */
export function ChargesPage() {
  const { session } = useSession();
  const canWrite = roleHas(session?.user.role ?? 'manager', 'charge:write');
  const [status, setStatus] = useState<'review' | 'approved'>('review');
  const [selected, setSelected] = useState<string[]>([]);
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const list = useQuery({ queryKey: ['charges', status], queryFn: () => charges(status) });
  const items = list.data?.items ?? [];
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  async function run(action: () => Promise<string>) {
    setMessage(null);
    try {
      setMessage({ color: 'teal', text: await action() });
      setSelected([]);
      await qc.invalidateQueries({ queryKey: ['charges'] });
    } catch (err) {
      setMessage({ color: 'red', text: err instanceof Error ? err.message : 'Not done.' });
    }
  }
  return (
    <Stack>
      <Title order={1} size="h2">
        Charges
      </Title>
      <SegmentedControl
        value={status}
        onChange={(v) => {
          setStatus(v as 'review' | 'approved');
          setSelected([]);
        }}
        data={[
          { value: 'review', label: 'To review' },
          { value: 'approved', label: 'Approved, not on a claim' },
        ]}
        aria-label="Charge status"
        w="fit-content"
      />
      {message && (
        <Alert color={message.color} role="status">
          {message.text}
        </Alert>
      )}
      {list.isLoading && <Loader aria-label="Loading charges" />}
      {list.isError && <Alert color="red">{(list.error as Error).message}</Alert>}
      {list.data && items.length === 0 && (
        <Text c="dimmed">
          {status === 'review' ? 'Nothing to review: every signed session is coded and approved.' : 'No approved charges waiting for a claim.'}
        </Text>
      )}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label={status === 'review' ? 'Charges to review' : 'Approved charges'}>
            <Table.Thead>
              <Table.Tr>
                {canWrite && (
                  <Table.Th>
                    <Checkbox
                      aria-label="Select all"
                      checked={selected.length === items.length}
                      onChange={(e) => setSelected(e.currentTarget.checked ? items.map((c) => c.id) : [])}
                    />
                  </Table.Th>
                )}
                <Table.Th>Patient</Table.Th>
                <Table.Th>Date</Table.Th>
                <Table.Th>Code</Table.Th>
                <Table.Th>Units</Table.Th>
                <Table.Th>Fee</Table.Th>
                <Table.Th>Charge</Table.Th>
                <Table.Th>Payer</Table.Th>
                <Table.Th>Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <ChargeRow
                  key={c.id}
                  charge={c}
                  canWrite={canWrite && status === 'review'}
                  selectable={canWrite}
                  selected={selected.includes(c.id)}
                  onToggle={() => toggle(c.id)}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canWrite && items.length > 0 && (
        <Group>
          {status === 'review' ? (
            <Button
              disabled={selected.length === 0}
              onClick={() =>
                void run(async () => {
                  const r = await approveCharges(selected);
                  return `Approved ${r.approved} insured charge(s) for claims${r.billedToPatient ? ` and billed ${r.billedToPatient} self-pay charge(s) to the patient` : ''}.`;
                })
              }
            >
              Approve selected ({selected.length})
            </Button>
          ) : (
            <Button
              disabled={selected.length === 0}
              onClick={() =>
                void run(async () => {
                  const r = await createClaims(selected);
                  if (r.items.length === 1 && r.items[0]) void navigate(`/billing/claims/${r.items[0].id}`);
                  return `Made ${r.items.length} claim(s): ${r.items.map((x) => x.patientControlNumber).join(', ')}.`;
                })
              }
            >
              Make claims from selected ({selected.length})
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}

function ChargeRow({
  charge: c,
  canWrite,
  selectable,
  selected,
  onToggle,
}: {
  charge: Charge;
  canWrite: boolean;
  selectable: boolean;
  selected: boolean;
  onToggle: () => void;
}) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [units, setUnits] = useState(String(c.units));
  const [fee, setFee] = useState((c.unitFeeCents / 100).toFixed(2));
  const [error, setError] = useState<string | null>(null);
  async function save() {
    const u = Number(units);
    const f = parseDollars(fee);
    if (!Number.isInteger(u) || u < 1) {
      setError('Units must be a whole number, at least 1.');
      return;
    }
    if (f === null) {
      setError('The fee must be an amount such as 350 or 350.00.');
      return;
    }
    try {
      await editCharge(c.id, { version: c.version, units: u, unitFeeCents: f });
      setEditing(false);
      setError(null);
      await qc.invalidateQueries({ queryKey: ['charges'] });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not saved.');
    }
  }
  return (
    <Table.Tr>
      {selectable && (
        <Table.Td>
          <Checkbox aria-label={`Select ${c.code} for ${c.patientName} on ${formatDate(c.dateOfService)}`} checked={selected} onChange={onToggle} />
        </Table.Td>
      )}
      <Table.Td>
        <Link to={`/patients/${c.patientId}`}>{c.patientName}</Link>
      </Table.Td>
      <Table.Td>{formatDate(c.dateOfService)}</Table.Td>
      <Table.Td>
        <Text fw={600}>
          {c.code}
          {c.modifiers.length > 0 && `-${c.modifiers.join('-')}`}
        </Text>
        {c.drug && <Text size="xs">NDC {c.drug.ndc ?? 'missing'}</Text>}
      </Table.Td>
      {editing ? (
        <>
          <Table.Td>
            <TextInput aria-label={`Units of ${c.code}`} value={units} onChange={(e) => setUnits(e.currentTarget.value)} inputMode="numeric" w={80} />
          </Table.Td>
          <Table.Td>
            <TextInput
              aria-label={`Fee per unit of ${c.code}`}
              value={fee}
              onChange={(e) => setFee(e.currentTarget.value)}
              inputMode="decimal"
              w={110}
              leftSection="$"
            />
          </Table.Td>
          <Table.Td>
            <Group gap={4}>
              <Button size="xs" onClick={() => void save()}>
                Save
              </Button>
              <Button size="xs" variant="subtle" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            </Group>
            {error && (
              <Text c="red" size="xs" role="alert">
                {error}
              </Text>
            )}
          </Table.Td>
        </>
      ) : (
        <>
          <Table.Td>{c.units}</Table.Td>
          <Table.Td>{formatCents(c.unitFeeCents)}</Table.Td>
          <Table.Td>
            {formatCents(c.chargeCents)}{' '}
            {canWrite && (
              <Button size="compact-xs" variant="subtle" onClick={() => setEditing(true)} aria-label={`Edit ${c.code} for ${c.patientName}`}>
                Edit
              </Button>
            )}
          </Table.Td>
        </>
      )}
      <Table.Td>{c.payerName}</Table.Td>
      <Table.Td>
        <Text size="sm">{c.why}</Text>
        {c.review && (
          <Badge color="orange" variant="light" style={{ whiteSpace: 'normal', height: 'auto' }}>
            {c.review}
          </Badge>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
