import { useState } from 'react';
import { Alert, Anchor, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { localToday } from '../../ui/format.js';
import { billingReport } from './api.js';
import { formatCents } from '../../../domain/coverage/estimate.js';

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

/** The revenue cycle at a glance: what insurers owe by age, denial rates and codes, days to payment, collections. */
export function BillingReportPage() {
  const [from, setFrom] = useState(`${localToday().slice(0, 4)}-01-01`);
  const [to, setTo] = useState(localToday(1));
  const ok = isDate(from) && isDate(to) && from < to;
  const q = useQuery({ queryKey: ['billing-report', from, to], queryFn: () => billingReport(from, to), enabled: ok });
  const csv = (section: string) => `/api/reports/billing?from=${from}&to=${to}&format=csv&section=${section}`;
  const r = q.data;
  return (
    <Stack>
      <Title order={1} size="h2">
        Billing report
      </Title>
      <Group align="end">
        <TextInput label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} placeholder="YYYY-MM-DD" w={140} />
        <TextInput label="To (not included)" value={to} onChange={(e) => setTo(e.currentTarget.value)} placeholder="YYYY-MM-DD" w={160} />
      </Group>
      {!ok && <Text c="red">Give two dates as YYYY-MM-DD, the first before the second.</Text>}
      {q.isLoading && <Loader aria-label="Loading report" />}
      {q.isError && <Alert color="red">{(q.error as Error).message}</Alert>}
      {r && (
        <>
          <Section title="A/R aging by payer (what insurers still owe)" csv={csv('aging')}>
            <Table aria-label="A/R aging">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Payer</Table.Th>
                  <Table.Th>Claims</Table.Th>
                  {['0-30', '31-60', '61-90', '91-120', '121+'].map((b) => (
                    <Table.Th key={b}>{b} days</Table.Th>
                  ))}
                  <Table.Th>Total</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.aging.map((a) => (
                  <Table.Tr key={a.payerName}>
                    <Table.Td>{a.payerName}</Table.Td>
                    <Table.Td>{a.claims}</Table.Td>
                    {['0-30', '31-60', '61-90', '91-120', '121+'].map((b) => (
                      <Table.Td key={b}>{formatCents(a.buckets[b] ?? 0)}</Table.Td>
                    ))}
                    <Table.Td>{formatCents(a.totalCents)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>
          <Section title="Denial rate by payer" csv={csv('denials')}>
            {r.denialRate.map((d) => (
              <Text key={d.payerName}>
                {d.payerName}: {d.ratePercent ?? '—'}% ({d.denied} of {d.adjudicated} adjudicated claims)
              </Text>
            ))}
            {r.denialCodes.map((d) => (
              <Text key={`${d.payerName}${d.code}`} size="sm">
                {d.payerName} · {d.code} {d.meaning}: {d.count} ({formatCents(d.amountCents)})
              </Text>
            ))}
          </Section>
          <Section title="Days to payment" csv={csv('days_to_payment')}>
            {r.daysToPayment.map((d) => (
              <Text key={d.payerName}>
                {d.payerName}: median {d.medianDays} days, average {d.averageDays} (n = {d.claims})
              </Text>
            ))}
          </Section>
          <Section title="Collections by clinic and month" csv={csv('collections')}>
            {r.collections.map((c) => (
              <Text key={`${c.locationName}${c.month}`}>
                {c.locationName} {c.month}: {formatCents(c.totalCents)} (insurance {formatCents(c.insuranceCents)}, patients {formatCents(c.patientCents)})
              </Text>
            ))}
          </Section>
        </>
      )}
    </Stack>
  );
}

function Section({ title, csv, children }: { title: string; csv: string; children: React.ReactNode }) {
  return (
    <Stack gap={4} component="section" aria-label={title}>
      <Group justify="space-between">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Anchor href={csv}>CSV</Anchor>
      </Group>
      {children}
    </Stack>
  );
}
