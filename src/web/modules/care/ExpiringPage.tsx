import { useState } from 'react';
import { Alert, Anchor, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { roleHas } from '../../../contracts/permissions.js';
import { api } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { listExpiring, TREATMENT_LABELS } from './api.js';

/** Approvals and VA referrals that end or run out within two weeks, or have 3 or fewer sessions left; billers start extensions here. */
export function ExpiringPage() {
  const { session } = useSession();
  const qc = useQueryClient();
  const canExtend = roleHas(session?.user.role ?? 'nurse', 'authorization:write');
  const [error, setError] = useState<string | null>(null);
  const items = useQuery({ queryKey: ['expiring'], queryFn: listExpiring });
  async function extend(id: string) {
    setError(null);
    try {
      await api('POST', `/api/prior-authorizations/${id}/extension`, undefined);
      await qc.invalidateQueries({ queryKey: ['expiring'] });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not start the extension.');
    }
  }
  return (
    <Stack>
      <Title order={1} size="h2">
        Authorizations ending soon
      </Title>
      <Text size="sm" c="dimmed">
        Approved prior authorizations and VA referrals that end, or run out at the treatment's usual pace, within two weeks, or have 3 or fewer sessions left.
      </Text>
      {items.error && <Alert color="red">{items.error.message}</Alert>}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Table aria-label="Authorizations ending soon">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Patient</Table.Th>
            <Table.Th>Treatment</Table.Th>
            <Table.Th>Reference</Table.Th>
            <Table.Th>Ends</Table.Th>
            <Table.Th>Sessions left</Table.Th>
            <Table.Th>Warnings</Table.Th>
            <Table.Th>Extension</Table.Th>
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
              <Table.Td>
                {x.extension ? (
                  <Anchor component={Link} to={`/patients/${x.patientId}/care`} size="sm">
                    Extension {x.extension.status.replaceAll('_', ' ')}
                  </Anchor>
                ) : x.kind === 'prior_authorization' && canExtend ? (
                  <Button size="compact-sm" variant="default" onClick={() => void extend(x.id)} aria-label={`Request an extension for ${x.patientName}`}>
                    Request extension
                  </Button>
                ) : x.kind === 'va_referral' ? (
                  <Text size="xs">Send the VA a Request for Service (VA Form 10-10172) for continued care.</Text>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {items.data?.items.length === 0 && <Text c="dimmed">Nothing ends in the next two weeks.</Text>}
    </Stack>
  );
}
