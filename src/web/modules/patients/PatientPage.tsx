import { useState, type SubmitEvent } from 'react';
import { Alert, Badge, Button, Group, Loader, NumberInput, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation, useParams } from 'react-router';
import type { Patient } from '../../../contracts/patients.js';
import { weightInputSchema } from '../../../contracts/patients.js';
import { roleHas } from '../../../contracts/permissions.js';
import { api, ApiError, fieldErrors } from '../../app/api.js';
import type { PatientRisk } from '../../../contracts/coverage.js';
import { useSession } from '../../app/session.js';
import { validate } from '../../ui/forms.js';
import { ageToday, formatDate, formatDateTime, formatPhone } from '../../ui/format.js';
import { getPatient, listWeights, recordWeight, updatePatient } from './api.js';
import { formFromPatient, PatientForm } from './PatientForm.js';
import { PatientClinicalSection } from '../intake/PatientClinicalSection.js';
import { PatientOutcomesSection } from '../outcomes/PatientOutcomesSection.js';
import { PatientBillingSection } from '../billing/PatientBillingSection.js';
import { defined } from '../../../domain/defined.js';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text>{children || '—'}</Text>
    </div>
  );
}

function Demographics({ p }: { p: Patient }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
      <Field label="Legal name">{[p.legalGivenName, p.legalMiddleName, p.legalFamilyName].filter(Boolean).join(' ')}</Field>
      <Field label="Preferred name">{p.preferredName}</Field>
      <Field label="Date of birth">
        {formatDate(p.dateOfBirth)} (age {ageToday(p.dateOfBirth)})
      </Field>
      <Field label="Sex assigned at birth">{p.sexAssignedAtBirth}</Field>
      <Field label="Gender identity">{p.genderIdentity}</Field>
      <Field label="Pronouns">{p.pronouns}</Field>
      <Field label="Mobile">{formatPhone(p.phoneMobile)}</Field>
      <Field label="Home phone">{formatPhone(p.phoneHome)}</Field>
      <Field label="Email">{p.email}</Field>
      <Field label="Address">
        {p.address ? `${p.address.line1}${p.address.line2 ? ', ' + p.address.line2 : ''}, ${p.address.city}, ${p.address.state} ${p.address.postalCode}` : ''}
      </Field>
      <Field label="Emergency contact">
        {p.emergencyContact
          ? `${p.emergencyContact.name}${p.emergencyContact.relationship ? ' (' + p.emergencyContact.relationship + ')' : ''} ${formatPhone(p.emergencyContact.phone)}`
          : ''}
      </Field>
      <Field label="Veteran status">{p.veteranStatus.replace('_', ' ')}</Field>
      <Field label="Language">{p.preferredLanguage}</Field>
      <Field label="Clinics">{p.locations.map((l) => l.name).join(', ')}</Field>
    </SimpleGrid>
  );
}

