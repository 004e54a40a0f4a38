import { useState } from 'react';
import { Alert, Anchor, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { roleHas } from '../../../contracts/permissions.js';
import { useSession } from '../../app/session.js';
import { fieldErrors } from '../../app/api.js';
import { formatDate, localToday } from '../../ui/format.js';
import { account, parseDollars, recordPayment } from './api.js';
import { formatCents } from '../../../domain/coverage/estimate.js';

/**
 * The patient's account on their page: what they owe and what insurance still owes, the ledger (the database keeps its
 * balance), payments taken at the desk, the plan's next installment, the No Surprises Act notice when it applies, and
 * the statement, receipts and superbills to print.
 */
export function PatientBillingSection({ patientId, locationIds }: { patientId: string; locationIds: string[] }) {
  const { session } = useSession();
  const role = session?.user.role ?? 'nurse';
  const q = useQuery({ queryKey: ['ledger', patientId], queryFn: () => account(patientId), enabled: roleHas(role, 'ledger:read') });
  if (!roleHas(role, 'ledger:read')) return null;
  const a = q.data;
  return (
    <Card withBorder component="section" aria-labelledby="billing-title">
      <Title order={2} size="h4" id="billing-title">
        Billing
      </Title>
      {q.isError && <Alert color="red">{(q.error as Error).message}</Alert>}
      {a && (
        <Stack gap="xs">
          <Group gap="xl">
            <Text>
              Patient owes <strong>{formatCents(Math.max(0, a.balance.patientCents))}</strong>
              {a.balance.patientCents < 0 && ` (credit ${formatCents(-a.balance.patientCents)})`}
            </Text>
            <Text>Insurance owes {formatCents(a.balance.insuranceCents)}</Text>
          </Group>
          {a.paymentPlan?.standing.nextDue && (
            <Text size="sm">
              Payment plan: next {formatCents(a.paymentPlan.standing.nextDue.amountCents)} due {formatDate(a.paymentPlan.standing.nextDue.dueOn)}
              {a.paymentPlan.standing.overdueCents > 0 && `, ${formatCents(a.paymentPlan.standing.overdueCents)} overdue`}
            </Text>
          )}
          {a.noSurprisesAct?.disputeEligible && (
            <Alert color="orange" title="No Surprises Act: billed $400 or more above the Good Faith Estimate">
              Billed {formatCents(a.noSurprisesAct.billedCents)} against an estimate of {formatCents(a.noSurprisesAct.goodFaithEstimateCents)}. The patient may
              dispute by {a.noSurprisesAct.disputeBy ? formatDate(a.noSurprisesAct.disputeBy) : '—'}; do not send this bill to collections while a dispute is
              open.
            </Alert>
          )}
          <Group gap="md">
            <Anchor href={`/api/patients/${patientId}/statement.pdf`} target="_blank">
              Statement (PDF)
            </Anchor>
            {roleHas(role, 'superbill:print') && <SuperbillLink patientId={patientId} />}
          </Group>
          {roleHas(role, 'payment:record') && <PaymentForm patientId={patientId} locationIds={locationIds} />}
          {a.payments.length > 0 && (
            <Text size="sm">
              Payments:{' '}
              {a.payments
                .filter((p) => p.kind === 'payment')
                .map((p) => (
                  <span key={p.id}>
                    {formatDate(p.receivedOn)} {formatCents(p.amountCents)} {p.methodName}
                    {p.refundedCents > 0 && ` (refunded ${formatCents(p.refundedCents)})`} ·{' '}
                    <Anchor href={`/api/payments/${p.id}/receipt.pdf`} target="_blank">
                      receipt
                    </Anchor>
                    {'; '}
                  </span>
                ))}
            </Text>
          )}
          {a.entries.length > 0 && (
            <Table.ScrollContainer minWidth={600}>
              <Table aria-label="Ledger" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Posted</Table.Th>
                    <Table.Th>Entry</Table.Th>
                    <Table.Th>Whose</Table.Th>
                    <Table.Th>Amount</Table.Th>
                    <Table.Th>Balance</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {a.entries.slice(-40).map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>{formatDate(e.postedOn)}</Table.Td>
                      <Table.Td>{e.description}</Table.Td>
                      <Table.Td>{e.responsibility}</Table.Td>
                      <Table.Td>{formatCents(e.amountCents)}</Table.Td>
                      <Table.Td>{formatCents(e.balanceCents)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      )}
    </Card>
  );
}

function SuperbillLink({ patientId }: { patientId: string }) {
  const [month, setMonth] = useState(localToday().slice(0, 7));
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  return (
    <Group gap={6} align="end">
      <TextInput
        size="xs"
        label="Superbill month"
        value={month}
        onChange={(e) => setMonth(e.currentTarget.value)}
        placeholder="YYYY-MM"
        w={110}
        error={valid ? null : 'YYYY-MM'}
      />
      <Button
        size="xs"
        variant="light"
        component="a"
        href={valid ? `/api/patients/${patientId}/superbill.pdf?month=${month}` : undefined}
        target="_blank"
        disabled={!valid}
      >
        Superbill (PDF)
      </Button>
    </Group>
  );
}

function PaymentForm({ patientId, locationIds }: { patientId: string; locationIds: string[] }) {
  const qc = useQueryClient();
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<string | null>('card');
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  async function save() {
    const cents = parseDollars(amount);
    if (cents === null || cents <= 0) {
      setErrors({ amountCents: 'Type an amount such as 40 or 40.00' });
      return;
    }
    setErrors({});
    try {
      await recordPayment(patientId, { locationId: locationIds[0], method, amountCents: cents, reference: reference || null, receivedOn: localToday() });
      setDone(`Payment of ${formatCents(cents)} recorded.`);
      setAmount('');
      setReference('');
      await qc.invalidateQueries({ queryKey: ['ledger', patientId] });
    } catch (err) {
      setErrors({ ...fieldErrors(err), form: err instanceof Error ? err.message : 'Not saved.' });
    }
  }
  return (
    <Group align="end" gap="xs" wrap="wrap">
      <TextInput
        label="Payment amount"
        leftSection="$"
        inputMode="decimal"
        value={amount}
        onChange={(e) => setAmount(e.currentTarget.value)}
        error={errors.amountCents}
        w={140}
      />
      <Select
        label="Method"
        value={method}
        onChange={setMethod}
        w={150}
        data={[
          { value: 'card', label: 'Card' },
          { value: 'cash', label: 'Cash' },
          { value: 'check', label: 'Check' },
          { value: 'hsa_fsa', label: 'HSA/FSA card' },
        ]}
      />
      <TextInput label="Reference" value={reference} onChange={(e) => setReference(e.currentTarget.value)} w={140} />
      <Button onClick={() => void save()}>Record payment</Button>
      {done && (
        <Text size="sm" c="teal.8" role="status">
          {done}
        </Text>
      )}
      {errors.form && (
        <Text size="sm" c="red" role="alert">
          {errors.form}
        </Text>
      )}
    </Group>
  );
}
