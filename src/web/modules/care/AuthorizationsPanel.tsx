import { useState, type SubmitEvent } from 'react';
import { Alert, Anchor, Badge, Button, Group, NumberInput, Paper, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PA_STATUS_LABELS, VA_STEP_LABELS, VA_STEPS } from '../../../contracts/authorizations.js';
import { ApiError, fieldErrors } from '../../app/api.js';
import { roleHas } from '../../../contracts/permissions.js';
import { useSession } from '../../app/session.js';
import { formatDateTime, localToday } from '../../ui/format.js';
import {
  TREATMENT_LABELS,
  addVaReferral,
  amendLetter,
  changeStatus,
  listPriorAuthorizations,
  listVaReferrals,
  recordPaSession,
  recordVaSession,
  saveLetter,
  shareLetter,
  signLetter,
  startPriorAuthorization,
  type PriorAuthorization,
  type VaReferral,
  updateVaSteps,
} from './api.js';

const TREATMENTS = Object.entries(TREATMENT_LABELS).map(([value, label]) => ({ value, label }));
const today = () => localToday();

/** Prior authorizations (with the letter of medical necessity) and VA Community Care referrals for one patient. */
export function AuthorizationsPanel({ patientId }: { patientId: string }) {
  const qc = useQueryClient();
  const pas = useQuery({ queryKey: ['prior-authorizations', patientId], queryFn: () => listPriorAuthorizations(patientId) });
  const vas = useQuery({ queryKey: ['va-referrals', patientId], queryFn: () => listVaReferrals(patientId) });
  const [treatment, setTreatment] = useState<string | null>('tms');
  const [error, setError] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['prior-authorizations', patientId] });
  if (pas.error) return <Alert color="red">{pas.error.message}</Alert>;
  return (
    <Stack>
      {error && (
        <Alert color="red" withCloseButton closeButtonLabel="Dismiss" onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      <Group align="end">
        <Select label="Treatment" value={treatment} onChange={setTreatment} data={TREATMENTS} w={220} />
        <Button
          onClick={async () => {
            try {
              await startPriorAuthorization(patientId, { treatment });
              await refresh();
            } catch (e) {
              setError((e as Error).message);
            }
          }}
        >
          Start prior authorization
        </Button>
      </Group>
      {(pas.data?.items ?? []).map((pa) => (
        <PriorAuthorizationCard key={pa.id} pa={pa} onChange={refresh} />
      ))}
      <Title order={2} size="h4" mt="md">
        VA Community Care referrals
      </Title>
      {(vas.data?.items ?? []).map((v) => (
        <VaCard key={v.id} referral={v} onChange={() => qc.invalidateQueries({ queryKey: ['va-referrals', patientId] })} />
      ))}
      <VaForm patientId={patientId} />
    </Stack>
  );
}

function PriorAuthorizationCard({ pa, onChange }: { pa: PriorAuthorization; onChange: () => Promise<void> }) {
  const { session } = useSession();
  const [letter, setLetter] = useState(pa.letter?.sections ?? []);
  const [approval, setApproval] = useState({ authorizationNumber: '', approvedSessions: '' as string | number, approvedFrom: today(), approvedTo: '' });
  const [denial, setDenial] = useState('');
  const [amending, setAmending] = useState(false);
  const [amendReason, setAmendReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const run = async (f: () => Promise<unknown>) => {
    try {
      await f();
      setErrors({});
      setMessage(null);
      await onChange();
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(err instanceof ApiError ? err.message : 'Failed');
    }
  };
  const signed = pa.letterSignedAt !== null;
  const status = pa.status;
  const role = session?.user.role ?? 'coordinator';
  const writesLetter = roleHas(role, 'authorization:letter:write');
  return (
    <Paper withBorder p="md" data-testid="prior-authorization">
      <Group justify="space-between">
        <Title order={3} size="h4">
          Prior authorization: {TREATMENT_LABELS[pa.treatment]}
        </Title>
        <Badge variant="filled" color={status === 'approved' ? 'teal.9' : status === 'denied' ? 'red.9' : 'blue.9'}>
          {PA_STATUS_LABELS[status]}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        {pa.payerName ?? 'No coverage'}
        {pa.policy ? ` · policy version ${pa.policy.version}` : ''}
        {pa.authorizationNumber ? ` · authorization ${pa.authorizationNumber}` : ''}
      </Text>
      {message && (
        <Alert color="red" mt="xs">
          {message}
        </Alert>
      )}
      <Title order={4} size="h5" mt="sm">
        Letter of medical necessity {signed ? `(signed by ${pa.letterSignedBy?.name})` : '(draft)'}
      </Title>
      {pa.letter === null && pa.letterDrafted ? (
        <Text size="sm" c="dimmed">
          The letter&apos;s clinical text is visible to the provider and billing.
        </Text>
      ) : (
        <Stack gap="xs">
          {letter.map((s, i) => (
            <Textarea
              key={i}
              label={s.heading}
              autosize
              minRows={2}
              value={s.body}
              readOnly={(signed && !amending) || !writesLetter}
              onChange={(e) => setLetter(letter.map((x, j) => (j === i ? { ...x, body: e.currentTarget.value } : x)))}
            />
          ))}
        </Stack>
      )}
      {pa.letterAmendments.map((a) => (
        <Text key={a.sequence} size="xs" c="dimmed">
          Amendment {a.sequence} by {a.amendedBy.name}, {a.amendedAt.slice(0, 10)}: {a.reason}
        </Text>
      ))}
      {signed && amending && (
        <TextInput
          mt="xs"
          label="Reason for the amendment"
          required
          value={amendReason}
          onChange={(e) => setAmendReason(e.currentTarget.value)}
          error={errors.reason}
        />
      )}
      <Group mt="xs">
        {signed && roleHas(role, 'authorization:sign') && !amending && (
          <Button variant="default" onClick={() => setAmending(true)}>
            Amend letter
          </Button>
        )}
        {signed && amending && (
          <Button
            onClick={() =>
              run(async () => {
                await amendLetter(pa.id, { version: pa.version, reason: amendReason, letter: { sections: letter } });
                setAmending(false);
                setAmendReason('');
              })
            }
          >
            Save amendment
          </Button>
        )}
        {!signed && writesLetter && (
          <Button variant="default" onClick={() => run(() => saveLetter(pa.id, { version: pa.version, letter: { sections: letter } }))}>
            Save letter
          </Button>
        )}
        {!signed && roleHas(role, 'authorization:sign') && (
          <Button
            onClick={() =>
              run(async () => {
                const saved = await saveLetter(pa.id, { version: pa.version, letter: { sections: letter } });
                await signLetter(pa.id, saved.version);
              })
            }
          >
            Sign letter
          </Button>
        )}
        {roleHas(role, 'authorization:letter:read') && (
          <Anchor href={`/api/prior-authorizations/${pa.id}/letter.pdf`} target="_blank">
            Letter PDF
          </Anchor>
        )}
        {signed && writesLetter && !pa.letterSharedAt && (
          <Button variant="light" onClick={() => run(() => shareLetter(pa.id))}>
            Share with the patient (portal)
          </Button>
        )}
        {pa.letterSharedAt && <Text size="sm">Shared with the patient in the portal.</Text>}
      </Group>
      <Group mt="sm" align="end">
        {(status === 'draft' || status === 'more_info_requested' || status === 'denied') && (
          <Button variant="default" onClick={() => run(() => changeStatus(pa.id, { version: pa.version, status: 'submitted' }))}>
            Mark submitted
          </Button>
        )}
        {status === 'submitted' && (
          <Button variant="default" onClick={() => run(() => changeStatus(pa.id, { version: pa.version, status: 'more_info_requested' }))}>
            More information requested
          </Button>
        )}
      </Group>
      {(status === 'submitted' || status === 'more_info_requested') && (
        <Group mt="sm" align="end">
          <TextInput
            label="Authorization number"
            value={approval.authorizationNumber}
            onChange={(e) => setApproval({ ...approval, authorizationNumber: e.currentTarget.value })}
            error={errors.authorizationNumber}
          />
          <NumberInput
            label="Approved sessions"
            value={approval.approvedSessions}
            onChange={(v) => setApproval({ ...approval, approvedSessions: v })}
            error={errors.approvedSessions}
            w={150}
          />
          <TextInput
            type="date"
            label="From"
            value={approval.approvedFrom}
            onChange={(e) => setApproval({ ...approval, approvedFrom: e.currentTarget.value })}
            error={errors.approvedFrom}
          />
          <TextInput
            type="date"
            label="To"
            value={approval.approvedTo}
            onChange={(e) => setApproval({ ...approval, approvedTo: e.currentTarget.value })}
            error={errors.approvedTo}
          />
          <Button
            onClick={() =>
              run(() =>
                changeStatus(pa.id, {
                  version: pa.version,
                  status: 'approved',
                  authorizationNumber: approval.authorizationNumber,
                  approvedSessions: approval.approvedSessions === '' ? undefined : Number(approval.approvedSessions),
                  approvedFrom: approval.approvedFrom || undefined,
                  approvedTo: approval.approvedTo || undefined,
                }),
              )
            }
          >
            Record approval
          </Button>
          <TextInput label="Denial reason" value={denial} onChange={(e) => setDenial(e.currentTarget.value)} error={errors.denialReason} />
          <Button
            color="red.9"
            variant="outline"
            onClick={() => run(() => changeStatus(pa.id, { version: pa.version, status: 'denied', denialReason: denial }))}
          >
            Record denial
          </Button>
        </Group>
      )}
      {pa.usage && (
        <Stack gap={4} mt="sm">
          <Text size="sm">
            Sessions used {pa.usage.usedSessions} of {pa.approvedSessions} · {pa.approvedFrom} to {pa.approvedTo} ({pa.usage.daysLeft} days left)
          </Text>
          {pa.usage.warnings.map((w) => (
            <Text key={w} size="sm" c="orange.9" fw={600}>
              {w}
            </Text>
          ))}
          <Button w="fit-content" size="xs" variant="default" onClick={() => run(() => recordPaSession(pa.id, { sessionDate: today() }))}>
            Count a session today
          </Button>
        </Stack>
      )}
      <Table mt="sm" aria-label="History">
        <Table.Tbody>
          {pa.events.map((e, i) => (
            <Table.Tr key={i}>
              <Table.Td>{formatDateTime(e.at, session?.user.timeZone)}</Table.Td>
              <Table.Td>{(PA_STATUS_LABELS as Partial<Record<string, string>>)[e.toStatus] ?? e.toStatus}</Table.Td>
              <Table.Td>{e.by.name}</Table.Td>
              <Table.Td>{e.note}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function VaCard({ referral, onChange }: { referral: VaReferral; onChange: () => Promise<void> }) {
  const [steps, setSteps] = useState(referral.steps);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <Paper withBorder p="md">
      <Text fw={600}>
        Referral {referral.referralNumber}: {referral.seoc}
      </Text>
      <Text size="sm">
        {TREATMENT_LABELS[referral.treatment]} · {referral.authorizedVisits ?? 'unlimited'} visits · {referral.validFrom} to {referral.validTo}
        {referral.thirdPartyAdministrator ? ` · claims to ${referral.thirdPartyAdministrator}` : ''}
      </Text>
      <Text size="sm">
        Visits used {referral.usage.usedSessions}
        {referral.usage.remainingSessions !== null ? `, ${referral.usage.remainingSessions} left` : ''}
      </Text>
      {referral.usage.warnings.map((w) => (
        <Text key={w} size="sm" c="orange.9" fw={600}>
          {w}
        </Text>
      ))}
      {message && <Alert color="red">{message}</Alert>}
      <Group align="end" mt="xs">
        {VA_STEPS.map((s) => (
          <TextInput
            key={s}
            type="date"
            label={VA_STEP_LABELS[s]}
            value={steps[s] ?? ''}
            onChange={(e) => setSteps({ ...steps, [s]: e.currentTarget.value || null })}
            w={200}
          />
        ))}
        <Button
          variant="default"
          onClick={async () => {
            try {
              await updateVaSteps(referral.id, { version: referral.version, steps });
              await onChange();
            } catch (e) {
              setMessage((e as Error).message);
            }
          }}
        >
          Save steps
        </Button>
        <Button
          variant="default"
          onClick={async () => {
            try {
              await recordVaSession(referral.id, { sessionDate: today() });
              await onChange();
            } catch (e) {
              setMessage((e as Error).message);
            }
          }}
        >
          Count a visit today
        </Button>
      </Group>
    </Paper>
  );
}

function VaForm({ patientId }: { patientId: string }) {
  const qc = useQueryClient();
  const [f, setF] = useState({
    referralNumber: '',
    seoc: '',
    treatment: 'tms' as string | null,
    authorizedVisits: '' as string | number,
    validFrom: today(),
    validTo: '',
    tpa: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function save(e: SubmitEvent) {
    e.preventDefault();
    try {
      await addVaReferral(patientId, {
        referralNumber: f.referralNumber,
        seoc: f.seoc,
        treatment: f.treatment,
        ...(f.authorizedVisits === '' ? {} : { authorizedVisits: Number(f.authorizedVisits) }),
        validFrom: f.validFrom,
        validTo: f.validTo,
        thirdPartyAdministrator: f.tpa,
      });
      await qc.invalidateQueries({ queryKey: ['va-referrals', patientId] });
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }
  return (
    <Paper withBorder p="md" component="form" onSubmit={save} aria-label="Add VA referral">
      <Group align="end">
        <TextInput
          label="Referral number"
          value={f.referralNumber}
          onChange={(e) => setF({ ...f, referralNumber: e.currentTarget.value })}
          error={errors.referralNumber}
        />
        <TextInput label="SEOC" value={f.seoc} onChange={(e) => setF({ ...f, seoc: e.currentTarget.value })} error={errors.seoc} />
        <Select label="Treatment" value={f.treatment} onChange={(v) => setF({ ...f, treatment: v })} data={TREATMENTS} w={180} />
        <NumberInput label="Authorized visits" value={f.authorizedVisits} onChange={(v) => setF({ ...f, authorizedVisits: v })} w={140} />
        <TextInput
          type="date"
          label="Valid from"
          value={f.validFrom}
          onChange={(e) => setF({ ...f, validFrom: e.currentTarget.value })}
          error={errors.validFrom}
        />
        <TextInput type="date" label="Valid to" value={f.validTo} onChange={(e) => setF({ ...f, validTo: e.currentTarget.value })} error={errors.validTo} />
        <TextInput label="Third-party administrator" value={f.tpa} onChange={(e) => setF({ ...f, tpa: e.currentTarget.value })} />
        <Button type="submit">Add referral</Button>
      </Group>
    </Paper>
  );
}
