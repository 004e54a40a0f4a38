import { useState, type SubmitEvent } from 'react';
import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { changePasswordSchema } from '../../../contracts/auth.js';
import { ROLE_LABELS } from '../../../contracts/roles.js';
import { api, fieldErrors } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { validate } from '../../ui/forms.js';
import { MfaEnrollPage } from './MfaEnrollPage.js';

export function AccountPage() {
  const { session } = useSession();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  if (!session) return null;

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setSaved(false);
    const v = validate(changePasswordSchema, { currentPassword, newPassword });
    if (!v.ok) {
      setErrors(v.errors);
      return;
    }
    try {
      await api('POST', '/api/auth/password', v.data);
      setErrors({});
      setSaved(true);
      setCurrent('');
      setNew('');
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }

  return (
    <Stack maw={520}>
      <Title order={1} size="h2">
        My account
      </Title>
      <Text>
        {session.user.displayName} · {session.user.email} · {ROLE_LABELS[session.user.role]}
      </Text>
      <Paper withBorder p="md">
        <form onSubmit={submit}>
          <Stack>
            <Title order={2} size="h4">
              Change password
            </Title>
            {saved && <Alert color="teal">Password changed. Your other sessions were ended.</Alert>}
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              value={currentPassword}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              error={errors.currentPassword}
            />
            <PasswordInput
              label="New password (12+ characters)"
              autoComplete="new-password"
              value={newPassword}
              onChange={(e) => setNew(e.currentTarget.value)}
              error={errors.newPassword}
            />
            <Button type="submit" w="fit-content">
              Change password
            </Button>
          </Stack>
        </form>
      </Paper>
      <Paper withBorder p="md">
        <MfaEnrollPage embedded />
      </Paper>
      <CalendarFeed />
    </Stack>
  );
}

/**
 * My schedule as a calendar feed (.ics) for a phone or desktop calendar: a secret URL, shown once, that can be
 * revoked. Visits show the kind, the patient's initials, the clinic and the resource; nothing clinical.
 */
function CalendarFeed() {
  const [url, setUrl] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  async function create() {
    setMessage(null);
    const res = await api<{ url: string }>('POST', '/api/me/calendar-feed', undefined);
    setUrl(res.url);
  }
  async function revoke() {
    const res = await api<{ revoked: number }>('DELETE', '/api/me/calendar-feed');
    setUrl(null);
    setMessage(res.revoked ? 'The feed URL no longer works.' : 'There was no feed to revoke.');
  }
  return (
    <Paper withBorder p="md" component="section" aria-label="Calendar feed">
      <Stack gap="xs">
        <Title order={2} size="h4">
          My calendar feed
        </Title>
        <Text size="sm">
          Subscribe to your visits from a calendar app. Anyone with the URL can read your schedule (visit kind, patient initials, clinic), so keep it private;
          making a new one revokes the old.
        </Text>
        {url && <TextInput label="Feed URL (shown once)" value={url} readOnly onFocus={(e) => e.currentTarget.select()} />}
        {message && (
          <Text size="sm" role="status">
            {message}
          </Text>
        )}
        <Group>
          <Button variant="default" onClick={() => void create()}>
            {url ? 'Make a new URL' : 'Create feed URL'}
          </Button>
          <Button variant="subtle" color="red" onClick={() => void revoke()}>
            Revoke
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
