import { useState, type SubmitEvent } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  NumberInput,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { Link, useNavigate, useParams } from 'react-router';
import { splitName } from '../../../domain/leads/names.js';
import { CALL_OUTCOME_LABELS, CALL_OUTCOMES, CLOSE_REASONS, type LeadDetail } from '../../../contracts/front-door.js';
import { ApiError, fieldErrors } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { formatDate, formatDateTime, formatPhone } from '../../ui/format.js';
import { useClinics } from '../clinics/api.js';
import { claimLead, closeLead, convertLead, findMatches, getLead, listProviders, logAttempt, type Match } from './api.js';
import { DueTimes } from './time.js';

function Info({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text>{children || '—'}</Text>
    </div>
  );
}

export function LeadPage() {
  const { id } = useParams() as { id: string };
  const { session } = useSession();
  const qc = useQueryClient();
  const lead = useQuery({ queryKey: ['lead', id], queryFn: () => getLead(id) });
  const [error, setError] = useState<string | null>(null);
  if (lead.isLoading) return <Loader aria-label="Loading" />;
  if (lead.error || !lead.data) return <Alert color="red">{lead.error?.message ?? 'Not found'}</Alert>;
  const l = lead.data;
  const open = l.status === 'new' || l.status === 'claimed';
  const mine = !l.claimedBy || l.claimedBy.id === session?.user.id;
  const refresh = async (next?: LeadDetail) => {
    if (next) qc.setQueryData(['lead', id], next);
    await qc.invalidateQueries({ queryKey: ['leads'] });
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {l.name}
        </Title>
        <Group>
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
          <Badge variant="light">{l.status}</Badge>
        </Group>
      </Group>
      {error && (
        <Alert color="red" withCloseButton closeButtonLabel="Dismiss" onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {l.urgentReason && (
        <Alert color="red" title="Why urgent">
          {l.urgentReason}
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Info label="Phone">
            <Anchor href={`tel:${l.phone}`}>{formatPhone(l.phone)}</Anchor>
          </Info>
          <Info label="Clinic">{l.clinic.name}</Info>
          <Info label="Call due">
            <DueTimes iso={l.dueAt} userZone={session?.user.timeZone} clinicZone={l.clinic.timeZone} />
          </Info>
          <Info label="Requested">{formatDateTime(l.requestedAt, session?.user.timeZone)}</Info>
          <Info label="Best time">{l.bestTime}</Info>
          <Info label="Consent">
            {l.consentToCall ? 'Call' : 'No calls'}
            {l.consentToText ? ', text' : ''}
          </Info>
          <Info label="Reason">{l.reason}</Info>
          <Info label="Claimed by">{l.claimedBy?.name}</Info>
          <Info label="Visitor time zone">{l.visitorTimeZone}</Info>
        </SimpleGrid>
      </Paper>
      {l.screenings.length > 0 && (
        <Paper withBorder p="md">
          <Title order={2} size="h4">
            Screening answers
          </Title>
          {l.screenings.map((s, i) => (
            <Text key={i}>
              {s.instrument}: {s.total} ({s.severity}); answers {s.answers.join(', ')}
            </Text>
          ))}
        </Paper>
      )}
      {open && !l.claimedBy && (
        <Button
          w="fit-content"
          onClick={async () => {
            try {
              await refresh(await claimLead(id, l.version));
            } catch (e) {
              setError((e as Error).message);
            }
          }}
        >
          Claim this lead
        </Button>
      )}
      {open && mine && <AttemptForm lead={l} onDone={refresh} onError={setError} />}
      <Paper withBorder p="md">
        <Title order={2} size="h4">
          Calls
        </Title>
        {l.attempts.length === 0 ? (
          <Text c="dimmed">No calls yet.</Text>
        ) : (
          <Table aria-label="Calls">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>Notes</Table.Th>
                <Table.Th>By</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {l.attempts.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{formatDateTime(a.attemptedAt, session?.user.timeZone)}</Table.Td>
                  <Table.Td>
                    {CALL_OUTCOME_LABELS[a.outcome]}
                    {a.callBackAt ? ` (${formatDateTime(a.callBackAt, session?.user.timeZone)})` : ''}
                  </Table.Td>
                  <Table.Td>{a.notes}</Table.Td>
                  <Table.Td>{a.by?.name}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {open && mine && <ConvertPanel lead={l} />}
      {open && mine && <ClosePanel lead={l} onDone={refresh} onError={setError} />}
      {l.status === 'converted' && l.convertedPatientId && (
        <Alert color="teal" title="Converted">
          <Anchor component={Link} to={`/patients/${l.convertedPatientId}`}>
            Open the patient
          </Anchor>
          {l.appointment && (
            <Text>
              Intake consultation {formatDateTime(l.appointment.startsAt, l.clinic.timeZone)} with {l.appointment.providerName} at {l.appointment.clinicName}
            </Text>
          )}
        </Alert>
      )}
      {l.status === 'closed' && (
        <Alert color="gray" title="Closed">
          {l.closeReason}
        </Alert>
      )}
    </Stack>
  );
}

function AttemptForm({ lead, onDone, onError }: { lead: LeadDetail; onDone: (l: LeadDetail) => Promise<void>; onError: (m: string) => void }) {
  const [outcome, setOutcome] = useState<string | null>('reached');
  const [notes, setNotes] = useState('');
  const [callBackAt, setCallBackAt] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    try {
      const at = callBackAt ? DateTime.fromISO(callBackAt, { zone: lead.clinic.timeZone }).toISO() : undefined;
      await onDone(await logAttempt(lead.id, { outcome, notes, ...(outcome === 'call_back_later' && at ? { callBackAt: at } : {}), version: lead.version }));
      setNotes('');
      setCallBackAt('');
      setErrors({});
    } catch (err) {
      setErrors(fieldErrors(err));
      onError((err as Error).message);
    }
  }
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Log a call">
      <Title order={2} size="h4" mb="sm">
        Log a call
      </Title>
      <Group align="end">
        <Select
          label="Outcome"
          value={outcome}
          onChange={setOutcome}
          data={CALL_OUTCOMES.map((o) => ({ value: o, label: CALL_OUTCOME_LABELS[o] }))}
          allowDeselect={false}
          w={200}
        />
        {outcome === 'call_back_later' && (
          <TextInput
            type="datetime-local"
            label={`Call back at (clinic time, ${lead.clinic.timeZone})`}
            value={callBackAt}
            onChange={(e) => setCallBackAt(e.currentTarget.value)}
            error={errors.callBackAt}
          />
        )}
        <TextInput label="Notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} w={320} error={errors.notes} />
        <Button type="submit">Log call</Button>
      </Group>
    </Paper>
  );
}

function ClosePanel({ lead, onDone, onError }: { lead: LeadDetail; onDone: (l: LeadDetail) => Promise<void>; onError: (m: string) => void }) {
  const [reason, setReason] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Close without converting
      </Title>
      <Group align="end">
        <Select label="Reason" value={reason} onChange={setReason} data={CLOSE_REASONS.map((r) => ({ value: r, label: r.replaceAll('_', ' ') }))} w={220} />
        <TextInput label="Notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} w={320} />
        <Button
          variant="default"
          disabled={!reason}
          onClick={async () => {
            try {
              await onDone(await closeLead(lead.id, { reason, notes, version: lead.version }));
            } catch (e) {
              onError((e as Error).message);
            }
          }}
        >
          Close lead
        </Button>
      </Group>
    </Paper>
  );
}

function ConvertPanel({ lead }: { lead: LeadDetail }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const clinics = useClinics();
  const providers = useQuery({ queryKey: ['providers'], queryFn: listProviders, staleTime: 60_000 });
  const guess = splitName(lead.name);
  const [who, setWho] = useState({ ...guess, dateOfBirth: '', sex: 'unknown' as string | null });
  const [matches, setMatches] = useState<Match[] | null>(null);
  const [choice, setChoice] = useState<string>('new');
  const [locationId, setLocationId] = useState<string | null>(lead.clinic.id);
  const [providerId, setProviderId] = useState<string | null>(null);
  const [start, setStart] = useState('');
  const [duration, setDuration] = useState<string | number>(60);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const clinic = clinics.data?.find((c) => c.id === locationId);
  const clinicProviders = (providers.data?.items ?? []).filter((p) => locationId && p.locationIds.includes(locationId));

  async function search() {
    setMatches((await findMatches(lead.id, who)).items);
  }
  async function convert(e: SubmitEvent) {
    e.preventDefault();
    setError(null);
    const startsAt = start && clinic ? DateTime.fromISO(start, { zone: clinic.timeZone }).toISO() : start;
    try {
      const result = await convertLead(lead.id, {
        version: lead.version,
        ...(choice === 'new'
          ? { newPatient: { legalGivenName: who.givenName, legalFamilyName: who.familyName, dateOfBirth: who.dateOfBirth, sexAssignedAtBirth: who.sex } }
          : { existingPatientId: choice }),
        appointment: { locationId, providerId, startsAt, durationMinutes: Number(duration) },
      });
      await qc.invalidateQueries({ queryKey: ['leads'] });
      void navigate(`/patients/${result.patientId}`);
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(err instanceof ApiError ? err.message : 'Could not convert');
    }
  }

  return (
    <Paper withBorder p="md" component="form" onSubmit={convert} aria-label="Convert to patient">
      <Title order={2} size="h4" mb="sm">
        Convert to a patient and book the intake consultation
      </Title>
      {error && (
        <Alert color="red" mb="sm">
          {error}
        </Alert>
      )}
      <Group align="end">
        <TextInput
          label="Given name"
          value={who.givenName}
          onChange={(e) => setWho({ ...who, givenName: e.currentTarget.value })}
          error={errors['newPatient.legalGivenName']}
        />
        <TextInput
          label="Family name"
          value={who.familyName}
          onChange={(e) => setWho({ ...who, familyName: e.currentTarget.value })}
          error={errors['newPatient.legalFamilyName']}
        />
        <TextInput
          type="date"
          label="Date of birth"
          value={who.dateOfBirth}
          onChange={(e) => setWho({ ...who, dateOfBirth: e.currentTarget.value })}
          error={errors['newPatient.dateOfBirth']}
        />
        <Select
          label="Sex assigned at birth"
          value={who.sex}
          onChange={(v) => setWho({ ...who, sex: v })}
          data={['female', 'male', 'intersex', 'unknown']}
          w={160}
        />
        <Button variant="default" onClick={search}>
          Find existing patients
        </Button>
      </Group>
      {matches && (
        <Radio.Group mt="sm" label="Patient" value={choice} onChange={setChoice} error={errors.existingPatientId ?? errors.newPatient}>
          <Stack gap={4} mt={4}>
            {matches.map((m) => (
              <Radio
                key={m.id}
                value={m.id}
                label={`${m.name}, born ${formatDate(m.dateOfBirth)}, MRN ${m.mrn} (matches ${m.matchedOn.map((x) => (x === 'phone' ? 'phone' : 'name and date of birth')).join(' and ')})`}
              />
            ))}
            <Radio value="new" label={matches.length ? 'None of these: register a new patient' : 'No existing patient found: register a new patient'} />
          </Stack>
        </Radio.Group>
      )}
      <Group align="end" mt="sm">
        <Select
          label="Clinic"
          value={locationId}
          onChange={(v) => {
            setLocationId(v);
            setProviderId(null);
          }}
          data={(clinics.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          error={errors['appointment.locationId']}
        />
        <Select
          label="Provider"
          value={providerId}
          onChange={setProviderId}
          data={clinicProviders.map((p) => ({ value: p.id, label: p.name }))}
          error={errors['appointment.providerId']}
        />
        <TextInput
          type="datetime-local"
          label={`Starts (clinic time${clinic ? ', ' + clinic.timeZone : ''})`}
          value={start}
          onChange={(e) => setStart(e.currentTarget.value)}
          error={errors['appointment.startsAt']}
        />
        <NumberInput label="Minutes" value={duration} onChange={setDuration} min={15} max={240} step={15} w={100} />
        <Button type="submit" disabled={matches === null}>
          Convert and book
        </Button>
      </Group>
      {matches === null && (
        <Text size="sm" c="dimmed" mt={4}>
          Look for an existing patient first, so no one is registered twice.
        </Text>
      )}
    </Paper>
  );
}
