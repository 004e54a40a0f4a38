import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Loader, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { roleHas } from '../../../contracts/permissions.js';
import { WEEKDAYS, type WeeklyHours } from '../../../domain/scheduling/opening-hours.js';
import { useSession } from '../../app/session.js';
import { useClinicParam } from './clinic-param.js';
import { addTimeOff, removeTimeOff, setStaffHours, staffAvailability, type StaffAvailability } from './api.js';

const DAY_LABELS: Record<string, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const hoursText = (h: Partial<Record<string, { open: string; close: string }[]>>) =>
  WEEKDAYS.filter((d) => (h[d] ?? []).length > 0)
    .map((d) => `${DAY_LABELS[d] ?? d} ${(h[d] ?? []).map((iv) => `${iv.open}-${iv.close}`).join(', ')}`)
    .join(' · ') || 'no hours';

/** Staff working hours per clinic and time off (issue 9): the planner and booking respect them. Managers edit. */
export function StaffHoursPage() {
  const { session } = useSession();
  const { mine, locationId, set } = useClinicParam();
  const data = useQuery({ queryKey: ['staff-availability', locationId], queryFn: () => staffAvailability(locationId ?? ''), enabled: Boolean(locationId) });
  const canEdit = roleHas(session?.user.role ?? 'nurse', 'availability:manage');
  return (
    <Stack>
      <Title order={1} size="h2">
        Staff hours and time off
      </Title>
      <Select label="Clinic" data={mine.map((c) => ({ value: c.id, label: c.name }))} value={locationId} onChange={(v) => set('clinic', v)} w={240} />
      {data.isLoading && <Loader aria-label="Loading staff hours" />}
      {data.isError && <Alert color="red">Could not load staff hours.</Alert>}
      {data.data && (
        <>
          <Text size="sm">
            Clinic hours ({data.data.clinic.timeZone}): {hoursText(data.data.clinic.openingHours)}. Staff without their own hours are planned within the
            clinic’s.
          </Text>
          {data.data.items.map((s) => (
            <StaffCard key={s.id} staff={s} clinic={data.data.clinic} locationId={locationId ?? ''} canEdit={canEdit} />
          ))}
        </>
      )}
    </Stack>
  );
}

function StaffCard({
  staff,
  clinic,
  locationId,
  canEdit,
}: {
  staff: StaffAvailability['items'][number];
  clinic: StaffAvailability['clinic'];
  locationId: string;
  canEdit: boolean;
}) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const start = (staff.hours ?? clinic.openingHours) as WeeklyHours;
  const [days, setDays] = useState(() =>
    Object.fromEntries(
      WEEKDAYS.map((d) => [d, { on: (start[d] ?? []).length > 0, open: start[d]?.[0]?.open ?? '09:00', close: start[d]?.[0]?.close ?? '17:00' }]),
    ),
  );
  const [offFrom, setOffFrom] = useState('');
  const [offTo, setOffTo] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['staff-availability', locationId] });
  async function save(clear = false) {
    setError(null);
    try {
      const hours = clear ? null : Object.fromEntries(WEEKDAYS.map((d) => [d, days[d]?.on ? [{ open: days[d].open, close: days[d].close }] : []]));
      await setStaffHours(locationId, staff.id, hours);
      setEditing(false);
      await refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not saved.');
    }
  }
  async function addOff() {
    setError(null);
    try {
      const toIso = (v: string) => DateTime.fromISO(v, { zone: clinic.timeZone }).toISO() ?? '';
      await addTimeOff(locationId, staff.id, { startsAt: toIso(offFrom), endsAt: toIso(offTo), reason: reason || null });
      setOffFrom('');
      setOffTo('');
      setReason('');
      await refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not saved.');
    }
  }
  const local = (iso: string) => DateTime.fromISO(iso, { zone: clinic.timeZone }).toFormat('LLL d, h:mm a');
  return (
    <Paper withBorder p="md" component="section" aria-label={staff.name}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {staff.name}{' '}
            <Text span size="sm" c="dimmed">
              ({staff.role})
            </Text>
          </Title>
          {canEdit && !editing && (
            <Button size="compact-sm" variant="default" onClick={() => setEditing(true)}>
              Edit hours
            </Button>
          )}
        </Group>
        <Text size="sm">{staff.hours ? hoursText(staff.hours) : 'Works the clinic’s hours'}</Text>
        {editing && (
          <Stack gap={4}>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
              {WEEKDAYS.map((d) => {
                const day = days[d] ?? { on: false, open: '09:00', close: '17:00' };
                const update = (patch: Partial<typeof day>) => setDays((all) => ({ ...all, [d]: { ...day, ...patch } }));
                return (
                  <Group key={d} gap={4} wrap="nowrap">
                    <Checkbox label={DAY_LABELS[d]} checked={day.on} onChange={(e) => update({ on: e.currentTarget.checked })} w={70} />
                    <TextInput
                      type="time"
                      size="xs"
                      aria-label={`${DAY_LABELS[d] ?? d} from`}
                      value={day.open}
                      disabled={!day.on}
                      onChange={(e) => update({ open: e.currentTarget.value })}
                    />
                    <TextInput
                      type="time"
                      size="xs"
                      aria-label={`${DAY_LABELS[d] ?? d} to`}
                      value={day.close}
                      disabled={!day.on}
                      onChange={(e) => update({ close: e.currentTarget.value })}
                    />
                  </Group>
                );
              })}
            </SimpleGrid>
            <Group>
              <Button size="compact-sm" onClick={() => void save()}>
                Save hours
              </Button>
              <Button size="compact-sm" variant="subtle" onClick={() => void save(true)}>
                Use the clinic’s hours
              </Button>
              <Button size="compact-sm" variant="subtle" onClick={() => setEditing(false)}>
                Back
              </Button>
            </Group>
          </Stack>
        )}
        <Text size="sm" fw={600}>
          Time off
        </Text>
        {staff.timeOff.length === 0 && <Text size="sm">None ahead.</Text>}
        {staff.timeOff.map((t) => (
          <Group key={t.id} gap="xs">
            <Text size="sm">
              {local(t.startsAt)} to {local(t.endsAt)}
              {t.reason ? ` · ${t.reason}` : ''}
            </Text>
            {canEdit && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => void removeTimeOff(locationId, staff.id, t.id).then(refresh)}
                aria-label={`Remove time off from ${local(t.startsAt)}`}
              >
                Remove
              </Button>
            )}
          </Group>
        ))}
        {canEdit && (
          <Group align="flex-end" wrap="wrap" gap="xs">
            <TextInput type="datetime-local" size="xs" label="Away from" value={offFrom} onChange={(e) => setOffFrom(e.currentTarget.value)} />
            <TextInput type="datetime-local" size="xs" label="Until" value={offTo} onChange={(e) => setOffTo(e.currentTarget.value)} />
            <TextInput size="xs" label="Reason (optional)" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            <Button size="compact-sm" variant="default" onClick={() => void addOff()} disabled={!offFrom || !offTo}>
              Add time off
            </Button>
          </Group>
        )}
        {error && (
          <Text size="sm" c="red.9" role="alert">
            {error}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
