import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { roleHas } from '../../../contracts/permissions.js';
import { useSession } from '../../app/session.js';
import { formatDateTime } from '../../ui/format.js';
import { acknowledge, riskAlerts, type RiskAlert } from './api.js';

/**
 * Positive suicide-risk answers from questionnaires (PHQ-9 item 9 above 0; domain §6.1: immediate follow-up),
 * oldest first, each open until a clinician says what was done. Refreshed every 30 seconds.
 */
export function RiskAlertsPage() {
  const { session } = useSession();
  const canAck = roleHas(session?.user.role ?? 'biller', 'risk_alert:acknowledge');
  const alerts = useQuery({ queryKey: ['risk-alerts'], queryFn: riskAlerts, refetchInterval: 30_000 });
  const open = alerts.data?.items.filter((a) => !a.acknowledgedAt) ?? [];
  const done = alerts.data?.items.filter((a) => a.acknowledgedAt) ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        Risk alerts {open.length > 0 && <Badge color="red">{open.length} open</Badge>}
      </Title>
      {alerts.isLoading && <Loader aria-label="Loading risk alerts" />}
      {alerts.isError && <Alert color="red">{(alerts.error as Error).message}</Alert>}
      {alerts.data && open.length === 0 && <Text c="dimmed">No open alerts.</Text>}
      {open.map((a) => (
        <AlertCard key={a.id} alert={a} canAck={canAck} />
      ))}
      {done.length > 0 && (
        <>
          <Title order={2} size="h4">
            Acknowledged in the last day
          </Title>
          {done.map((a) => (
            <AlertCard key={a.id} alert={a} canAck={false} />
          ))}
        </>
      )}
    </Stack>
  );
}

function AlertCard({ alert: a, canAck }: { alert: RiskAlert; canAck: boolean }) {
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function ack() {
    setError(null);
    try {
      await acknowledge(a.id, note);
      await qc.invalidateQueries({ queryKey: ['risk-alerts'] });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Not saved.');
    }
  }
  return (
    <Card
      withBorder
      component="article"
      aria-label={`Alert for ${a.patientName}`}
      style={a.acknowledgedAt ? undefined : { borderColor: '#b91c1c', borderWidth: 2 }}
    >
      <Group justify="space-between" wrap="wrap">
        <Text fw={700}>
          <Link to={`/patients/${a.patientId}`}>{a.patientName}</Link> · MRN {a.mrn}
        </Text>
        <Text size="sm">Raised {formatDateTime(a.raisedAt)}</Text>
      </Group>
      <Text>
        {a.instrument}: {a.reason}
      </Text>
      {a.acknowledgedAt ? (
        <Text size="sm" c="dimmed">
          Acknowledged by {a.acknowledgedBy} at {formatDateTime(a.acknowledgedAt)}
          {a.note ? `: ${a.note}` : ''}
        </Text>
      ) : canAck ? (
        <Group align="end" mt="xs">
          <TextInput
            label="What was done"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            w={360}
            placeholder="Called the patient; safety plan reviewed"
          />
          <Button color="red" onClick={() => void ack()} disabled={note.trim().length < 3}>
            Acknowledge
          </Button>
        </Group>
      ) : null}
      {error && <Alert color="red">{error}</Alert>}
    </Card>
  );
}
