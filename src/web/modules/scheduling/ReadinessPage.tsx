import { Alert, Button, Group, List, Loader, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { roleHas } from '../../../contracts/permissions.js';
import { addDays, clinicToday } from '../../../domain/time/clinic-today.js';
import { api } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { formatDate, formatPhone } from '../../ui/format.js';
import { useClinicParam } from './clinic-param.js';

type Readiness = {
  date: string;
  timeZone: string;
  items: {
    id: string;
    patient: { id: string; name: string; phoneMobile: string | null };
    consent: { sms: boolean; email: boolean };
    kind: string;
    localStart: string;
    confirmation: string;
    courseId: string | null;
    reminders: { channel: string; status: string; sentAt: string | null; error: string | null }[];
    checklist: { text: string; source: string }[];
  }[];
};
type Inbound = {
  items: {
    id: string;
    fromPhone: string;
    body: string;
    receivedAt: string;
    outcome: string;
    patient: { id: string; name: string } | null;
    appointment: { id: string; startsAt: string | null } | null;
  }[];
};

const OUTCOME_WORDS: Record<string, string> = {
  reschedule_requested: 'asks for a call to reschedule',
  unrecognized_reply: 'reply not understood',
  unknown_sender: 'unknown number',
  no_upcoming_visit: 'no visit ahead',
  confirmed: 'confirmed',
};

/**
 * Readiness before visits (issue 9): a clinic's visits of a day (tomorrow by default) with confirmation, reminders and
 * each visit's checklist, unconfirmed first; and patients' text replies that need a person.
 */
export function ReadinessPage() {
  const { session } = useSession();
  const { mine, locationId, clinic, params, set } = useClinicParam();
  const date = params.get('date') ?? (clinic ? addDays(clinicToday(clinic.timeZone), 1) : '');
  const list = useQuery({
    queryKey: ['readiness', locationId, date],
    queryFn: () => api<Readiness>('GET', `/api/locations/${locationId ?? ''}/readiness${date ? `?date=${date}` : ''}`),
    enabled: Boolean(locationId),
    refetchInterval: 60_000,
  });
  const unconfirmed = list.data?.items.filter((i) => i.confirmation !== 'confirmed').length ?? 0;
  return (
    <Stack>
      <Title order={1} size="h2">
        Visit readiness
      </Title>
      <Group align="flex-end" wrap="wrap">
        <Select label="Clinic" data={mine.map((c) => ({ value: c.id, label: c.name }))} value={locationId} onChange={(v) => set('clinic', v)} w={220} />
        <TextInput label="Date" type="date" value={date} onChange={(e) => set('date', e.currentTarget.value)} w={170} />
      </Group>
      {roleHas(session?.user.role ?? 'nurse', 'message:review') && <InboundReview />}
      {list.isLoading && <Loader aria-label="Loading readiness" />}
      {list.isError && <Alert color="red">Could not load the readiness list.</Alert>}
      {list.data && (
        <>
          <Text size="sm" role="status">
            {list.data.items.length} visit{list.data.items.length === 1 ? '' : 's'} on {formatDate(list.data.date)} ({list.data.timeZone}); {unconfirmed} not
            confirmed.
          </Text>
          <Table.ScrollContainer minWidth={820}>
            <Table aria-label="Visits and their readiness" fz="sm" striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Patient</Table.Th>
                  <Table.Th>Confirmation</Table.Th>
                  <Table.Th>Reminders</Table.Th>
                  <Table.Th>Checklist</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((i) => (
                  <Table.Tr key={i.id} bg={i.confirmation === 'confirmed' ? undefined : 'orange.0'}>
                    <Table.Td>{i.localStart}</Table.Td>
                    <Table.Td>
                      <Text size="sm" component={Link} to={i.courseId ? `/courses/${i.courseId}` : `/patients/${i.patient.id}`} c="teal.9" fw={600}>
                        {i.patient.name}
                      </Text>
                      <Text size="xs">{i.patient.phoneMobile ? formatPhone(i.patient.phoneMobile) : 'no mobile number'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={700} c={i.confirmation === 'confirmed' ? '#1e6b30' : i.confirmation === 'reschedule_requested' ? 'red.9' : 'dark'}>
                        {i.confirmation.replace('_', ' ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {i.reminders.length === 0 ? (
                        <Text size="xs">{i.consent.sms || i.consent.email ? 'not sent yet' : 'no reminder consent: call'}</Text>
                      ) : (
                        i.reminders.map((r) => (
                          <Text key={r.channel} size="xs" c={r.status === 'failed' || r.status === 'uncertain' ? 'red.9' : undefined}>
                            {r.channel}: {r.status}
                            {r.error ? ` (${r.error})` : ''}
                          </Text>
                        ))
                      )}
                    </Table.Td>
                    <Table.Td>
                      <List size="xs" spacing={2}>
                        {i.checklist.map((c) => (
                          <List.Item key={c.text} title={c.source}>
                            {c.text}
                          </List.Item>
                        ))}
                      </List>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}

function InboundReview() {
  const qc = useQueryClient();
  const inbound = useQuery({ queryKey: ['inbound'], queryFn: () => api<Inbound>('GET', '/api/messages/inbound'), refetchInterval: 60_000 });
  async function done(id: string) {
    await api('POST', `/api/messages/inbound/${id}/review`, { note: null });
    await qc.invalidateQueries({ queryKey: ['inbound'] });
  }
  if (!inbound.data?.items.length) return null;
  return (
    <Paper withBorder p="md" component="section" aria-label="Text replies to handle">
      <Title order={2} size="h4" mb="xs">
        Text replies to handle ({inbound.data.items.length})
      </Title>
      <Stack gap="xs">
        {inbound.data.items.map((m) => (
          <Group key={m.id} justify="space-between" wrap="nowrap" align="flex-start">
            <div>
              <Text size="sm" fw={600}>
                {m.patient?.name ?? formatPhone(m.fromPhone)} · {OUTCOME_WORDS[m.outcome] ?? m.outcome}
              </Text>
              <Text size="sm">“{m.body}”</Text>
            </div>
            <Button size="compact-sm" variant="default" onClick={() => void done(m.id)}>
              Done
            </Button>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
