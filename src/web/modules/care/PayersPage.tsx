import { useState, type SubmitEvent } from 'react';
import { Accordion, Alert, Badge, Button, Checkbox, Group, NumberInput, Paper, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { policyTermsSchema } from '../../../contracts/coverage.js';
import { ApiError, fieldErrors } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { listPayers, money, publishPolicy, TREATMENT_LABELS, type Payer } from './api.js';
import { localToday } from '../../ui/format.js';

type Terms = z.infer<typeof policyTermsSchema>;

function describe(t: Terms): string {
  if (!t.covered) return `Not covered${t.note ? `: ${t.note}` : ''}`;
  const pay =
    t.payment.kind === 'coinsurance'
      ? `patient pays ${t.payment.patientPercent}%${t.payment.deductibleApplies ? ' after the deductible' : ''}`
      : t.payment.kind === 'copay'
        ? `copay ${money(t.payment.copayCents)}`
        : 'no payment terms';
  const c = t.criteria;
  const crit = [
    c.minFailedTrials !== undefined && `${c.minFailedTrials}+ failed trials`,
    c.minDistinctClasses !== undefined && `${c.minDistinctClasses}+ classes`,
    c.augmentationTrialRequired && 'augmentation',
    c.psychotherapyTrialRequired && 'psychotherapy trial',
    c.minPhq9 !== undefined && `PHQ-9 ≥ ${c.minPhq9}`,
    c.minAge !== undefined && `age ≥ ${c.minAge}`,
    c.diagnosisCodes?.length && `dx ${c.diagnosisCodes.join('/')}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `Covered${t.priorAuthorizationRequired ? ' with prior authorization' : ''}; ${pay}${crit ? `; criteria: ${crit}` : ''}${t.approval.sessions ? `; approval ${t.approval.sessions} sessions${t.approval.days ? ` / ${t.approval.days} days` : ''}` : ''}`;
}

/** Payer policies as data: every version, and a form that publishes the next one (administrators). */
export function PayersPage() {
  const payers = useQuery({ queryKey: ['payers'], queryFn: listPayers });
  const { session } = useSession();
  return (
    <Stack>
      <Title order={1} size="h2">
        Payers and policies
      </Title>
      <Text size="sm" c="dimmed">
        A policy version is never edited: publishing a change creates the next version, and past recommendations keep the version they used.
      </Text>
      {payers.error && <Alert color="red">{payers.error.message}</Alert>}
      <Accordion multiple>
        {(payers.data?.items ?? []).map((p) => (
          <Accordion.Item key={p.id} value={p.id}>
            <Accordion.Control>
              {p.name}{' '}
              <Badge variant="light" ml="xs">
                {p.kind.replaceAll('_', ' ')}
              </Badge>
            </Accordion.Control>
            <Accordion.Panel>
              <Table aria-label={`${p.name} policies`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Treatment</Table.Th>
                    <Table.Th>Version</Table.Th>
                    <Table.Th>Effective</Table.Th>
                    <Table.Th>Terms</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {p.policies.map((v) => (
                    <Table.Tr key={v.id}>
                      <Table.Td>{TREATMENT_LABELS[v.treatment]}</Table.Td>
                      <Table.Td>{v.version}</Table.Td>
                      <Table.Td>{v.effectiveFrom}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{describe(v.terms)}</Text>
                        {v.source && (
                          <Text size="xs" c="dimmed">
                            {v.source}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {session?.user.role === 'admin' && <PublishForm payer={p} />}
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}

function PublishForm({ payer }: { payer: Payer }) {
  const qc = useQueryClient();
  const [treatment, setTreatment] = useState<string | null>('tms');
  const latest = payer.policies.find((p) => p.treatment === treatment);
  const [t, setT] = useState<Terms | null>(null);
  const terms: Terms = t ??
    latest?.terms ?? {
      covered: true,
      priorAuthorizationRequired: true,
      criteria: {},
      payment: { kind: 'coinsurance', patientPercent: 20, deductibleApplies: true },
      approval: { sessions: null, days: null },
      documents: [],
    };
  const [effectiveFrom, setEffectiveFrom] = useState(localToday());
  const [source, setSource] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const set = (patch: Partial<Terms>) => setT({ ...terms, ...patch });
  const crit = (patch: Partial<Terms['criteria']>) => set({ criteria: { ...terms.criteria, ...patch } });
  const num = (v: string | number) => (v === '' ? undefined : Number(v));
  async function publish(e: SubmitEvent) {
    e.preventDefault();
    try {
      await publishPolicy(payer.id, { treatment, effectiveFrom, terms, source });
      setMessage({ color: 'teal', text: 'Published as a new version.' });
      setT(null);
      await qc.invalidateQueries({ queryKey: ['payers'] });
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage({ color: 'red', text: err instanceof ApiError ? err.message : 'Could not publish' });
    }
  }
  return (
    <Paper withBorder p="md" mt="sm" component="form" onSubmit={publish} aria-label={`Publish a ${payer.name} policy version`}>
      <Title order={3} size="h5">
        Publish a new version
      </Title>
      {message && (
        <Alert color={message.color} my="xs">
          {message.text}
        </Alert>
      )}
      <Group align="end">
        <Select
          label="Treatment"
          value={treatment}
          onChange={(v) => {
            setTreatment(v);
            setT(null);
          }}
          data={Object.entries(TREATMENT_LABELS).map(([value, label]) => ({ value, label }))}
          w={200}
        />
        <TextInput
          type="date"
          label="Effective from"
          value={effectiveFrom}
          onChange={(e) => setEffectiveFrom(e.currentTarget.value)}
          error={errors.effectiveFrom}
        />
        <Checkbox label="Covered" checked={terms.covered} onChange={(e) => set({ covered: e.currentTarget.checked })} />
        <Checkbox
          label="Prior authorization required"
          checked={terms.priorAuthorizationRequired}
          onChange={(e) => set({ priorAuthorizationRequired: e.currentTarget.checked })}
        />
      </Group>
      <Group align="end" mt="xs">
        <NumberInput label="Min. failed trials" value={terms.criteria.minFailedTrials ?? ''} onChange={(v) => crit({ minFailedTrials: num(v) })} w={140} />
        <NumberInput label="Min. classes" value={terms.criteria.minDistinctClasses ?? ''} onChange={(v) => crit({ minDistinctClasses: num(v) })} w={120} />
        <NumberInput
          label="Min. PHQ-9"
          value={terms.criteria.minPhq9 ?? ''}
          onChange={(v) => crit({ minPhq9: num(v) })}
          w={110}
          error={errors['terms.criteria.minPhq9']}
        />
        <NumberInput label="Min. age" value={terms.criteria.minAge ?? ''} onChange={(v) => crit({ minAge: num(v) })} w={100} />
        <Checkbox
          label="Psychotherapy trial"
          checked={terms.criteria.psychotherapyTrialRequired ?? false}
          onChange={(e) => crit({ psychotherapyTrialRequired: e.currentTarget.checked || undefined })}
        />
        <Checkbox
          label="Augmentation trial"
          checked={terms.criteria.augmentationTrialRequired ?? false}
          onChange={(e) => crit({ augmentationTrialRequired: e.currentTarget.checked || undefined })}
        />
        <TextInput
          label="Diagnosis codes (comma-separated)"
          value={(terms.criteria.diagnosisCodes ?? []).join(', ')}
          onChange={(e) =>
            crit({
              diagnosisCodes: e.currentTarget.value
                .split(',')
                .map((s) => s.trim().toUpperCase())
                .filter(Boolean),
            })
          }
          error={Object.entries(errors).find(([k]) => k.startsWith('terms.criteria.diagnosisCodes'))?.[1]}
        />
      </Group>
      <Group align="end" mt="xs">
        <Select
          label="Payment"
          value={terms.payment.kind}
          onChange={(v) =>
            set({
              payment:
                v === 'copay'
                  ? { kind: 'copay', copayCents: 0 }
                  : v === 'none'
                    ? { kind: 'none' }
                    : { kind: 'coinsurance', patientPercent: 20, deductibleApplies: true },
            })
          }
          data={[
            { value: 'coinsurance', label: 'Coinsurance' },
            { value: 'copay', label: 'Copay' },
            { value: 'none', label: 'None' },
          ]}
          w={150}
        />
        {terms.payment.kind === 'coinsurance' && (
          <>
            <NumberInput
              label="Patient share (%)"
              value={terms.payment.patientPercent}
              onChange={(v) =>
                set({
                  payment: {
                    kind: 'coinsurance',
                    patientPercent: Number(v),
                    deductibleApplies: terms.payment.kind === 'coinsurance' && terms.payment.deductibleApplies,
                  },
                })
              }
              w={140}
              error={errors['terms.payment.patientPercent']}
            />
            <Checkbox
              label="Deductible applies"
              checked={terms.payment.deductibleApplies}
              onChange={(e) =>
                set({
                  payment: {
                    kind: 'coinsurance',
                    patientPercent: terms.payment.kind === 'coinsurance' ? terms.payment.patientPercent : 20,
                    deductibleApplies: e.currentTarget.checked,
                  },
                })
              }
            />
          </>
        )}
        {terms.payment.kind === 'copay' && (
          <NumberInput
            label="Copay ($)"
            value={terms.payment.copayCents / 100}
            onChange={(v) => set({ payment: { kind: 'copay', copayCents: Math.round(Number(v) * 100) } })}
            w={120}
          />
        )}
        <NumberInput
          label="Approved sessions"
          value={terms.approval.sessions ?? ''}
          onChange={(v) => set({ approval: { ...terms.approval, sessions: v === '' ? null : Number(v) } })}
          w={150}
        />
        <NumberInput
          label="Approval days"
          value={terms.approval.days ?? ''}
          onChange={(v) => set({ approval: { ...terms.approval, days: v === '' ? null : Number(v) } })}
          w={130}
        />
      </Group>
      <Textarea
        mt="xs"
        label="Documents required (one per line)"
        value={terms.documents.join('\n')}
        onChange={(e) =>
          set({
            documents: e.currentTarget.value
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean),
          })
        }
        autosize
        minRows={2}
      />
      <TextInput mt="xs" label="Note" value={terms.note ?? ''} onChange={(e) => set({ note: e.currentTarget.value || undefined })} />
      <TextInput mt="xs" label="Source (policy number, date)" value={source} onChange={(e) => setSource(e.currentTarget.value)} />
      <Button mt="sm" type="submit">
        Publish version {(latest?.version ?? 0) + 1}
      </Button>
    </Paper>
  );
}
