import { useMemo, useState } from 'react';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import type { DatesSetArg, EventClickArg } from '@fullcalendar/core';
import { Alert, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { CalendarView } from '../../../contracts/appointments.js';
import { api } from '../../app/api.js';
import { useClinicParam } from './clinic-param.js';
import { staffAvailability, STATUS_COLORS } from './api.js';
import type { Location } from '../../../contracts/locations.js';

const COLORS: Record<string, string> = {
  gray: '#495057',
  blue: '#1864ab',
  violet: '#5f3dc4',
  orange: '#a63c06',
  teal: '#087f5b',
  green: '#2b8a3e',
  red: '#c92a2a',
};

/**
 * Day and week calendars per clinic, per resource and per staff member (FullCalendar's time grid). Times are the
 * clinic's wall clock: events are placed as floating local times on a UTC grid, so a viewer in another zone (a
 * manager in New York looking at San Francisco) sees the clinic's hours, across DST too.
 */
export function CalendarPage() {
  const navigate = useNavigate();
  const { mine, locationId, params, set } = useClinicParam();
  const filter = params.get('show') ?? 'all';
  const [range, setRange] = useState<{ from: string; days: number } | null>(null);
  const resources = useQuery({
    queryKey: ['resources', locationId],
    queryFn: async () => (await api<Location>('GET', `/api/locations/${locationId ?? ''}`)).resources,
    enabled: Boolean(locationId),
  });
  const staff = useQuery({ queryKey: ['staff-availability', locationId], queryFn: () => staffAvailability(locationId ?? ''), enabled: Boolean(locationId) });
  const query = new URLSearchParams(range ? { from: range.from, days: String(range.days) } : {});
  if (filter.startsWith('r:')) query.set('resourceId', filter.slice(2));
  if (filter.startsWith('s:')) query.set('staffId', filter.slice(2));
  const calendar = useQuery({
    queryKey: ['calendar', locationId, query.toString()],
    queryFn: () => api<CalendarView>('GET', `/api/locations/${locationId ?? ''}/calendar?${query.toString()}`),
    enabled: Boolean(locationId && range),
    refetchInterval: 30_000,
  });
  const events = useMemo(
    () =>
      (calendar.data?.items ?? []).map((v) => ({
        id: v.id,
        title: `${v.patient.label} · ${v.resource?.name ?? v.kind.replaceAll('_', ' ')} · ${v.staff.name}`,
        start: `${v.date}T${v.localStart}:00`,
        end: `${v.date}T${v.localEnd}:00`,
        backgroundColor: COLORS[STATUS_COLORS[v.status] ?? 'gray'],
        borderColor: COLORS[STATUS_COLORS[v.status] ?? 'gray'],
        extendedProps: { courseId: v.courseId },
      })),
    [calendar.data],
  );
  const onDates = (arg: DatesSetArg) => {
    const from = arg.startStr.slice(0, 10);
    const days = Math.max(1, Math.min(7, Math.round((arg.end.getTime() - arg.start.getTime()) / 86_400_000)));
    if (range?.from !== from || range.days !== days) setRange({ from, days });
  };
  const onClick = (arg: EventClickArg) => {
    const courseId = (arg.event.extendedProps as { courseId: string | null }).courseId;
    if (courseId) void navigate(`/courses/${courseId}`);
  };
  const options = [
    { group: 'Clinic', items: [{ value: 'all', label: 'Whole clinic' }] },
    { group: 'Chairs, devices and rooms', items: (resources.data ?? []).map((r) => ({ value: `r:${r.id}`, label: r.name })) },
    { group: 'Staff', items: (staff.data?.items ?? []).map((s) => ({ value: `s:${s.id}`, label: s.name })) },
  ];
  return (
    <Stack>
      <Title order={1} size="h2">
        Calendar
      </Title>
      <Group align="flex-end" wrap="wrap">
        <Select label="Clinic" data={mine.map((c) => ({ value: c.id, label: c.name }))} value={locationId} onChange={(v) => set('clinic', v)} w={220} />
        <Select label="Show" data={options} value={filter} onChange={(v) => set('show', v === 'all' ? null : v)} w={260} />
      </Group>
      {calendar.isError && <Alert color="red">Could not load the calendar.</Alert>}
      {calendar.data && (
        <Text size="sm" c="dimmed">
          Times are {calendar.data.clinic.timeZone} wall clock. {calendar.data.items.length} visit{calendar.data.items.length === 1 ? '' : 's'}.
        </Text>
      )}
      <Paper withBorder p="xs" aria-label="Visits calendar" component="section">
        <FullCalendar
          plugins={[timeGridPlugin]}
          initialView={params.get('view') === 'day' ? 'timeGridDay' : 'timeGridWeek'}
          {...(params.get('date') ? { initialDate: params.get('date') ?? undefined } : {})}
          timeZone="UTC"
          headerToolbar={{ left: 'prev,next today', center: 'title', right: 'timeGridDay,timeGridWeek' }}
          buttonText={{ today: 'Today', day: 'Day', week: 'Week', prev: 'Previous', next: 'Next' }}
          buttonIcons={false}
          firstDay={1}
          allDaySlot={false}
          slotMinTime="06:00:00"
          slotMaxTime="21:00:00"
          height="auto"
          nowIndicator={false}
          events={events}
          datesSet={onDates}
          eventClick={onClick}
        />
      </Paper>
    </Stack>
  );
}
