import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Code, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, fieldErrors } from '../../app/api.js';
import { useSession } from '../../app/session.js';

/** Two-factor enrolment: shown instead of the app to an admin who has not set up an authenticator yet. */
export function MfaEnrollPage({ embedded = false }: { embedded?: boolean }) {
  const { refresh, logout, session } = useSession();
  const [setup, setSetup] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function start() {
    setError(null);
    try {
      setSetup(await api('POST', '/api/auth/totp/setup'));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not start');
    }
  }
  async function confirm(e: FormEvent) {
    e.preventDefault();
    try {
      await api('POST', '/api/auth/totp/enable', { code });
      setDone(true);
      await refresh();
    } catch (err) {
      setError(fieldErrors(err).code ?? (err instanceof Error ? err.message : 'Could not confirm'));
    }
  }

  const body = (
    <Stack>
      <Title order={embedded ? 3 : 1} size="h3">Two-factor authentication</Title>
      {!embedded && <Text size="sm">Administrators must use an authenticator app (TOTP). Set it up to continue.</Text>}
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {done && <Alert color="teal">Two-factor authentication is on.</Alert>}
      {!setup && !done && (session?.user.totpEnabled ? <Text size="sm">Two-factor authentication is on for your account.</Text> : <Button onClick={start}>Set up an authenticator app</Button>)}
      {setup && !done && (
        <form onSubmit={confirm}>
          <Stack>
            <Text size="sm">Add this key to your authenticator app (Google Authenticator, 1Password, Aegis...), or open the link on your phone:</Text>
            <Code block data-testid="totp-secret">{setup.secret}</Code>
            <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>{setup.otpauthUrl}</Text>
            <TextInput label="Current 6-digit code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.currentTarget.value.trim())} required />
            <Button type="submit">Turn on</Button>
          </Stack>
        </form>
      )}
      {!embedded && <Button variant="subtle" onClick={() => void logout()}>Log out</Button>}
    </Stack>
  );
  if (embedded) return body;
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder p="xl" w={460} component="main">{body}</Paper>
    </Center>
  );
}
