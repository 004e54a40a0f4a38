import { useState, type SubmitEvent } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { loginRequestSchema } from '../../../contracts/auth.js';
import { ApiError } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { validate } from '../../ui/forms.js';
import { defined } from '../../../domain/defined.js';

export function LoginPage() {
  const { session, login } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next')?.startsWith('/') ? defined(params.get('next')) : '/';

  if (session) return <Navigate to={next} replace />;

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setMessage(null);
    const checked = validate(loginRequestSchema, { email, password, ...(needTotp ? { totp } : {}) });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await login(checked.data);
      void navigate(next, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'totp_required') {
        setNeedTotp(true);
        setMessage('Enter the 6-digit code from your authenticator app, or a recovery code.');
      } else {
        setMessage(err instanceof Error ? err.message : 'Login failed.');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder shadow="sm" p="xl" w={380} component="main">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={1} size="h2">
              Stepwise
            </Title>
            <Text c="dimmed" size="sm">
              Staff sign-in
            </Text>
            {message && (
              <Alert color={needTotp && message.startsWith('Enter') ? 'blue' : 'red'} role="alert">
                {message}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={errors.email}
              required
              autoFocus
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.password}
              required
            />
            {needTotp && (
              <TextInput
                label="Authenticator code"
                description="The 6-digit code, or one of your recovery codes"
                inputMode="text"
                autoComplete="one-time-code"
                value={totp}
                onChange={(e) => setTotp(e.currentTarget.value.trim())}
                error={errors.totp}
                required
              />
            )}
            <Button type="submit" loading={busy}>
              Log in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
