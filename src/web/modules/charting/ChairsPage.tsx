import { useEffect, useState } from 'react';
import { Alert, Badge, Card, Group, Loader, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useClinicParam } from '../scheduling/clinic-param.js';
import { activeSessions, MODALITY_LABELS, type ActiveSession } from './api.js';

/**
 * Every open chart of the clinic for the nurse watching several chairs: what is running, the next reading due with a
 * countdown, readings missed and alerts without an action note. Refreshed when the clinic's visits or alerts change.
 */
export function ChairsPage() {
  const { mine, locationId, clinic, set } = useClinicParam();
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['chairs', locationId],
    queryFn: () => activeSessions(locationId ?? ''),
    enabled: Boolean(locationId),
    refetchInterval: 15_000,
  });
  useEffect(() => {
    if (!locationId || typeof EventSource === 'undefined') return;
    const events = new EventSource(`/api/locations/${locationId}/board/stream`);
    events.addEventListener('changed', () => void qc.invalidateQueries({ queryKey: ['chairs', locationId] }));
    return () => events.close();
  }, [locationId, qc]);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const items = (list.data?.items ?? []).filter((s) => !s.discharged);
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Chairs{clinic ? ` · ${clinic.name}` : ''}
        </Title>
        <Select label="Clinic" data={mine.map((c) => ({ value: c.id, label: c.name }))} value={locationId} onChange={(v) => set('clinic', v)} w={220} />
      </Group>
      {list.isLoading && <Loader aria-label="Loading the chairs" />}
      {list.isError && <Alert color="red">Could not load the open charts.</Alert>}
      {list.data && items.length === 0 && <Text c="dimmed">No open charts. Charts open from a checked-in visit on the day board.</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {items.map((s) => (
          <ChairCard key={s.id} s={s} now={now} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function ChairCard({ s, now }: { s: ActiveSession; now: number }) {
  const due = s.nextDueAt ? new Date(s.nextDueAt).getTime() - now : null;
  const late = (due !== null && due < 0) || (s.overdueReadings ?? 0) > 0;
  const phase = s.treatmentEndedAt ? 'Observing' : s.treatmentStartedAt ? 'In treatment' : 'Before treatment';
  return (
    <Card
      withBorder
      component={Link}
      to={`/sessions/${s.id}`}
      aria-label={`${s.patient ?? 'Patient'} ${MODALITY_LABELS[s.modality ?? ''] ?? ''}`}
      bg={s.openAlerts > 0 ? 'red.0' : late ? 'orange.0' : undefined}
    >
      <Group justify="space-between" wrap="nowrap">
        <Text fw={700} size="lg">
          {s.patient}
        </Text>
        <Badge>{MODALITY_LABELS[s.modality ?? ''] ?? s.modality}</Badge>
      </Group>
      <Text>
        {phase}
        {s.sessionNumber ? ` · session ${s.sessionNumber}` : ''}
      </Text>
      {due !== null && (
        <Text fw={700} c={late ? 'red' : undefined} size="lg">
          {due >= 0 ? `Next reading in ${Math.floor(due / 60_000)}:${String(Math.floor((due % 60_000) / 1000)).padStart(2, '0')}` : 'Reading due now'}
        </Text>
      )}
      <Group gap="xs" mt="xs">
        {s.openAlerts > 0 && (
          <Badge color="red" variant="filled">
            {s.openAlerts} alert(s)
          </Badge>
        )}
        {(s.overdueReadings ?? 0) > 0 && (
          <Badge color="yellow" c="dark.9">
            {s.overdueReadings} missed
          </Badge>
        )}
        {s.riskPositive && (
          <Badge color="red" variant="outline">
            positive risk screen
          </Badge>
        )}
      </Group>
    </Card>
  );
}