function Weights({ patient, canRecord }: { patient: Patient; canRecord: boolean }) {
  const qc = useQueryClient();
  const weights = useQuery({ queryKey: ['weights', patient.id], queryFn: () => listWeights(patient.id) });
  const [value, setValue] = useState<string | number>('');
  const [unit, setUnit] = useState<'kg' | 'lb'>('kg');
  const [error, setError] = useState<string | null>(null);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const v = validate(weightInputSchema, { value: typeof value === 'number' ? value : Number.NaN, unit });
    if (!v.ok) {
      setError(v.errors.value ?? Object.values(v.errors)[0] ?? 'Invalid');
      return;
    }
    try {
      await recordWeight(patient.id, v.data);
      setValue('');
      setError(null);
      await qc.invalidateQueries({ queryKey: ['weights', patient.id] });
      await qc.invalidateQueries({ queryKey: ['patient', patient.id] });
    } catch (err) {
      setError(fieldErrors(err).value ?? (err as Error).message);
    }
  }

  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Weight history
      </Title>
      {canRecord && (
        <form onSubmit={submit}>
          <Group align="end" mb="sm">
            <NumberInput label="Weight" value={value} onChange={setValue} decimalScale={2} min={0} error={error} w={140} />
            <SegmentedControl value={unit} onChange={(v) => setUnit(v)} data={['kg', 'lb']} aria-label="Unit" />
            <Button type="submit">Record weight</Button>
          </Group>
        </form>
      )}
      {weights.isLoading ? (
        <Loader size="sm" />
      ) : (
        <Table aria-label="Weights">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Measured</Table.Th>
              <Table.Th>kg</Table.Th>
              <Table.Th>lb</Table.Th>
              <Table.Th>Source</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {weights.data?.items.map((w) => (
              <Table.Tr key={w.id}>
                <Table.Td>{formatDateTime(w.measuredAt)}</Table.Td>
                <Table.Td>{(w.weightGrams / 1000).toFixed(1)}</Table.Td>
                <Table.Td>{(w.weightGrams / 453.59237).toFixed(1)}</Table.Td>
                <Table.Td>{w.source}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {weights.data?.items.length === 0 && (
        <Text c="dimmed" size="sm">
          No weight recorded yet.
        </Text>
      )}
    </Paper>
  );
}

/**
 * Risk follows the patient: clinical staff see the level and each signal behind it; everyone else sees only that
 * the patient is flagged urgent (minimum necessary).
 */
function RiskBanner({ patientId }: { patientId: string }) {
  const risk = useQuery({ queryKey: ['risk', patientId], queryFn: () => api<PatientRisk>('GET', `/api/patients/${patientId}/risk`), refetchInterval: 60_000 });
  if (!risk.data?.urgent) return null;
  const r = risk.data;
  return (
    <Alert color="red" variant="filled" role="alert" title={r.level ? `Suicide risk: ${r.level}` : 'Flagged urgent'}>
      {r.level ? (
        <Stack gap={4}>
          {r.signals
            .filter((s) => s.level !== 'low' && s.level !== 'none')
            .map((s) => (
              <Text key={s.rule + s.on} size="sm">
                {s.text}
              </Text>
            ))}
          <Text size="sm" fw={600}>
            Same-day provider review before any treatment. If the patient is in danger now: 988 Suicide & Crisis Lifeline, or 911.
          </Text>
        </Stack>
      ) : (
        <Text size="sm">
          A clinician reviews this patient&apos;s safety today. The reasons are visible to clinical staff; tell the provider if the patient calls.
        </Text>
      )}
    </Alert>
  );
}

export function PatientPage() {
  const { id = '' } = useParams();
  const { session } = useSession();
  const location = useLocation();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const patient = useQuery({ queryKey: ['patient', id], queryFn: () => getPatient(id), retry: false });

  if (patient.isLoading) return <Loader aria-label="Loading patient" />;
  if (patient.error) {
    const e = patient.error;
    const text =
      e instanceof ApiError && e.status === 403
        ? 'You cannot open this patient: they are not registered at any of your clinics.'
        : e instanceof ApiError && e.status === 404
          ? 'Patient not found.'
          : e.message;
    return (
      <Alert color="red" role="alert" title="Cannot open patient">
        {text}
      </Alert>
    );
  }
  const p = defined(patient.data);
  const role = session?.user.role ?? 'nurse';

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            {p.legalFamilyName}, {p.legalGivenName}
            {p.preferredName ? ` ("${p.preferredName}")` : ''}
          </Title>
          <Group gap="xs">
            <Text ff="monospace" size="sm">
              MRN {p.mrn}
            </Text>
            {p.veteranStatus === 'veteran' && (
              <Badge color="indigo" variant="light">
                Veteran
              </Badge>
            )}
            {p.latestWeight && <Badge variant="outline">{p.latestWeight.weightKg} kg</Badge>}
          </Group>
        </div>
        {!editing && roleHas(role, 'patient:update') && (
          <Button
            onClick={() => {
              setEditing(true);
              setSaved(false);
            }}
          >
            Edit
          </Button>
        )}
      </Group>
      <RiskBanner patientId={p.id} />
      {(saved || (location.state as { created?: boolean } | null)?.created) && !editing && (
        <Alert color="teal">{saved ? 'Changes saved.' : 'Patient created.'}</Alert>
      )}
      <Paper withBorder p="md">
        {editing ? (
          <PatientForm
            initial={formFromPatient(p)}
            version={p.version}
            submitLabel="Save changes"
            onCancel={() => setEditing(false)}
            onSubmit={async (payload) => {
              const updated = await updatePatient(p.id, payload);
              qc.setQueryData(['patient', p.id], updated);
              await qc.invalidateQueries({ queryKey: ['patients'] });
              setEditing(false);
              setSaved(true);
            }}
          />
        ) : (
          <Demographics p={p} />
        )}
      </Paper>
      {roleHas(role, 'clinical:read') && <Weights patient={p} canRecord={roleHas(role, 'patient:weight:record')} />}
      <PatientClinicalSection patientId={p.id} />
      <PatientOutcomesSection patientId={p.id} email={p.email} />
      <PatientBillingSection patientId={p.id} locationIds={p.locations.map((l) => l.id)} />
      <Text size="xs" c="dimmed">
        Record version {p.version} · updated {formatDateTime(p.updatedAt)}
      </Text>
    </Stack>
  );
}
