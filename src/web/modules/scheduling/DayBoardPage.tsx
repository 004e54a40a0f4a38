import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Loader, Select, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { BoardView } from '../../../contracts/appointments.js';
import { roleHas } from '../../../contracts/permissions.js';
import { clinicToday } from '../../../domain/time/clinic-today.js';
import { useSession } from '../../app/session.js';
import { useClinicParam } from './clinic-param.js';
import { dayBoard, MOVE_LABELS, moveVisit, STATUS_COLORS } from './api.js';
import { activeSessions, openChart, type ActiveSession } from '../charting/api.js';

type BoardVisit = BoardView['unassigned'][number];
const REFRESH_MS = 60_000;
const KIND_LABELS: Record<string, string> = {
  tms_mapping: 'TMS mapping',
  tms_session: 'TMS',
  spravato_session: 'Spravato',
  iv_ketamine_infusion: 'IV ketamine',
  ketamine_response_evaluation: 'Evaluation',
  im_ketamine_session: 'IM ketamine',
  kap_session: 'KAP',
  integration_therapy: 'Integration',
  intake_consultation: 'Consultation',
};

/**
 * The clinic's day: every chair, device and room with who is in it and their status, refreshed as visits change.
 * "Wall screen" hides the buttons and enlarges the text for a screen on the treatment floor.
 */
