import { Alert, Button, Container, Stack } from '@mantine/core';
import { useRouteError } from 'react-router';

/** Shown instead of a blank page when a screen fails to render. */
export function RouteError() {
  const error = useRouteError();
  return (
    <Container py="xl">
      <Stack>
        <Alert color="red" title="This page could not be shown" role="alert">
          {error instanceof Error ? error.message : 'An unexpected error occurred.'}
        </Alert>
        <Button w="fit-content" onClick={() => window.location.assign('/patients')}>
          Back to patients
        </Button>
      </Stack>
    </Container>
  );
}
