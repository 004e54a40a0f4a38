import { Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session.js';
import { createPatient } from './api.js';
import { emptyForm, PatientForm } from './PatientForm.js';

export function NewPatientPage() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { session } = useSession();
  const initial = { ...emptyForm(), locationIds: session?.user.locationIds.length === 1 ? [...session.user.locationIds] : [] };
  return (
    <Stack>
      <Title order={1} size="h2">
        New patient
      </Title>
      <PatientForm
        initial={initial}
        submitLabel="Create patient"
        onCancel={() => navigate('/patients')}
        onSubmit={async (payload) => {
          const p = await createPatient(payload);
          await qc.invalidateQueries({ queryKey: ['patients'] });
          void navigate(`/patients/${p.id}`, { state: { created: true } });
        }}
      />
    </Stack>
  );
}
