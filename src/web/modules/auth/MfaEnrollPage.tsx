import { useState, type SubmitEvent } from 'react';
import { Alert, Button, Center, Code, Image, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, fieldErrors } from '../../app/api.js';
import { useSession } from '../../app/session.js';

/** Two-factor enrolment: shown instead of the app to an admin who has not set up an authenticator yet. */
export function MfaEnrollPage({ embedded = false }: { embedded?: boolean }) {
  const { refresh, logout, session } = useSession();
  const [setup, setSetup] = useState<{ secret: string; otpauthUrl: string; qrCodeDataUrl: string } | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
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
  async function confirm(e: SubmitEvent) {
    e.preventDefault();
    try {
      const enabled = await api<{ recoveryCodes: string[] }>('POST', '/api/auth/totp/enable', { code });
      setError(null);
      setDone(true);
      // The recovery codes are shown once: the app opens only after they are saved.
      setRecoveryCodes(enabled.recoveryCodes);
    } catch (err) {
      setError(fieldErrors(err).code ?? (err instanceof Error ? err.message : 'Could not confirm'));
    }
  }

  const body = (
    <Stack>
      <Title order={embedded ? 3 : 1} size="h3">
        Two-factor authentication
      </Title>
      {!embedded && <Text size="sm">Administrators must use an authenticator app (TOTP). Set it up to continue.</Text>}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {done && <Alert color="teal">Two-factor authentication is on.</Alert>}
      {recoveryCodes && (
        <Stack gap="xs" data-testid="recovery-codes">
          <Text size="sm" fw={600}>
            Recovery codes: save them now, they are shown only once.
          </Text>
          <Text size="sm">If you lose your phone, type one of these where the 6-digit code goes. Each code works once.</Text>
          <List spacing={2} ff="monospace">
            {recoveryCodes.map((c) => (
              <List.Item key={c}>{c}</List.Item>
            ))}
          </List>
          <Button
            onClick={() => {
              setRecoveryCodes(null);
              void refresh();
            }}
          >
            I have saved my recovery codes
          </Button>
        </Stack>
      )}
      {!setup &&
        !done &&
        (session?.user.totpEnabled ? (
          <Text size="sm">Two-factor authentication is on for your account.</Text>
        ) : (
          <Button onClick={start}>Set up an authenticator app</Button>
        ))}
      {setup && !done && (
        <form onSubmit={confirm}>
          <Stack>
            <Text size="sm">Scan this code with your authenticator app (Google Authenticator, 1Password, Aegis...):</Text>
            <Image src={setup.qrCodeDataUrl} alt="QR code for your authenticator app" w={220} h={220} />
            <Text size="sm">Or type this key into the app:</Text>
            <Code block data-testid="totp-secret">
              {setup.secret}
            </Code>
            <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
              {setup.otpauthUrl}
            </Text>
            <TextInput
              label="Current 6-digit code"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.currentTarget.value.trim())}
              required
            />
            <Button type="submit">Turn on</Button>
          </Stack>
        </form>
      )}
      {!embedded && (
        <Button variant="subtle" onClick={() => void logout()}>
          Log out
        </Button>
      )}
    </Stack>
  );
  if (embedded) return body;
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder p="xl" w={460} component="main">
        {body}
      </Paper>
    </Center>
  );
}
