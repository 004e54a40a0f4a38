import { useState, type SubmitEvent } from 'react';
import { Alert, Anchor, Badge, Button, Checkbox, Group, Modal, SegmentedControl, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import type { LeadSummary } from '../../../contracts/front-door.js';
import { fieldErrors } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { formatPhone } from '../../ui/format.js';
import { useClinics } from '../clinics/api.js';
import { createLead, listLeads } from './api.js';
import { DueTimes, timeLeft } from './time.js';

const SOURCE_LABELS: Record<LeadSummary['source'], string> = { callback: 'Callback request', screening: 'Screening', phone: 'Phone call' };

/** The coordinators' live queue: urgent first, then by time left to the callback deadline; refreshed every 10 s. */
export function LeadsPage() {
  const { session } = useSession();
  const [status, setStatus] = useState('open');
  const [clinic, setClinic] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const clinics = useClinics();
  const leads = useQuery({ queryKey: ['leads', status, clinic], queryFn: () => listLeads(status, clinic), refetchInterval: 10_000 });
  const zone = session?.user.timeZone;
  const now = leads.data ? new Date(leads.data.serverTime) : new Date();

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Lead queue
        </Title>
        <Button onClick={() => setAdding(true)}>New lead from a call</Button>
      </Group>
      <Group align="end">
        <SegmentedControl
          aria-label="Status"
          value={status}
          onChange={setStatus}
          data={[
            { value: 'open', label: 'Open' },
            { value: 'converted', label: 'Converted' },
            { value: 'closed', label: 'Closed' },
          ]}
        />
        <Select
          label="Clinic"
          placeholder="All my clinics"
          clearable
          value={clinic}
          onChange={setClinic}
          data={(clinics.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          w={240}
        />
      </Group>
      {leads.error && <Alert color="red">{leads.error.message}</Alert>}
      <Table striped highlightOnHover aria-label="Leads">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Priority</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Phone</Table.Th>
            <Table.Th>Clinic</Table.Th>
            <Table.Th>Call due (your time / clinic time)</Table.Th>
            <Table.Th>Claimed by</Table.Th>
            <Table.Th>Calls</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(leads.data?.items ?? []).map((l) => (
            <Table.Tr key={l.id} data-testid="lead-row">
              <Table.Td>
                <Group gap={4}>
                  {l.urgent && (
                    <Badge color="red" variant="filled">
                      Urgent
                    </Badge>
                  )}
                  {l.escalated && (
                    <Badge color="orange" variant="filled" c="dark.9">
                      Overdue
                    </Badge>
                  )}
                  <Text size="sm">{SOURCE_LABELS[l.source]}</Text>
                </Group>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/leads/${l.id}`}>
                  {l.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{formatPhone(l.phone)}</Table.Td>
              <Table.Td>{l.clinic.name}</Table.Td>
              <Table.Td>
                <DueTimes iso={l.dueAt} userZone={zone} clinicZone={l.clinic.timeZone} />
                {status === 'open' && (
                  <Text size="xs" fw={600} c={Date.parse(l.dueAt) < now.getTime() ? 'red.9' : 'dark'}>
                    {timeLeft(l.dueAt, now)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{l.claimedBy?.name ?? '—'}</Table.Td>
              <Table.Td>{l.attemptCount}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {leads.data?.items.length === 0 && <Text c="dimmed">No leads here.</Text>}
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={adding} onClose={() => setAdding(false)} title="New lead from a phone call">
        <NewLeadForm onDone={() => setAdding(false)} />
      </Modal>
    </Stack>
  );
}

function NewLeadForm({ onDone }: { onDone: () => void }) {
  const clinics = useClinics();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [f, setF] = useState({ name: '', phone: '', locationId: '' as string | null, reason: '', urgent: false, urgentReason: '', consentToCall: true });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    try {
      const lead = await createLead({
        name: f.name,
        phone: f.phone,
        locationId: f.locationId,
        reason: f.reason,
        urgent: f.urgent,
        ...(f.urgent ? { urgentReason: f.urgentReason } : {}),
        consentToCall: f.consentToCall,
      });
      await qc.invalidateQueries({ queryKey: ['leads'] });
      onDone();
      void navigate(`/leads/${lead.id}`);
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(err instanceof Error ? err.message : 'Could not save');
    }
  }
  return (
    <form onSubmit={submit}>
      <Stack>
        {error && <Alert color="red">{error}</Alert>}
        <TextInput label="Name" required value={f.name} onChange={(e) => setF({ ...f, name: e.currentTarget.value })} error={errors.name} />
        <TextInput label="Phone" required value={f.phone} onChange={(e) => setF({ ...f, phone: e.currentTarget.value })} error={errors.phone} />
        <Select
          label="Clinic"
          required
          value={f.locationId}
          onChange={(v) => setF({ ...f, locationId: v })}
          data={(clinics.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          error={errors.locationId}
        />
        <Textarea label="Reason for calling" value={f.reason} onChange={(e) => setF({ ...f, reason: e.currentTarget.value })} error={errors.reason} />
        <Checkbox
          label="Urgent (for example the caller mentions thoughts of self-harm)"
          checked={f.urgent}
          onChange={(e) => setF({ ...f, urgent: e.currentTarget.checked })}
        />
        {f.urgent && (
          <TextInput
            label="Why urgent"
            required
            value={f.urgentReason}
            onChange={(e) => setF({ ...f, urgentReason: e.currentTarget.value })}
            error={errors.urgentReason}
          />
        )}
        <Checkbox label="Caller agreed to be called back" checked={f.consentToCall} onChange={(e) => setF({ ...f, consentToCall: e.currentTarget.checked })} />
        <Button type="submit">Add to queue</Button>
      </Stack>
    </form>
  );
}
