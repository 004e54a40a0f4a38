import { useState } from 'react';
import { Alert, Button, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useClinicParam } from '../scheduling/clinic-param.js';
import { outcomeReport, type Summary } from './api.js';

const TREATMENTS = [
  { value: '', label: 'All treatments' },
  { value: 'tms', label: 'TMS' },
  { value: 'esketamine', label: 'Esketamine (Spravato)' },
  { value: 'iv_ketamine', label: 'IV ketamine' },
  { value: 'im_ketamine', label: 'IM ketamine' },
  { value: 'kap', label: 'Ketamine-assisted psychotherapy' },
];
const rate = (r: { n: number; of: number; percent: number | null } | null) => (r ? `${r.percent ?? '—'}% (${r.n} of ${r.of})` : '—');

/** The practice's outcomes for managers: every rate with its counts, by treatment and clinic, exportable as CSV. */
export function OutcomeReportPage() {
  const { mine } = useClinicParam();
  const year = new Date().getFullYear();
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(`${year + 1}-01-01`);
  const [treatment, setTreatment] = useState('');
  const [instrument, setInstrument] = useState('PHQ-9');
  const [locationId, setLocationId] = useState<string | null>(null);
  const q = new URLSearchParams({ from, to, instrument, ...(treatment ? { treatment } : {}), ...(locationId ? { locationId } : {}) });
  const report = useQuery({
    queryKey: ['outcome-report', q.toString()],
    queryFn: () => outcomeReport(q),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to),
  });
  const names = new Map(mine.map((c) => [c.id, c.name]));
  const row = (label: string, s: Summary, key: string) => (
    <Table.Tr key={key}>
      <Table.Td>{label}</Table.Td>
      <Table.Td>{s.courses}</Table.Td>
      <Table.Td>{rate(s.completed)}</Table.Td>
      <Table.Td>{rate(s.droppedOut)}</Table.Td>
      <Table.Td>{s.measured}</Table.Td>
      <Table.Td>{s.medianChange ?? '—'}</Table.Td>
      <Table.Td>{rate(s.response)}</Table.Td>
      <Table.Td>{rate(s.remission)}</Table.Td>
      <Table.Td>{s.medianDaysToResponse ?? '—'}</Table.Td>
    </Table.Tr>
  );
  return (
    <Stack>
      <Title order={1} size="h2">
        Outcome report
      </Title>
      <Group align="end" wrap="wrap">
        <TextInput label="First treatment from" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput label="to (not including)" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <Select label="Treatment" data={TREATMENTS} value={treatment} onChange={(v) => setTreatment(v ?? '')} w={220} />
        <Select
          label="Clinic"
          data={[{ value: '', label: 'All clinics' }, ...mine.map((c) => ({ value: c.id, label: c.name }))]}
          value={locationId ?? ''}
          onChange={(v) => setLocationId(v || null)}
          w={200}
        />
        <Select label="Scale" data={['PHQ-9', 'GAD-7', 'PCL-5']} value={instrument} onChange={(v) => setInstrument(v ?? 'PHQ-9')} w={120} />
        <Button component="a" href={`/api/reports/outcomes?${q.toString()}&format=csv`} variant="light">
          Download CSV
        </Button>
      </Group>
      {report.isLoading && <Loader aria-label="Loading the report" />}
      {report.isError && <Alert color="red">{(report.error as Error).message}</Alert>}
      {report.data && (
        <>
          <Table striped aria-label="Outcomes by treatment and clinic">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Treatment · clinic</Table.Th>
                <Table.Th>Courses</Table.Th>
                <Table.Th>Completed (of ended)</Table.Th>
                <Table.Th>Dropped out (of ended)</Table.Th>
                <Table.Th>Measured</Table.Th>
                <Table.Th>Median change</Table.Th>
                <Table.Th>Response</Table.Th>
                <Table.Th>Remission</Table.Th>
                <Table.Th>Median days to response</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.data.groups.map((g) =>
                row(
                  `${TREATMENTS.find((t) => t.value === g.treatment)?.label ?? g.treatment} · ${names.get(g.locationId) ?? 'clinic'}`,
                  g,
                  `${g.treatment}-${g.locationId}`,
                ),
              )}
              {row('All', report.data.total, 'all')}
            </Table.Tbody>
          </Table>
          <Text size="sm" c="dimmed">
            {report.data.definition}. {report.data.baselineRule} Measured: courses with a baseline and a later score.
          </Text>
        </>
      )}
    </Stack>
  );
}
