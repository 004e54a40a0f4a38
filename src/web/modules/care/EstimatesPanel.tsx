import { useState, type SubmitEvent } from 'react';
import { Alert, Anchor, Badge, Button, Group, List, NumberInput, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Estimate } from '../../../contracts/estimates.js';
import { ApiError, fieldErrors } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { useClinics } from '../clinics/api.js';
import { createEstimate, getPriceList, listCoverages, listEstimates, money } from './api.js';
import { defined } from '../../../domain/defined.js';

/** Cost estimates: from a clinic price list, the patient's coverage (or self-pay: a Good Faith Estimate). */
export function EstimatesPanel({ patientId, locationIds }: { patientId: string; locationIds: string[] }) {
  const { session } = useSession();
  const qc = useQueryClient();
  const clinics = useClinics();
  const [locationId, setLocationId] = useState<string | null>(locationIds[0] ?? null);
  const prices = useQuery({ queryKey: ['prices', locationId], queryFn: () => getPriceList(defined(locationId)), enabled: Boolean(locationId) });
  const coverages = useQuery({ queryKey: ['coverages', patientId], queryFn: () => listCoverages(patientId) });
  const past = useQuery({ queryKey: ['estimates', patientId], queryFn: () => listEstimates(patientId) });
  const [f, setF] = useState({
    priceItemId: null as string | null,
    coverageId: 'self' as string | null,
    sessions: 1 as string | number,
    plannedStart: '',
    installments: 1 as string | number,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const item = prices.data?.items.find((p) => p.id === f.priceItemId);
  const canWrite = ['coordinator', 'biller', 'manager'].includes(session?.user.role ?? '');

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    try {
      const result = await createEstimate(patientId, {
        priceItemId: f.priceItemId,
        ...(item?.kind !== 'package' ? { sessions: Number(f.sessions) } : {}),
        ...(f.coverageId && f.coverageId !== 'self' ? { coverageId: f.coverageId } : {}),
        ...(f.plannedStart ? { plannedStart: f.plannedStart } : {}),
        installments: Number(f.installments),
      });
      setEstimate(result);
      setErrors({});
      setError(null);
      await qc.invalidateQueries({ queryKey: ['estimates', patientId] });
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(err instanceof ApiError ? err.message : 'Could not estimate');
    }
  }

  return (
    <Stack>
      {canWrite && (
        <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="New estimate">
          {error && (
            <Alert color="red" mb="xs">
              {error}
            </Alert>
          )}
          <Group align="end">
            <Select
              label="Clinic"
              value={locationId}
              onChange={setLocationId}
              data={(clinics.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              w={220}
            />
            <Select
              label="Service or package"
              value={f.priceItemId}
              onChange={(v) => setF({ ...f, priceItemId: v })}
              data={(prices.data?.items ?? []).filter((p) => p.active).map((p) => ({ value: p.id, label: `${p.name} (${money(p.priceCents)})` }))}
              error={errors.priceItemId}
              w={380}
            />
            {item && item.kind !== 'package' && (
              <NumberInput
                label="Sessions"
                value={f.sessions}
                onChange={(v) => setF({ ...f, sessions: v })}
                min={1}
                max={100}
                w={100}
                error={errors.sessions}
              />
            )}
            <Select
              label="Coverage"
              value={f.coverageId}
              onChange={(v) => setF({ ...f, coverageId: v })}
              data={[
                { value: 'self', label: 'Self-pay (Good Faith Estimate)' },
                ...(coverages.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.payer.name} (${c.priority})` })),
              ]}
              w={260}
            />
            <TextInput type="date" label="Planned start" value={f.plannedStart} onChange={(e) => setF({ ...f, plannedStart: e.currentTarget.value })} />
            <NumberInput
              label="Installments"
              value={f.installments}
              onChange={(v) => setF({ ...f, installments: v })}
              min={1}
              max={24}
              w={110}
              error={errors.installments}
            />
            <Button type="submit">Estimate</Button>
          </Group>
          {item && (
            <Text size="xs" c="dimmed" mt={4}>
              Includes: {item.includes.join('; ')} · codes {item.serviceCodes.join(', ')}
            </Text>
          )}
        </Paper>
      )}
      {estimate && <EstimateView e={estimate} />}
      {(past.data?.items.length ?? 0) > 0 && (
        <Paper withBorder p="md">
          <Title order={2} size="h4">
            Earlier estimates
          </Title>
          <Table aria-label="Earlier estimates">
            <Table.Tbody>
              {defined(past.data).items.map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Td>{x.createdAt.slice(0, 10)}</Table.Td>
                  <Table.Td>{x.itemName}</Table.Td>
                  <Table.Td>{x.goodFaith ? 'Good Faith Estimate' : 'Estimate'}</Table.Td>
                  <Table.Td>
                    {money(x.patientCents)} of {money(x.chargeCents)}
                  </Table.Td>
                  <Table.Td>
                    <Anchor href={`/api/estimates/${x.id}/pdf`} target="_blank">
                      PDF
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}

function EstimateView({ e }: { e: Estimate }) {
  return (
    <Paper withBorder p="md" data-testid="estimate">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {e.goodFaith ? 'Good Faith Estimate' : 'Estimate'}: {e.item.name}
        </Title>
        <Badge variant="filled" color="teal.9">
          Patient pays {money(e.patientCents)}
        </Badge>
      </Group>
      <Text size="sm">
        Charges {money(e.chargeCents)} · expected from the plan {money(e.payerCents)} · expected from the patient {money(e.patientCents)}
      </Text>
      <List size="sm" mt="xs">
        {e.steps.map((s) => (
          <List.Item key={s}>{s}</List.Item>
        ))}
      </List>
      {e.coverage?.note && (
        <Text size="sm" mt="xs">
          {e.coverage.note}
        </Text>
      )}
      <Text size="sm" mt="xs">
        {e.hsaFsa}
      </Text>
      {e.paymentPlan.length > 1 && (
        <Text size="sm" mt="xs">
          Payment plan: {e.paymentPlan.map((p) => `${money(p.amountCents)} on ${p.dueDate}`).join('; ')}
        </Text>
      )}
      <Anchor href={`/api/estimates/${e.id}/pdf`} target="_blank">
        Printable estimate (PDF)
      </Anchor>
    </Paper>
  );
}
