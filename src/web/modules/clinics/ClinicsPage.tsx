import { useState, type SubmitEvent } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { WEEKDAYS, type WeeklyHours } from '../../../domain/scheduling/opening-hours.js';
import { US_STATES } from '../../../contracts/common.js';
import { RESOURCE_KINDS, RESOURCE_LABELS, SERVICE_LABELS, SERVICES, locationInputSchema, type Location } from '../../../contracts/locations.js';
import { api, ApiError, fieldErrors } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { validate } from '../../ui/forms.js';
import { formatDate, formatPhone, localToday } from '../../ui/format.js';
import { useClinics } from './api.js';

const DAY_LABEL: Record<string, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** "08:00-12:00, 13:00-17:00" <-> intervals, so an admin types hours the way they are posted on the door. */
function hoursToText(hours: WeeklyHours): Record<string, string> {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, (hours[d] ?? []).map((i) => `${i.open}-${i.close}`).join(', ')]));
}
function textToHours(text: Record<string, string>): WeeklyHours {
  return Object.fromEntries(
    WEEKDAYS.map((d) => [
      d,
      (text[d] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => {
          const [open = '', close = ''] = s.split('-').map((x) => x.trim());
          return { open, close };
        }),
    ]),
  ) as WeeklyHours;
}

