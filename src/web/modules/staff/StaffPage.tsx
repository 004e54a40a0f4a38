import { useState, type SubmitEvent } from 'react';
import { Alert, Badge, Button, Checkbox, Group, Modal, MultiSelect, PasswordInput, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ROLE_LABELS, ROLES } from '../../../contracts/roles.js';
import { staffCreateSchema, staffUpdateSchema, type Staff } from '../../../contracts/users.js';
import { api, ApiError, fieldErrors } from '../../app/api.js';
import { validate } from '../../ui/forms.js';
import { formatDateTime } from '../../ui/format.js';
import { useClinics } from '../clinics/api.js';
import { defined } from '../../../domain/defined.js';

const ZONES = ['America/Los_Angeles', 'America/Denver', 'America/Chicago', 'America/New_York'];

function StaffEditor({ staff, onDone }: { staff: Staff | null; onDone: () => void }) {
  const clinics = useClinics();
  const qc = useQueryClient();
  const [f, setF] = useState({
    email: staff?.email ?? '',
    displayName: staff?.displayName ?? '',
    role: staff?.role ?? 'coordinator',
    organizationWide: staff?.organizationWide ?? false,
    locationIds: staff?.locationIds ?? [],
    timeZone: staff?.timeZone ?? 'America/Los_Angeles',
    active: staff?.active ?? true,
    password: '',
    npi: staff?.npi ?? '',
    credentials: staff?.credentials ?? '',
    taxonomy: staff?.taxonomy ?? '',
  });
  // Billing identity (claims and superbills): for the providers who render services.
  const billing = {
    npi: f.npi.trim() === '' ? null : f.npi.trim(),
    credentials: f.credentials.trim() === '' ? null : f.credentials.trim(),
    taxonomy: f.taxonomy.trim() === '' ? null : f.taxonomy.trim(),
  };
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const v = staff
      ? validate(staffUpdateSchema, {
          displayName: f.displayName,
          role: f.role,
          organizationWide: f.organizationWide,
          locationIds: f.locationIds,
          timeZone: f.timeZone,
          active: f.active,
          ...billing,
          version: staff.version,
        })
      : validate(staffCreateSchema, {
          email: f.email,
          displayName: f.displayName,
          role: f.role,
          organizationWide: f.organizationWide,
          locationIds: f.locationIds,
          timeZone: f.timeZone,
          password: f.password,
          ...billing,
        });
    if (!v.ok) {
      setErrors(v.errors);
      return;
    }
    try {
      if (staff) await api('PATCH', `/api/staff/${staff.id}`, v.data);
      else await api('POST', '/api/staff', v.data);
      await qc.invalidateQueries({ queryKey: ['staff'] });
      onDone();
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(err instanceof ApiError ? err.message : 'Saving failed');
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {message && <Alert color="red">{message}</Alert>}
        <TextInput label="Email" value={f.email} disabled={!!staff} onChange={(e) => setF({ ...f, email: e.currentTarget.value })} error={errors.email} />
        <TextInput label="Name" value={f.displayName} onChange={(e) => setF({ ...f, displayName: e.currentTarget.value })} error={errors.displayName} />
        <Select
          label="Role"
          data={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          value={f.role}
          onChange={(v) => setF({ ...f, role: v ?? 'coordinator' })}
          error={errors.role}
        />
        {f.role === 'biller' && (
          <Checkbox
            label="Sees patients of every clinic (organization-wide biller)"
            checked={f.organizationWide}
            onChange={(e) => setF({ ...f, organizationWide: e.currentTarget.checked })}
          />
        )}
        <MultiSelect
          label="Works at"
          data={(clinics.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={f.locationIds}
          onChange={(v) => setF({ ...f, locationIds: v })}
          error={errors.locationIds}
        />
        <Select label="Time zone" data={ZONES} value={f.timeZone} onChange={(v) => setF({ ...f, timeZone: v ?? defined(ZONES[0]) })} />
        {f.role === 'provider' && (
          <Group grow align="start">
            <TextInput
              label="NPI (individual)"
              inputMode="numeric"
              value={f.npi}
              onChange={(e) => setF({ ...f, npi: e.currentTarget.value })}
              error={errors.npi}
            />
            <TextInput
              label="Credentials"
              placeholder="MD, DO, PMHNP-BC"
              value={f.credentials}
              onChange={(e) => setF({ ...f, credentials: e.currentTarget.value })}
            />
            <TextInput
              label="Taxonomy"
              placeholder="2084P0800X"
              value={f.taxonomy}
              onChange={(e) => setF({ ...f, taxonomy: e.currentTarget.value })}
              error={errors.taxonomy}
            />
          </Group>
        )}
        {staff ? (
          <Switch label="Active" checked={f.active} onChange={(e) => setF({ ...f, active: e.currentTarget.checked })} />
        ) : (
          <PasswordInput
            label="Initial password (12+ characters)"
            value={f.password}
            onChange={(e) => setF({ ...f, password: e.currentTarget.value })}
            error={errors.password}
          />
        )}
        <Button type="submit" w="fit-content">
          {staff ? 'Save' : 'Create account'}
        </Button>
      </Stack>
    </form>
  );
}

export function StaffPage() {
  const staff = useQuery({ queryKey: ['staff'], queryFn: async () => (await api<{ items: Staff[] }>('GET', '/api/staff')).items });
  const clinics = useClinics();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<Staff | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const clinicName = (id: string) => clinics.data?.find((c) => c.id === id)?.code ?? '?';
  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      setNotice(done);
      await qc.invalidateQueries({ queryKey: ['staff'] });
    } catch (e) {
      setNotice((e as Error).message);
    }
  };

  if (staff.error) return <Alert color="red">{staff.error.message}</Alert>;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Staff
        </Title>
        <Button onClick={() => setEditing('new')}>New account</Button>
      </Group>
      {notice && (
        <Alert withCloseButton closeButtonLabel="Dismiss" onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      <Table striped aria-label="Staff accounts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Clinics</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Last login</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {staff.data?.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {s.displayName}
                </Text>
                <Text size="xs" c="dimmed">
                  {s.email}
                </Text>
              </Table.Td>
              <Table.Td>{ROLE_LABELS[s.role]}</Table.Td>
              <Table.Td>{s.organizationWide || s.role === 'admin' ? 'All clinics' : s.locationIds.map(clinicName).join(', ') || '—'}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {!s.active && <Badge color="gray">Inactive</Badge>}
                  {s.lockedUntil && <Badge color="red">Locked</Badge>}
                  {s.totpEnabled && (
                    <Badge color="teal" variant="light">
                      2FA
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{s.lastLoginAt ? formatDateTime(s.lastLoginAt) : 'never'}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <Button size="compact-xs" variant="default" onClick={() => setEditing(s)}>
                    Edit
                  </Button>
                  {s.lockedUntil && (
                    <Button
                      size="compact-xs"
                      variant="default"
                      onClick={() => act(() => api('POST', `/api/staff/${s.id}/unlock`), `${s.displayName} unlocked.`)}
                    >
                      Unlock
                    </Button>
                  )}
                  {s.totpEnabled && (
                    <Button
                      size="compact-xs"
                      variant="default"
                      onClick={() => act(() => api('POST', `/api/staff/${s.id}/totp/reset`), `Two-factor reset for ${s.displayName}.`)}
                    >
                      Reset 2FA
                    </Button>
                  )}
                  <Button
                    size="compact-xs"
                    variant="default"
                    onClick={() => {
                      const password = window.prompt(`New password for ${s.displayName} (12+ characters)`);
                      if (password)
                        void act(
                          () => api('POST', `/api/staff/${s.id}/password`, { password }),
                          `Password set for ${s.displayName}; their sessions were ended.`,
                        );
                    }}
                  >
                    Set password
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        closeButtonProps={{ 'aria-label': 'Close' }}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New staff account' : 'Edit staff account'}
      >
        {editing !== null && <StaffEditor staff={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
