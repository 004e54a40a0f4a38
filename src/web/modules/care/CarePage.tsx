import { useState, type SubmitEvent } from 'react';
import { Alert, Badge, Button, Group, List, Loader, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { CARE_OPTION_LABELS, CARE_OPTIONS } from '../../../domain/care-path/care-path.js';
import { ApiError, fieldErrors } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { formatDateTime, localToday } from '../../ui/format.js';
import { getPatient } from '../patients/api.js';
import {
  addBenefitsCheck,
  addCoverage,
  getCarePath,
  listCoverages,
  listPayers,
  listRecommendations,
  money,
  recordRecommendation,
  TREATMENT_LABELS,
  type CarePathView,
  type Coverage,
} from './api.js';
import { roleHas } from '../../../contracts/permissions.js';
import { AuthorizationsPanel } from './AuthorizationsPanel.js';
import { EstimatesPanel } from './EstimatesPanel.js';
import { CoursesPanel } from '../scheduling/CoursesPanel.js';
import { defined } from '../../../domain/defined.js';

// Badge colours meet WCAG AA: light fills carry dark text.
const VERDICT: Record<string, { label: string; color: string; text?: string }> = {
  recommended: { label: 'Recommended next step', color: 'teal.9' },
  eligible: { label: 'Eligible', color: 'blue.9' },
  eligible_with_conditions: { label: 'Eligible with conditions', color: 'yellow.4', text: 'dark.9' },
  not_eligible: { label: 'Not eligible', color: 'red.9' },
  missing_information: { label: 'Missing information', color: 'gray.8' },
};
const STATUS: Record<string, { label: string; color: string; text?: string }> = {
  covered: { label: 'Covered', color: 'teal.9' },
  covered_with_prior_authorization: { label: 'Covered with prior authorization', color: 'blue.9' },
  criteria_not_met: { label: 'Criteria not met', color: 'orange.4', text: 'dark.9' },
  information_missing: { label: 'Information missing', color: 'gray.8' },
  not_covered: { label: 'Not covered', color: 'red.9' },
  no_policy: { label: 'No policy on file', color: 'gray.8' },
  no_coverage: { label: 'No coverage (self-pay)', color: 'gray.8' },
};

/** Care path, coverage, prior authorization and cost for one patient. */
export function CarePage() {
  const { id } = useParams() as { id: string };
  const { session } = useSession();
  const patient = useQuery({ queryKey: ['patient', id], queryFn: () => getPatient(id) });
  const view = useQuery({ queryKey: ['care-path', id], queryFn: () => getCarePath(id) });
  if (view.isLoading || patient.isLoading) return <Loader aria-label="Loading" />;
  if (view.error || !view.data) return <Alert color="red">{view.error?.message ?? 'Not found'}</Alert>;
  const p = patient.data;
  const role = session?.user.role ?? 'nurse';
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Care path and coverage{p ? `: ${p.legalFamilyName}, ${p.legalGivenName}` : ''}
        </Title>
        <Button variant="subtle" component={Link} to={`/patients/${id}`}>
          Back to patient
        </Button>
      </Group>
      <Tabs defaultValue="care" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="care">Care path</Tabs.Tab>
          <Tabs.Tab value="coverage">Coverage</Tabs.Tab>
          {roleHas(role, 'authorization:read') && <Tabs.Tab value="authorizations">Authorizations</Tabs.Tab>}
          <Tabs.Tab value="cost">Cost estimate</Tabs.Tab>
          {roleHas(role, 'course:read') && <Tabs.Tab value="courses">Courses</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="care" pt="md">
          <CarePathPanel patientId={id} view={view.data} />
        </Tabs.Panel>
        <Tabs.Panel value="coverage" pt="md">
          <CoveragePanel patientId={id} view={view.data} />
        </Tabs.Panel>
        {roleHas(role, 'authorization:read') && (
          <Tabs.Panel value="authorizations" pt="md">
            <AuthorizationsPanel patientId={id} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="cost" pt="md">
          <EstimatesPanel patientId={id} locationIds={p?.locations.map((l) => l.id) ?? []} />
        </Tabs.Panel>
        {roleHas(role, 'course:read') && (
          <Tabs.Panel value="courses" pt="md">
            <CoursesPanel patientId={id} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}

function CarePathPanel({ patientId, view }: { patientId: string; view: CarePathView }) {
  const { session } = useSession();
  const qc = useQueryClient();
  const recs = useQuery({ queryKey: ['recommendations', patientId], queryFn: () => listRecommendations(patientId) });
  const [choice, setChoice] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  if (!view.result)
    return (
      <Alert color="gray" title="Missing information">
        {view.missing.join('; ')}. The care path is computed from the signed intake assessment.
      </Alert>
    );
  const r = view.result;
  async function record(e: SubmitEvent) {
    e.preventDefault();
    try {
      await recordRecommendation(patientId, choice ? { chosenOption: choice, reason } : {});
      setMessage({ color: 'teal', text: 'Recommendation recorded with engine version and policy versions.' });
      await qc.invalidateQueries({ queryKey: ['recommendations', patientId] });
    } catch (err) {
      setMessage({ color: 'red', text: err instanceof ApiError ? err.message : 'Could not record' });
    }
  }
  return (
    <Stack>
      {(view.courseEvidence ?? []).length > 0 && (
        <Alert color="blue" title="Courses at this practice, with their measured outcome">
          <List>
            {(view.courseEvidence ?? []).map((t) => (
              <List.Item key={t}>{t}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {r.urgent && (
        <Alert color="red" title="Urgent: same-day provider review">
          <List>
            {r.urgentReasons.map((u) => (
              <List.Item key={u.rule}>{u.text}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Text size="sm">
        Treatment-resistant depression: <strong>{r.treatmentResistant === null ? 'undetermined' : r.treatmentResistant ? 'yes' : 'no'}</strong> (
        {r.failedAdequateTrials} failed adequate trial(s) in the current episode). Engine version {r.version}.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {r.options.map((o) => (
          <Paper key={o.option} withBorder p="md" data-testid={`option-${o.option}`}>
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h4">
                {CARE_OPTION_LABELS[o.option as keyof typeof CARE_OPTION_LABELS]}
              </Title>
              <Badge color={VERDICT[o.verdict]?.color} c={VERDICT[o.verdict]?.text} variant="filled">
                {VERDICT[o.verdict]?.label ?? o.verdict}
              </Badge>
            </Group>
            <List size="sm" spacing={4}>
              {o.reasons.map((x, i) => (
                <List.Item key={i}>
                  {x.text}{' '}
                  <Text span size="xs" c="dimmed">
                    [{x.rule}; {x.source}]
                  </Text>
                </List.Item>
              ))}
            </List>
            {o.conditions.length > 0 && (
              <Text size="sm" mt="xs">
                <strong>Conditions:</strong> {o.conditions.join('; ')}
              </Text>
            )}
            {o.missing.length > 0 && (
              <Text size="sm" mt="xs" c="orange.9">
                <strong>Still missing:</strong> {o.missing.join('; ')}
              </Text>
            )}
          </Paper>
        ))}
      </SimpleGrid>
      {roleHas(session?.user.role ?? 'nurse', 'carepath:record') && (
        <Paper withBorder p="md" component="form" onSubmit={record} aria-label="Record recommendation">
          <Title order={2} size="h4" mb="xs">
            Record the recommendation
          </Title>
          {message && (
            <Alert color={message.color} mb="xs">
              {message.text}
            </Alert>
          )}
          <Group align="end">
            <Select
              label="Choose another step (optional)"
              clearable
              value={choice}
              onChange={setChoice}
              data={CARE_OPTIONS.map((o) => ({ value: o, label: CARE_OPTION_LABELS[o] }))}
              w={260}
            />
            {choice && <TextInput label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} w={360} />}
            <Button type="submit">Record</Button>
          </Group>
        </Paper>
      )}
      {(recs.data?.items.length ?? 0) > 0 && (
        <Paper withBorder p="md">
          <Title order={2} size="h4">
            Recorded recommendations
          </Title>
          <Table aria-label="Recorded recommendations">
            <Table.Tbody>
              {defined(recs.data).items.map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Td>{formatDateTime(x.createdAt, session?.user.timeZone)}</Table.Td>
                  <Table.Td>
                    {x.chosenOption
                      ? `Provider chose ${CARE_OPTION_LABELS[x.chosenOption as keyof typeof CARE_OPTION_LABELS]}`
                      : `Next step: ${x.nextStep ? CARE_OPTION_LABELS[x.nextStep as keyof typeof CARE_OPTION_LABELS] : '—'}`}
                  </Table.Td>
                  <Table.Td>engine {x.engineVersion}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}

function CoveragePanel({ patientId, view }: { patientId: string; view: CarePathView }) {
  const coverages = useQuery({ queryKey: ['coverages', patientId], queryFn: () => listCoverages(patientId) });
  const { session } = useSession();
  const canWrite = roleHas(session?.user.role ?? 'nurse', 'coverage:write');
  return (
    <Stack>
      {view.coverage.map((o) => (
        <Paper key={o.treatment} withBorder p="md" data-testid={`outlook-${o.treatment}`}>
          <Group justify="space-between">
            <Title order={2} size="h4">
              {TREATMENT_LABELS[o.treatment]}
            </Title>
            <Group gap="xs">
              <Badge color={STATUS[o.status]?.color} c={STATUS[o.status]?.text} variant="filled">
                {STATUS[o.status]?.label ?? o.status}
              </Badge>
              {o.priorAuthorizationRequired && (
                <Badge color="blue.9" variant="outline">
                  Prior authorization required
                </Badge>
              )}
            </Group>
          </Group>
          <Text size="sm" c="dimmed">
            {o.payerName ?? 'No coverage'}
            {o.policy ? ` · policy version ${o.policy.version}, effective ${o.policy.effectiveFrom}` : ''}
          </Text>
          {o.note && <Text size="sm">{o.note}</Text>}
          {o.criteria.length > 0 && (
            <Table mt="xs" aria-label={`${TREATMENT_LABELS[o.treatment]} criteria`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Criterion</Table.Th>
                  <Table.Th>Met</Table.Th>
                  <Table.Th>Evidence in the chart</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {o.criteria.map((c) => (
                  <Table.Tr key={c.criterion}>
                    <Table.Td>{c.label}</Table.Td>
                    <Table.Td>{c.met === null ? 'unknown' : c.met ? 'yes' : 'no'}</Table.Td>
                    <Table.Td>{c.evidence}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {o.documentsNeeded.length > 0 && (
            <>
              <Text size="sm" fw={600} mt="xs">
                Documents still needed
              </Text>
              <List size="sm">
                {o.documentsNeeded.map((d) => (
                  <List.Item key={d}>{d}</List.Item>
                ))}
              </List>
            </>
          )}
          {o.latestBenefitsCheck && (
            <Text size="sm" mt="xs">
              Benefits check {o.latestBenefitsCheck.checkedOn} (ref {o.latestBenefitsCheck.referenceNumber}): deductible{' '}
              {money(o.latestBenefitsCheck.deductibleMetCents ?? 0)} of {money(o.latestBenefitsCheck.deductibleCents ?? 0)} met; out-of-pocket{' '}
              {money(o.latestBenefitsCheck.outOfPocketMetCents ?? 0)} of {money(o.latestBenefitsCheck.outOfPocketMaxCents ?? 0)}; coinsurance{' '}
              {o.latestBenefitsCheck.coinsurancePercent ?? '—'}%.
            </Text>
          )}
        </Paper>
      ))}
      <Title order={2} size="h4">
        Coverages
      </Title>
      {(coverages.data?.items ?? []).map((c) => (
        <CoverageCard key={c.id} coverage={c} patientId={patientId} canWrite={canWrite} />
      ))}
      {canWrite && <AddCoverageForm patientId={patientId} />}
    </Stack>
  );
}

function CoverageCard({ coverage, patientId, canWrite }: { coverage: Coverage; patientId: string; canWrite: boolean }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [f, setF] = useState({
    treatment: null as string | null,
    checkedOn: localToday(),
    referenceNumber: '',
    deductible: '' as string | number,
    deductibleMet: '' as string | number,
    oopMax: '' as string | number,
    oopMet: '' as string | number,
    coinsurance: '' as string | number,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const cents = (v: string | number) => (v === '' ? undefined : Math.round(Number(v) * 100));
  async function save(e: SubmitEvent) {
    e.preventDefault();
    try {
      await addBenefitsCheck(coverage.id, {
        ...(f.treatment ? { treatment: f.treatment } : {}),
        checkedOn: f.checkedOn,
        referenceNumber: f.referenceNumber,
        deductibleCents: cents(f.deductible),
        deductibleMetCents: cents(f.deductibleMet),
        outOfPocketMaxCents: cents(f.oopMax),
        outOfPocketMetCents: cents(f.oopMet),
        coinsurancePercent: f.coinsurance === '' ? undefined : Number(f.coinsurance),
      });
      setOpen(false);
      await Promise.all([qc.invalidateQueries({ queryKey: ['coverages', patientId] }), qc.invalidateQueries({ queryKey: ['care-path', patientId] })]);
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }
  return (
    <Paper withBorder p="md">
      <Text fw={600}>
        {coverage.priority === 'primary' ? 'Primary' : 'Secondary'}: {coverage.payer.name}
        {coverage.plan ? ` (${coverage.plan.name})` : ''}
      </Text>
      <Text size="sm">
        Member {coverage.memberId ?? '—'} · group {coverage.groupId ?? '—'} · subscriber {coverage.subscriberName ?? coverage.subscriberRelationship} · from{' '}
        {coverage.effectiveFrom}
        {coverage.effectiveTo ? ` to ${coverage.effectiveTo}` : ''}
      </Text>
      {coverage.benefitsChecks.map((b) => (
        <Text key={b.id} size="xs" c="dimmed">
          Benefits check {b.checkedOn}, ref {b.referenceNumber}
          {b.treatment ? ` (${TREATMENT_LABELS[b.treatment]})` : ''}
        </Text>
      ))}
      {canWrite && !open && (
        <Button mt="xs" size="xs" variant="default" onClick={() => setOpen(true)}>
          Record benefits check
        </Button>
      )}
      {open && (
        <form onSubmit={save} aria-label="Benefits check">
          <Group align="end" mt="xs">
            <Select
              label="Treatment"
              clearable
              value={f.treatment}
              onChange={(v) => setF({ ...f, treatment: v })}
              data={Object.entries(TREATMENT_LABELS).map(([value, label]) => ({ value, label }))}
              w={180}
            />
            <TextInput type="date" label="Checked on" value={f.checkedOn} onChange={(e) => setF({ ...f, checkedOn: e.currentTarget.value })} />
            <TextInput
              label="Reference number"
              required
              value={f.referenceNumber}
              onChange={(e) => setF({ ...f, referenceNumber: e.currentTarget.value })}
              error={errors.referenceNumber}
            />
            <NumberInput label="Deductible ($)" value={f.deductible} onChange={(v) => setF({ ...f, deductible: v })} w={120} />
            <NumberInput label="Deductible met ($)" value={f.deductibleMet} onChange={(v) => setF({ ...f, deductibleMet: v })} w={140} />
            <NumberInput label="Out-of-pocket max ($)" value={f.oopMax} onChange={(v) => setF({ ...f, oopMax: v })} w={150} />
            <NumberInput label="Out-of-pocket met ($)" value={f.oopMet} onChange={(v) => setF({ ...f, oopMet: v })} w={150} />
            <NumberInput label="Coinsurance (%)" value={f.coinsurance} onChange={(v) => setF({ ...f, coinsurance: v })} w={130} />
            <Button type="submit">Save</Button>
          </Group>
        </form>
      )}
    </Paper>
  );
}

function AddCoverageForm({ patientId }: { patientId: string }) {
  const qc = useQueryClient();
  const payers = useQuery({ queryKey: ['payers'], queryFn: listPayers, staleTime: 60_000 });
  const [f, setF] = useState({
    payerId: null as string | null,
    planId: null as string | null,
    priority: 'primary' as string | null,
    memberId: '',
    groupId: '',
    effectiveFrom: localToday(),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const payer = payers.data?.items.find((p) => p.id === f.payerId);
  async function save(e: SubmitEvent) {
    e.preventDefault();
    try {
      await addCoverage(patientId, {
        payerId: f.payerId,
        ...(f.planId ? { planId: f.planId } : {}),
        priority: f.priority,
        memberId: f.memberId,
        groupId: f.groupId,
        effectiveFrom: f.effectiveFrom,
      });
      await Promise.all([qc.invalidateQueries({ queryKey: ['coverages', patientId] }), qc.invalidateQueries({ queryKey: ['care-path', patientId] })]);
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }
  return (
    <Paper withBorder p="md" component="form" onSubmit={save} aria-label="Add coverage">
      <Title order={3} size="h5" mb="xs">
        Add coverage
      </Title>
      <Group align="end">
        <Select
          label="Payer"
          value={f.payerId}
          onChange={(v) => setF({ ...f, payerId: v, planId: null })}
          data={(payers.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          error={errors.payerId}
          w={220}
        />
        <Select
          label="Plan"
          value={f.planId}
          onChange={(v) => setF({ ...f, planId: v })}
          data={(payer?.plans ?? []).map((p) => ({ value: p.id, label: p.name }))}
          w={180}
        />
        <Select label="Priority" value={f.priority} onChange={(v) => setF({ ...f, priority: v })} data={['primary', 'secondary']} w={130} />
        <TextInput label="Member ID" value={f.memberId} onChange={(e) => setF({ ...f, memberId: e.currentTarget.value })} />
        <TextInput label="Group ID" value={f.groupId} onChange={(e) => setF({ ...f, groupId: e.currentTarget.value })} />
        <TextInput
          type="date"
          label="Effective from"
          value={f.effectiveFrom}
          onChange={(e) => setF({ ...f, effectiveFrom: e.currentTarget.value })}
          error={errors.effectiveFrom}
        />
        <Button type="submit">Add</Button>
      </Group>
    </Paper>
  );
}