function ClinicEditor({ clinic, onDone }: { clinic: Location | null; onDone: () => void }) {
  const [f, setF] = useState({
    code: clinic?.code ?? '',
    name: clinic?.name ?? '',
    timeZone: clinic?.timeZone ?? 'America/Los_Angeles',
    phone: formatPhone(clinic?.phone),
    line1: clinic?.address.line1 ?? '',
    line2: clinic?.address.line2 ?? '',
    city: clinic?.address.city ?? '',
    state: clinic?.address.state ?? '',
    postalCode: clinic?.address.postalCode ?? '',
    services: clinic?.services ?? [],
    reminderLeadHours: String(clinic?.reminderLeadHours ?? 48),
    npi: clinic?.npi ?? '',
    taxId: clinic?.taxId ?? '',
    active: clinic?.active ?? true,
  });
  const [hours, setHours] = useState(hoursToText(clinic?.openingHours ?? { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const qc = useQueryClient();

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const body = {
      code: f.code,
      name: f.name,
      timeZone: f.timeZone,
      phone: f.phone.trim() === '' ? null : f.phone,
      address: { line1: f.line1, line2: f.line2 || null, city: f.city, state: f.state, postalCode: f.postalCode },
      openingHours: textToHours(hours),
      services: f.services,
      reminderLeadHours: Number(f.reminderLeadHours),
      npi: f.npi.trim() === '' ? null : f.npi.trim(),
      taxId: f.taxId.trim() === '' ? null : f.taxId.trim(),
      active: f.active,
    };
    const v = validate(locationInputSchema, body);
    if (!v.ok) {
      setErrors(v.errors);
      setMessage('Please correct the highlighted fields.');
      return;
    }
    try {
      if (clinic) await api('PATCH', `/api/locations/${clinic.id}`, { ...v.data, version: clinic.version });
      else await api('POST', '/api/locations', v.data);
      await qc.invalidateQueries({ queryKey: ['locations'] });
      onDone();
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(err instanceof ApiError ? err.message : 'Saving failed');
    }
  }
  const err = (p: string) => errors[p] ?? errors[`address.${p}`];
  const hoursError = (d: string) => Object.entries(errors).find(([k]) => k.startsWith(`openingHours.${d}`))?.[1];

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {message && <Alert color="red">{message}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="Code" value={f.code} onChange={(e) => setF({ ...f, code: e.currentTarget.value.toUpperCase() })} error={err('code')} />
          <TextInput label="Name" value={f.name} onChange={(e) => setF({ ...f, name: e.currentTarget.value })} error={err('name')} />
          <Select
            label="Time zone"
            searchable
            data={['America/Los_Angeles', 'America/Denver', 'America/Phoenix', 'America/Chicago', 'America/New_York', 'America/Anchorage', 'Pacific/Honolulu']}
            value={f.timeZone}
            onChange={(v) => setF({ ...f, timeZone: v ?? '' })}
            error={err('timeZone')}
          />
          <TextInput label="Phone" value={f.phone} onChange={(e) => setF({ ...f, phone: e.currentTarget.value })} error={err('phone')} />
          <TextInput label="Street" value={f.line1} onChange={(e) => setF({ ...f, line1: e.currentTarget.value })} error={err('line1')} />
          <TextInput label="Suite" value={f.line2} onChange={(e) => setF({ ...f, line2: e.currentTarget.value })} />
          <TextInput label="City" value={f.city} onChange={(e) => setF({ ...f, city: e.currentTarget.value })} error={err('city')} />
          <Select
            label="State"
            searchable
            data={[...US_STATES]}
            value={f.state || null}
            onChange={(v) => setF({ ...f, state: v ?? '' })}
            error={err('state')}
          />
          <TextInput label="ZIP" value={f.postalCode} onChange={(e) => setF({ ...f, postalCode: e.currentTarget.value })} error={err('postalCode')} />
          <TextInput
            label="NPI (billing provider)"
            inputMode="numeric"
            value={f.npi}
            onChange={(e) => setF({ ...f, npi: e.currentTarget.value })}
            error={err('npi')}
          />
          <TextInput label="Tax ID (EIN)" value={f.taxId} onChange={(e) => setF({ ...f, taxId: e.currentTarget.value })} error={err('taxId')} />
        </SimpleGrid>
        <Checkbox.Group label="Services" value={f.services} onChange={(v) => setF({ ...f, services: v })}>
          <Group mt="xs">
            {SERVICES.map((s) => (
              <Checkbox key={s} value={s} label={SERVICE_LABELS[s]} />
            ))}
          </Group>
        </Checkbox.Group>
        <TextInput
          label="Visit reminders go out this many hours before (1-336)"
          inputMode="numeric"
          value={f.reminderLeadHours}
          onChange={(e) => setF({ ...f, reminderLeadHours: e.currentTarget.value })}
          error={err('reminderLeadHours')}
          w={360}
        />
        <Text size="sm" fw={500}>
          Opening hours (local time, e.g. 08:00-12:00, 13:00-17:00; blank = closed)
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {WEEKDAYS.map((d) => (
            <TextInput
              key={d}
              label={DAY_LABEL[d]}
              value={hours[d]}
              onChange={(e) => setHours({ ...hours, [d]: e.currentTarget.value })}
              error={hoursError(d)}
            />
          ))}
        </SimpleGrid>
        <Switch label="Active" checked={f.active} onChange={(e) => setF({ ...f, active: e.currentTarget.checked })} />
        <Button type="submit" w="fit-content">
          {clinic ? 'Save clinic' : 'Add clinic'}
        </Button>
      </Stack>
    </form>
  );
}

function HolidaysAndResources({ clinic }: { clinic: Location }) {
  const qc = useQueryClient();
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>('infusion_chair');
  const [resName, setResName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['locations'] });
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setError(null);
      await refresh();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message}${e.fields.length ? ': ' + e.fields.map((f) => `${f.path} ${f.message}`).join('; ') : ''}` : String(e));
    }
  };
  return (
    <Stack>
      {error && <Alert color="red">{error}</Alert>}
      <Group align="end">
        <TextInput type="date" label="Holiday date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
        <TextInput label="Holiday name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Button
          variant="light"
          onClick={() =>
            run(async () => {
              await api('POST', `/api/locations/${clinic.id}/holidays`, { date, name });
              setDate('');
              setName('');
            })
          }
        >
          Add holiday
        </Button>
      </Group>
      <Group gap="xs">
        {clinic.holidays.map((h) => (
          <Badge
            key={h.id}
            variant="outline"
            rightSection={
              <ActionIcon
                size="xs"
                variant="transparent"
                aria-label={`Remove ${h.name}`}
                onClick={() => run(() => api('DELETE', `/api/locations/${clinic.id}/holidays/${h.id}`))}
              >
                ×
              </ActionIcon>
            }
          >
            {formatDate(h.date)} {h.name}
          </Badge>
        ))}
      </Group>
      <Group align="end">
        <Select
          label="Resource type"
          data={RESOURCE_KINDS.map((k) => ({ value: k, label: RESOURCE_LABELS[k] }))}
          value={kind}
          onChange={(v) => setKind(v ?? 'infusion_chair')}
        />
        <TextInput label="Resource name" value={resName} onChange={(e) => setResName(e.currentTarget.value)} />
        <Button
          variant="light"
          onClick={() =>
            run(async () => {
              await api('POST', `/api/locations/${clinic.id}/resources`, { kind, name: resName });
              setResName('');
            })
          }
        >
          Add resource
        </Button>
      </Group>
      <Table>
        <Table.Tbody>
          {clinic.resources.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{RESOURCE_LABELS[r.kind]}</Table.Td>
              <Table.Td>{r.name}</Table.Td>
              <Table.Td>
                <Switch
                  label="In service"
                  checked={r.active}
                  onChange={(e) => {
                    const active = e.currentTarget.checked;
                    void run(() => api('PATCH', `/api/locations/${clinic.id}/resources/${r.id}`, { active }));
                  }}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

export function ClinicsPage() {
  const clinics = useClinics();
  const { session } = useSession();
  const isAdmin = session?.user.role === 'admin';
  const [editing, setEditing] = useState<Location | 'new' | null>(null);
  const [managing, setManaging] = useState<string | null>(null);
  const managed = clinics.data?.find((c) => c.id === managing) ?? null;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Clinics
        </Title>
        {isAdmin && <Button onClick={() => setEditing('new')}>Add clinic</Button>}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {clinics.data?.map((c) => {
          const counts = RESOURCE_KINDS.map((k) => [k, c.resources.filter((r) => r.kind === k && r.active).length] as const).filter(([, n]) => n > 0);
          const upcoming = c.holidays.filter((h) => h.date >= localToday()).slice(0, 3);
          return (
            <Card key={c.id} withBorder component="section" aria-label={c.name}>
              <Group justify="space-between">
                <Title order={2} size="h4">
                  {c.name}
                </Title>
                {!c.active && <Badge color="gray">Inactive</Badge>}
              </Group>
              <Text size="sm" c="dimmed">
                {c.address.line1}, {c.address.city}, {c.address.state} {c.address.postalCode} · {formatPhone(c.phone)} · {c.timeZone}
              </Text>
              <Group gap={4} my="xs">
                {c.services.map((s) => (
                  <Badge key={s} variant="light">
                    {SERVICE_LABELS[s]}
                  </Badge>
                ))}
              </Group>
              <Table withRowBorders={false} verticalSpacing={2} fz="sm">
                <Table.Tbody>
                  {WEEKDAYS.map((d) => (
                    <Table.Tr key={d}>
                      <Table.Td w={60}>{DAY_LABEL[d]}</Table.Td>
                      <Table.Td>{c.openingHours[d].length ? c.openingHours[d].map((i) => `${i.open}–${i.close}`).join(', ') : 'Closed'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Text size="sm" mt="xs">
                Resources: {counts.map(([k, n]) => `${n} × ${RESOURCE_LABELS[k]}`).join(', ') || 'none'}
              </Text>
              <Text size="sm">Next closures: {upcoming.map((h) => `${formatDate(h.date)} (${h.name})`).join(', ') || 'none'}</Text>
              {isAdmin && (
                <Group mt="sm">
                  <Button size="xs" variant="default" onClick={() => setEditing(c)}>
                    Edit details & hours
                  </Button>
                  <Button size="xs" variant="default" onClick={() => setManaging(c.id)}>
                    Holidays & resources
                  </Button>
                </Group>
              )}
            </Card>
          );
        })}
      </SimpleGrid>
      <Modal
        closeButtonProps={{ 'aria-label': 'Close' }}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Add clinic' : 'Edit clinic'}
        size="xl"
      >
        {editing !== null && <ClinicEditor clinic={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
      <Modal
        closeButtonProps={{ 'aria-label': 'Close' }}
        opened={managed !== null}
        onClose={() => setManaging(null)}
        title={managed ? `${managed.name}: holidays & resources` : ''}
        size="xl"
      >
        {managed && <HolidaysAndResources clinic={managed} />}
      </Modal>
    </Stack>
  );
}
