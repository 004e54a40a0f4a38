import { useEffect, useState } from 'react';
import { Alert, Anchor, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../app/session.js';
import { ageToday, formatDate, formatPhone } from '../../ui/format.js';
import { useClinics } from '../clinics/api.js';
import { searchPatients } from './api.js';

const PAGE = 25;
const CAN_CREATE = new Set(['admin', 'provider', 'coordinator', 'manager']);

export function PatientSearchPage() {
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(q, 250);
  const offset = Number(params.get('offset') ?? 0);
  const clinic = params.get('clinic');
  const clinics = useClinics();

  useEffect(() => {
    if (debounced !== (params.get('q') ?? '')) {
      const next = new URLSearchParams(params);
      if (debounced) next.set('q', debounced);
      else next.delete('q');
      next.delete('offset');
      setParams(next, { replace: true });
    }
  }, [debounced, params, setParams]);

  const results = useQuery({
    queryKey: ['patients', params.get('q') ?? '', offset, clinic],
    queryFn: () => searchPatients(params.get('q') ?? '', offset, PAGE, clinic),
    placeholderData: keepPreviousData,
  });
  const go = (o: number) => {
    const next = new URLSearchParams(params);
    next.set('offset', String(Math.max(0, o)));
    setParams(next);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Patients
        </Title>
        {session && CAN_CREATE.has(session.user.role) && (
          <Button component={Link} to="/patients/new">
            New patient
          </Button>
        )}
      </Group>
      <Group align="end">
        <TextInput
          label="Search"
          description="Last name (Smith), Smith, Jo or Jo Smith; date of birth; phone; or MRN"
          placeholder="Search patients"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={{ base: '100%', sm: 420 }}
          aria-label="Search patients"
          type="search"
        />
        <Select
          label="Clinic"
          placeholder="All my clinics"
          clearable
          data={(clinics.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={clinic}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v) next.set('clinic', v);
            else next.delete('clinic');
            next.delete('offset');
            setParams(next);
          }}
        />
      </Group>
      {results.error && <Alert color="red">{results.error.message}</Alert>}
      <Table striped highlightOnHover aria-label="Search results">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Date of birth</Table.Th>
            <Table.Th>Phone</Table.Th>
            <Table.Th>MRN</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {results.data?.items.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <Anchor component={Link} to={`/patients/${p.id}`}>
                  {p.legalFamilyName}, {p.legalGivenName}
                </Anchor>
                {p.preferredName && (
                  <Text span c="dimmed" size="sm">
                    {' '}
                    ({p.preferredName})
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {formatDate(p.dateOfBirth)}{' '}
                <Text span c="dimmed" size="sm">
                  ({ageToday(p.dateOfBirth)})
                </Text>
              </Table.Td>
              <Table.Td>{formatPhone(p.phoneMobile)}</Table.Td>
              <Table.Td>
                <Text ff="monospace" size="sm">
                  {p.mrn}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {results.data && results.data.items.length === 0 && <Text c="dimmed">No patients match.</Text>}
      <Group>
        <Button variant="default" disabled={offset === 0} onClick={() => go(offset - PAGE)}>
          Previous
        </Button>
        <Text size="sm" c="dimmed">
          {results.data ? `${offset + 1}-${offset + results.data.items.length}` : ''}
        </Text>
        <Button variant="default" disabled={!results.data?.hasMore} onClick={() => go(offset + PAGE)}>
          Next
        </Button>
      </Group>
    </Stack>
  );
}