export function DayBoardPage() {
  const { mine, locationId, clinic, params, set } = useClinicParam();
  const date = params.get('date') ?? (clinic ? clinicToday(clinic.timeZone) : '');
  const wall = params.get('wall') === '1';
  const board = useQuery({
    queryKey: ['board', locationId, date],
    queryFn: () => dayBoard(locationId ?? '', date || undefined),
    enabled: Boolean(locationId),
    refetchInterval: REFRESH_MS,
  });
  // Open charts: alerts and positive risk screens show on the board (issue 10).
  const charts = useQuery({
    queryKey: ['chairs', locationId],
    queryFn: () => activeSessions(locationId ?? ''),
    enabled: Boolean(locationId),
    refetchInterval: REFRESH_MS,
  });
  const chartOf = new Map((charts.data?.items ?? []).map((c) => [c.appointmentId, c]));
  // Live: the server says when the clinic's visits change, and the board refetches at once; the interval stays as a
  // fallback (a proxy that drops event streams, a sleeping laptop).
  const qc = useQueryClient();
  useEffect(() => {
    if (!locationId || typeof EventSource === 'undefined') return;
    const events = new EventSource(`/api/locations/${locationId}/board/stream`);
    events.addEventListener('changed', () => {
      void qc.invalidateQueries({ queryKey: ['board', locationId] });
      void qc.invalidateQueries({ queryKey: ['chairs', locationId] });
    });
    return () => events.close();
  }, [locationId, qc]);

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size={wall ? 'h1' : 'h2'}>
          Day board{clinic ? ` · ${clinic.name}` : ''}
        </Title>
        <Group wrap="wrap" align="flex-end">
          <Select label="Clinic" data={mine.map((c) => ({ value: c.id, label: c.name }))} value={locationId} onChange={(v) => set('clinic', v)} w={200} />
          <TextInput label="Date" type="date" value={date} onChange={(e) => set('date', e.currentTarget.value)} w={170} />
          <Switch label="Wall screen" checked={wall} onChange={(e) => set('wall', e.currentTarget.checked ? '1' : null)} />
        </Group>
      </Group>
      {board.isLoading && <Loader aria-label="Loading the day board" />}
      {board.isError && <Alert color="red">Could not load the day board.</Alert>}
      {board.data && (
        <>
          <Group gap="md">
            <Text size="sm" c="dimmed" aria-live="polite">
              Updated{' '}
              {new Date(board.data.generatedAt).toLocaleTimeString('en-US', { timeZone: board.data.clinic.timeZone, hour: 'numeric', minute: '2-digit' })} (
              {board.data.clinic.timeZone})
            </Text>
            {board.data.unconfirmed > 0 && (
              <Badge color="orange" variant="filled" size="lg">
                {board.data.unconfirmed} unconfirmed
              </Badge>
            )}
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: wall ? 4 : 3 }}>
            {board.data.resources.map((r) => (
              <Card key={r.id} withBorder component="section" aria-label={r.name}>
                <Title order={2} size={wall ? 'h2' : 'h4'} mb="xs">
                  {r.name}
                </Title>
                <Stack gap="xs">
                  {r.visits.length === 0 && (
                    <Text size="sm" c="dimmed">
                      Free all day
                    </Text>
                  )}
                  {r.visits.map((v) => (
                    <VisitCard key={v.id} v={v} wall={wall} boardKey={['board', locationId, date]} chart={chartOf.get(v.id)} />
                  ))}
                </Stack>
              </Card>
            ))}
            {board.data.unassigned.length > 0 && (
              <Card withBorder component="section" aria-label="Other visits">
                <Title order={2} size={wall ? 'h2' : 'h4'} mb="xs">
                  Consultations and other visits
                </Title>
                <Stack gap="xs">
                  {board.data.unassigned.map((v) => (
                    <VisitCard key={v.id} v={v} wall={wall} boardKey={['board', locationId, date]} chart={chartOf.get(v.id)} />
                  ))}
                </Stack>
              </Card>
            )}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

/** Visit kinds charted at the chair: their treatment moves happen in the chart, not on the board. */
const CHARTED = new Set([
  'tms_mapping',
  'tms_session',
  'spravato_session',
  'iv_ketamine_infusion',
  'im_ketamine_session',
  'kap_session',
  'integration_therapy',
  'ketamine_response_evaluation',
]);
const ON_THE_FLOOR = new Set(['checked_in', 'in_treatment', 'observing', 'ready_for_discharge']);

function VisitCard({ v, wall, boardKey, chart }: { v: BoardVisit; wall: boolean; boardKey: unknown[]; chart: ActiveSession | undefined }) {
  const { session } = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const role = session?.user.role ?? 'biller';
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const charted = CHARTED.has(v.kind);
  const allowed = v.nextMoves.filter((m) =>
    m === 'checked_in' || m === 'no_show' ? roleHas(role, 'appointment:checkin') : m !== 'cancelled' && !charted && roleHas(role, 'appointment:treat'),
  );
  const canChart = charted && ON_THE_FLOOR.has(v.status) && roleHas(role, 'session:chart');
  async function toChart() {
    try {
      const c = chart ?? (await openChart(v.id));
      void navigate(`/sessions/${c.id}`);
    } catch (err) {
      setMessage({ color: 'red', text: err instanceof Error ? err.message : 'Could not open the chart.' });
    }
  }
  async function move(status: string) {
    setMessage(null);
    try {
      const res = await moveVisit(v.id, { status, version: v.version });
      if (res.guidance) setMessage({ color: 'orange', text: `${res.guidance.text} (${res.guidance.source})` });
      await qc.invalidateQueries({ queryKey: boardKey });
    } catch (err) {
      setMessage({ color: 'red', text: err instanceof Error ? err.message : 'Not changed.' });
    }
  }
  const unconfirmed = v.status === 'booked' && v.confirmation !== 'confirmed';
  return (
    <Card withBorder padding="xs" bg={unconfirmed ? 'orange.0' : undefined} aria-label={`${v.localStart} ${v.patient.label}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text fw={700} size={wall ? 'xl' : 'md'}>
            {v.localStart}–{v.localEnd} · {v.patient.label}
          </Text>
          <Text size={wall ? 'md' : 'sm'}>
            {KIND_LABELS[v.kind] ?? v.kind} · {v.staff.name}
          </Text>
        </div>
        <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
          <Badge color={STATUS_COLORS[v.status]} size={wall ? 'xl' : 'md'} variant="filled">
            {v.boardStatus}
          </Badge>
          {chart && chart.openAlerts > 0 && (
            <Badge color="red" variant="filled" size={wall ? 'lg' : 'md'}>
              {chart.openAlerts} alert{chart.openAlerts > 1 ? 's' : ''}
            </Badge>
          )}
          {chart?.riskPositive && (
            <Badge color="red" variant="outline" size={wall ? 'lg' : 'md'}>
              risk screen positive
            </Badge>
          )}
          {unconfirmed && (
            <Badge color="orange" variant="outline" size="sm">
              {v.confirmation === 'reschedule_requested' ? 'asks to reschedule' : 'unconfirmed'}
            </Badge>
          )}
        </Stack>
      </Group>
      {!wall && (allowed.length > 0 || canChart) && (
        <Group gap={4} mt={6}>
          {canChart && (
            <Button size="compact-sm" onClick={() => void toChart()}>
              {chart ? 'Chart' : 'Open chart'}
            </Button>
          )}
          {allowed.map((m) => (
            <Button
              key={m}
              size="compact-sm"
              variant={m === 'no_show' ? 'subtle' : 'light'}
              color={m === 'no_show' ? 'red' : undefined}
              onClick={() => void move(m)}
            >
              {MOVE_LABELS[m] ?? m}
            </Button>
          ))}
        </Group>
      )}
      {message && (
        <Text size="xs" c={message.color === 'red' ? 'red.9' : '#9a3412'} role="status" mt={4}>
          {message.text}
        </Text>
      )}
    </Card>
  );
}
