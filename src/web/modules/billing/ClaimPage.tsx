import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, List, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { roleHas } from '../../../contracts/permissions.js';
import { useSession } from '../../app/session.js';
import { ApiError } from '../../app/api.js';
import { formatDate, formatDateTime } from '../../ui/format.js';
import { claim, correctClaim, markReady } from './api.js';
import { formatCents } from '../../../domain/coverage/estimate.js';
import { STATUS_COLOR } from './ClaimsPage.js';

/** One claim: its lines as sent, what the scrubber finds, its history, what the payer paid and denied. */
export function ClaimPage() {
  const { id = '' } = useParams();
  const { session } = useSession();
  const canWrite = roleHas(session?.user.role ?? 'manager', 'claim:write');
  const qc = useQueryClient();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['claim', id], queryFn: () => claim(id) });
  const [message, setMessage] = useState<{ color: string; text: string; items?: string[] } | null>(null);
  const [note, setNote] = useState('');
  if (q.isLoading) return <Loader aria-label="Loading claim" />;
  if (q.isError || !q.data) return <Alert color="red">{(q.error as Error | null)?.message ?? 'Not found.'}</Alert>;
  const c = q.data;
  async function run(action: () => Promise<unknown>) {
    setMessage(null);
    try {
      await action();
      await qc.invalidateQueries({ queryKey: ['claim', id] });
    } catch (err) {
      setMessage({
        color: 'red',
        text: err instanceof Error ? err.message : 'Not done.',
        items: err instanceof ApiError ? err.fields.map((f) => f.message) : [],
      });
    }
  }
  const corrected = async (kind: 'replace' | 'void') => {
    const n = await correctClaim(c.id, kind, c.version, note);
    void navigate(`/billing/claims/${n.id}`);
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Claim {c.patientControlNumber}{' '}
          <Badge color={STATUS_COLOR[c.status] ?? 'gray'} variant="light" size="lg">
            {c.status.replace('_', ' ')}
          </Badge>
        </Title>
        <Link to="/billing/claims">All claims</Link>
      </Group>
      <Text>
        <Link to={`/patients/${c.patientId}`}>{c.patientName}</Link> · {c.payerName} · member {c.memberId ?? '—'} · {c.frequencyName}
        {c.originalPatientControlNumber && ` of ${c.originalPatientControlNumber} (payer claim ${c.originalPayerClaimNumber ?? '—'})`}
      </Text>
      <Text size="sm">
        Diagnoses {c.diagnoses.join(', ')} ·{' '}
        {c.priorAuthorizationNumber ? `authorization ${c.priorAuthorizationNumber}` : c.referralNumber ? `VA referral ${c.referralNumber}` : 'no authorization'}{' '}
        · rendering {c.renderingProvider ? `${c.renderingProvider.name} (NPI ${c.renderingProvider.npi ?? 'missing'})` : '—'}
        {c.payerClaimNumber && ` · payer claim ${c.payerClaimNumber}`}
      </Text>
      {message && (
        <Alert color={message.color} role="alert" title={message.text}>
          {message.items && message.items.length > 0 && (
            <List size="sm">
              {message.items.map((m) => (
                <List.Item key={m}>{m}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {['draft', 'ready', 'rejected'].includes(c.status) && (
        <Card withBorder aria-label="Scrubber">
          <Text fw={700}>{c.scrub.clean ? 'The scrubber finds nothing a payer would deny.' : 'The scrubber finds what a payer would deny:'}</Text>
          <List size="sm">
            {c.scrub.findings.map((f) => (
              <List.Item key={`${f.rule}-${f.line ?? 0}`} c={f.severity === 'error' ? 'red.8' : 'orange.8'}>
                {f.message}
                {f.denial && ` (${f.denial})`}
              </List.Item>
            ))}
          </List>
          {canWrite && c.status !== 'ready' && (
            <Button mt="sm" w="fit-content" onClick={() => void run(() => markReady(c.id, c.version))}>
              Mark ready to send
            </Button>
          )}
        </Card>
      )}
      <Table.ScrollContainer minWidth={700}>
        <Table aria-label="Service lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>Date</Table.Th>
              <Table.Th>Code</Table.Th>
              <Table.Th>Units</Table.Th>
              <Table.Th>Pointers</Table.Th>
              <Table.Th>Charge</Table.Th>
              <Table.Th>Paid</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.lines.map((l) => (
              <Table.Tr key={l.lineNumber}>
                <Table.Td>{l.lineNumber}</Table.Td>
                <Table.Td>{formatDate(l.dateOfService)}</Table.Td>
                <Table.Td>
                  {l.code}
                  {l.modifiers.length > 0 && `-${l.modifiers.join('-')}`}
                  {l.drug && (
                    <Text size="xs">
                      NDC {l.drug.ndc ?? 'missing'} · {l.drug.quantity} {l.drug.unit}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{l.units}</Table.Td>
                <Table.Td>{l.pointers.join(', ')}</Table.Td>
                <Table.Td>{formatCents(l.chargeCents)}</Table.Td>
                <Table.Td>{formatCents(l.paidCents)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text>
        Total {formatCents(c.totalCents)} · paid {formatCents(c.paidCents)} · patient {formatCents(c.patientResponsibilityCents)} · adjusted{' '}
        {formatCents(c.adjustedCents)}
      </Text>
      {c.denials.length > 0 && (
        <Text>
          Denials:{' '}
          {c.denials
            .map(
              (d) => `${d.groupCode}-${d.reasonCode} ${formatCents(d.amountCents)} (${d.status}${d.deadline ? `, appeal by ${formatDate(d.deadline)}` : ''})`,
            )
            .join('; ')}{' '}
          · <Link to="/billing/denials">Denials worklist</Link>
        </Text>
      )}
      {canWrite && ['accepted', 'paid', 'partially_paid', 'denied', 'appealed', 'submitted'].includes(c.status) && (
        <Card withBorder>
          <Text fw={700}>Correct this claim</Text>
          <Text size="sm">A replacement (frequency 7) or void (frequency 8) carries the payer’s claim number of this one.</Text>
          <Group align="end" mt="xs">
            <TextInput label="Reason" value={note} onChange={(e) => setNote(e.currentTarget.value)} w={320} />
            <Button disabled={note.trim() === ''} onClick={() => void run(() => corrected('replace'))}>
              Replace
            </Button>
            <Button color="red" variant="light" disabled={note.trim() === ''} onClick={() => void run(() => corrected('void'))}>
              Void
            </Button>
          </Group>
        </Card>
      )}
      <Title order={2} size="h4">
        History
      </Title>
      <List size="sm">
        {c.events.map((e, i) => (
          <List.Item key={i}>
            {formatDateTime(e.at)} · {e.fromStatus ? `${e.fromStatus} → ` : ''}
            {e.toStatus}
            {e.note ? `: ${e.note}` : ''} {e.byName ? `(${e.byName})` : ''}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
