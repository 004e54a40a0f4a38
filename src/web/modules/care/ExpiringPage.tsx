import { Alert, Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { listExpiring, TREATMENT_LABELS } from './api.js';

/** Approvals and VA referrals that end or run out within two weeks. */
export function ExpiringPage() {
  const items = useQuery({ queryKey: ['expiring'], queryFn: listExpiring });
  return (
    <Stack>
      <Title order={1} size="h2">
        Authorizations ending soon
      </Title>
      <Text size="sm" c="dimmed">
        Approved prior authorizations and VA referrals that end, or run out at the treatment's usual pace, within two weeks.
      </Text>
      {items.error && <Alert color="red">{items.error.message}</Alert>}
      <Table aria-label="Authorizations ending soon">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Patient</Table.Th>
            <Table.Th>Treatment</Table.Th>
            <Table.Th>Reference</Table.Th>
            <Table.Th>Ends</Table.Th>
            <Table.Th>Sessions left</Table.Th>
            <Table.Th>Warnings</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(items.data?.items ?? []).map((x) => (
            <Table.Tr key={x.id}>
              <Table.Td>
                <Anchor component={Link} to={`/patients/${x.patientId}/care`}>
                  {x.patientName}
                </Anchor>
              </Table.Td>
              <Table.Td>
                {TREATMENT_LABELS[x.treatment]}
                {x.kind === 'va_referral' ? ' (VA)' : ''}
              </Table.Td>
              <Table.Td>{x.reference}</Table.Td>
              <Table.Td>{x.endDate}</Table.Td>
              <Table.Td>{x.usage.remainingSessions ?? '—'}</Table.Td>
              <Table.Td>{x.usage.warnings.join(' ')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {items.data?.items.length === 0 && <Text c="dimmed">Nothing ends in the next two weeks.</Text>}
    </Stack>
  );
}
