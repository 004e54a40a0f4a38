import { useState, type SubmitEvent } from 'react';
import { Alert, Button, Group, NumberInput, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, fieldErrors } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { useClinics } from '../clinics/api.js';
import { getPriceList, money, TREATMENT_LABELS, type PriceItem } from './api.js';
import { defined } from '../../../domain/defined.js';

/** Each clinic's price list: single sessions and packages, what they include; admins and managers edit it. */
export function PricesPage() {
  const { session } = useSession();
  const clinics = useClinics();
  const qc = useQueryClient();
  const [clinic, setClinic] = useState<string | null>(null);
  const locationId = clinic ?? clinics.data?.[0]?.id ?? null;
  const prices = useQuery({ queryKey: ['prices', locationId], queryFn: () => getPriceList(defined(locationId)), enabled: Boolean(locationId) });
  const canEdit = session?.user.role === 'admin' || (session?.user.role === 'manager' && locationId !== null && session.user.locationIds.includes(locationId));
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['prices', locationId] });
  const update = async (item: PriceItem, body: unknown) => {
    try {
      await api('PATCH', `/api/price-list/${item.id}`, body);
      setMessage({ color: 'teal', text: `${item.name} updated.` });
      await refresh();
    } catch (err) {
      setMessage({ color: 'red', text: err instanceof ApiError ? err.message : 'Could not save' });
    }
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        Price lists
      </Title>
      <Select label="Clinic" value={locationId} onChange={setClinic} data={(clinics.data ?? []).map((c) => ({ value: c.id, label: c.name }))} w={260} />
      {message && (
        <Alert color={message.color} withCloseButton closeButtonLabel="Dismiss" onClose={() => setMessage(null)}>
          {message.text}
        </Alert>
      )}
      <Table aria-label="Price list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Code</Table.Th>
            <Table.Th>Item</Table.Th>
            <Table.Th>Treatment</Table.Th>
            <Table.Th>Sessions</Table.Th>
            <Table.Th>Price</Table.Th>
            <Table.Th>Includes</Table.Th>
            <Table.Th>Active</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(prices.data?.items ?? []).map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>{p.code}</Table.Td>
              <Table.Td>
                {p.name}
                <Text size="xs" c="dimmed">
                  {p.serviceCodes.join(', ')}
                  {p.hsaFsaEligible ? ' · HSA/FSA eligible' : ''}
                </Text>
              </Table.Td>
              <Table.Td>{TREATMENT_LABELS[p.treatment]}</Table.Td>
              <Table.Td>{p.sessions}</Table.Td>
              <Table.Td>
                {canEdit ? (
                  <NumberInput
                    aria-label={`Price of ${p.code} in dollars`}
                    defaultValue={p.priceCents / 100}
                    decimalScale={2}
                    w={120}
                    onBlur={(e) => {
                      const cents = Math.round(Number(e.currentTarget.value.replace(/[^0-9.]/g, '')) * 100);
                      if (cents !== p.priceCents) void update(p, { priceCents: cents });
                    }}
                  />
                ) : (
                  money(p.priceCents)
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{p.includes.join('; ')}</Text>
              </Table.Td>
              <Table.Td>
                {canEdit ? (
                  <Switch aria-label={`${p.code} active`} checked={p.active} onChange={(e) => void update(p, { active: e.currentTarget.checked })} />
                ) : p.active ? (
                  'yes'
                ) : (
                  'no'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canEdit && locationId && <AddPrice locationId={locationId} onDone={refresh} />}
    </Stack>
  );
}

function AddPrice({ locationId, onDone }: { locationId: string; onDone: () => Promise<void> }) {
  const [f, setF] = useState({
    code: '',
    name: '',
    kind: 'session' as string | null,
    treatment: 'tms' as string | null,
    sessions: 1 as string | number,
    price: '' as string | number,
    includes: '',
    serviceCodes: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function save(e: SubmitEvent) {
    e.preventDefault();
    try {
      await api('POST', `/api/locations/${locationId}/price-list`, {
        code: f.code,
        name: f.name,
        kind: f.kind,
        treatment: f.treatment,
        sessions: Number(f.sessions),
        priceCents: Math.round(Number(f.price) * 100),
        includes: f.includes
          .split(';')
          .map((s) => s.trim())
          .filter(Boolean),
        serviceCodes: f.serviceCodes
          .split(',')
          .map((s) => s.trim().toUpperCase())
          .filter(Boolean),
      });
      setErrors({});
      await onDone();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }
  return (
    <form onSubmit={save} aria-label="Add price list item">
      <Title order={2} size="h4" mb="xs">
        Add an item
      </Title>
      <Group align="end">
        <TextInput label="Code" value={f.code} onChange={(e) => setF({ ...f, code: e.currentTarget.value })} error={errors.code} w={110} />
        <TextInput label="Name" value={f.name} onChange={(e) => setF({ ...f, name: e.currentTarget.value })} error={errors.name} w={260} />
        <Select label="Kind" value={f.kind} onChange={(v) => setF({ ...f, kind: v })} data={['session', 'package', 'maintenance']} w={140} />
        <Select
          label="Treatment"
          value={f.treatment}
          onChange={(v) => setF({ ...f, treatment: v })}
          data={Object.entries(TREATMENT_LABELS).map(([value, label]) => ({ value, label }))}
          w={190}
        />
        <NumberInput label="Sessions" value={f.sessions} onChange={(v) => setF({ ...f, sessions: v })} w={100} error={errors.sessions} />
        <NumberInput label="Price ($)" value={f.price} onChange={(v) => setF({ ...f, price: v })} decimalScale={2} w={120} error={errors.priceCents} />
        <TextInput label="Includes (separate with ;)" value={f.includes} onChange={(e) => setF({ ...f, includes: e.currentTarget.value })} w={260} />
        <TextInput
          label="Service codes"
          value={f.serviceCodes}
          onChange={(e) => setF({ ...f, serviceCodes: e.currentTarget.value })}
          error={Object.entries(errors).find(([k]) => k.startsWith('serviceCodes'))?.[1]}
          w={160}
        />
        <Button type="submit">Add</Button>
      </Group>
    </form>
  );
}
