import { useState, type SubmitEvent } from 'react';
import { Alert, Button, Checkbox, Fieldset, Group, MultiSelect, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { z } from 'zod';
import { US_STATES } from '../../../contracts/common.js';
import type { Patient } from '../../../contracts/patients.js';
import { patientCreateSchema, patientUpdateSchema } from '../../../contracts/patients.js';
import { ApiError, fieldErrors } from '../../app/api.js';
import { validate } from '../../ui/forms.js';
import { formatPhone } from '../../ui/format.js';
import { useClinics } from '../clinics/api.js';

export type PatientFormState = {
  legalGivenName: string;
  legalMiddleName: string;
  legalFamilyName: string;
  preferredName: string;
  dateOfBirth: string;
  sexAssignedAtBirth: string;
  genderIdentity: string;
  pronouns: string;
  email: string;
  phoneMobile: string;
  phoneHome: string;
  reminderSms: boolean;
  reminderEmail: boolean;
  preferredLanguage: string;
  veteranStatus: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  state: string;
  postalCode: string;
  ecName: string;
  ecRelationship: string;
  ecPhone: string;
  locationIds: string[];
};

export function emptyForm(): PatientFormState {
  return {
    legalGivenName: '',
    legalMiddleName: '',
    legalFamilyName: '',
    preferredName: '',
    dateOfBirth: '',
    sexAssignedAtBirth: '',
    genderIdentity: '',
    pronouns: '',
    email: '',
    phoneMobile: '',
    phoneHome: '',
    reminderSms: false,
    reminderEmail: false,
    preferredLanguage: 'en',
    veteranStatus: 'unknown',
    addressLine1: '',
    addressLine2: '',
    city: '',
    state: '',
    postalCode: '',
    ecName: '',
    ecRelationship: '',
    ecPhone: '',
    locationIds: [],
  };
}

export function formFromPatient(p: Patient): PatientFormState {
  return {
    legalGivenName: p.legalGivenName,
    legalMiddleName: p.legalMiddleName ?? '',
    legalFamilyName: p.legalFamilyName,
    preferredName: p.preferredName ?? '',
    dateOfBirth: p.dateOfBirth,
    sexAssignedAtBirth: p.sexAssignedAtBirth,
    genderIdentity: p.genderIdentity ?? '',
    pronouns: p.pronouns ?? '',
    email: p.email ?? '',
    phoneMobile: formatPhone(p.phoneMobile),
    reminderSms: p.reminderSms,
    reminderEmail: p.reminderEmail,
    phoneHome: formatPhone(p.phoneHome),
    preferredLanguage: p.preferredLanguage,
    veteranStatus: p.veteranStatus,
    addressLine1: p.address?.line1 ?? '',
    addressLine2: p.address?.line2 ?? '',
    city: p.address?.city ?? '',
    state: p.address?.state ?? '',
    postalCode: p.address?.postalCode ?? '',
    ecName: p.emergencyContact?.name ?? '',
    ecRelationship: p.emergencyContact?.relationship ?? '',
    ecPhone: formatPhone(p.emergencyContact?.phone),
    locationIds: p.locations.map((l) => l.id),
  };
}

const blankToNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The API payload for a form: blank optional fields become null; an address or contact with nothing filled in is null. */
export function payloadFromForm(f: PatientFormState) {
  const hasAddress = [f.addressLine1, f.addressLine2, f.city, f.state, f.postalCode].some((v) => v.trim() !== '');
  const hasContact = [f.ecName, f.ecRelationship, f.ecPhone].some((v) => v.trim() !== '');
  return {
    legalGivenName: f.legalGivenName,
    legalMiddleName: blankToNull(f.legalMiddleName),
    legalFamilyName: f.legalFamilyName,
    preferredName: blankToNull(f.preferredName),
    dateOfBirth: f.dateOfBirth,
    sexAssignedAtBirth: f.sexAssignedAtBirth,
    genderIdentity: blankToNull(f.genderIdentity),
    pronouns: blankToNull(f.pronouns),
    email: blankToNull(f.email),
    phoneMobile: blankToNull(f.phoneMobile),
    phoneHome: blankToNull(f.phoneHome),
    reminderSms: f.reminderSms,
    reminderEmail: f.reminderEmail,
    preferredLanguage: f.preferredLanguage,
    veteranStatus: f.veteranStatus,
    address: hasAddress ? { line1: f.addressLine1, line2: blankToNull(f.addressLine2), city: f.city, state: f.state, postalCode: f.postalCode } : null,
    emergencyContact: hasContact ? { name: f.ecName, relationship: blankToNull(f.ecRelationship), phone: f.ecPhone } : null,
    locationIds: f.locationIds,
  };
}

// API field paths -> form fields.
const FIELD_OF: Record<string, keyof PatientFormState> = {
  'address.line1': 'addressLine1',
  'address.line2': 'addressLine2',
  'address.city': 'city',
  'address.state': 'state',
  'address.postalCode': 'postalCode',
  'emergencyContact.name': 'ecName',
  'emergencyContact.relationship': 'ecRelationship',
  'emergencyContact.phone': 'ecPhone',
};
function toFormErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, msg] of Object.entries(errors)) {
    const key = FIELD_OF[path] ?? (path.startsWith('locationIds') ? 'locationIds' : path);
    out[key] ??= msg;
  }
  return out;
}

type Props = {
  initial: PatientFormState;
  version?: number;
  submitLabel: string;
  onSubmit: (payload: z.output<typeof patientCreateSchema> | z.output<typeof patientUpdateSchema>) => Promise<void>;
  onCancel?: () => void;
};

export function PatientForm({ initial, version, submitLabel, onSubmit, onCancel }: Props) {
  const [f, setF] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const clinics = useClinics();
  type TextKey = { [K in keyof PatientFormState]: PatientFormState[K] extends string ? K : never }[keyof PatientFormState];
  const set = (key: TextKey) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setF((s) => ({ ...s, [key]: value }));
  };
  const text = (key: TextKey, label: string, extra: Record<string, unknown> = {}) => (
    <TextInput label={label} value={f[key]} onChange={set(key)} error={errors[key]} {...extra} />
  );

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setMessage(null);
    const payload = payloadFromForm(f);
    const checked = version === undefined ? validate(patientCreateSchema, payload) : validate(patientUpdateSchema, { ...payload, version });
    if (!checked.ok) {
      setErrors(toFormErrors(checked.errors));
      setMessage('Please correct the highlighted fields.');
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSubmit(checked.data);
    } catch (err) {
      setErrors(toFormErrors(fieldErrors(err)));
      setMessage(err instanceof ApiError ? err.message : 'Saving failed.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Patient details">
      <Stack>
        {message && (
          <Alert color="red" role="alert">
            {message}
          </Alert>
        )}
        <Fieldset legend="Name and identity">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            {text('legalGivenName', 'Legal first name', { required: true })}
            {text('legalMiddleName', 'Middle name')}
            {text('legalFamilyName', 'Legal last name', { required: true })}
            {text('preferredName', 'Preferred name')}
            {text('dateOfBirth', 'Date of birth', { type: 'date', required: true })}
            <Select
              label="Sex assigned at birth"
              placeholder="Choose"
              required
              data={[
                { value: 'female', label: 'Female' },
                { value: 'male', label: 'Male' },
                { value: 'intersex', label: 'Intersex' },
                { value: 'unknown', label: 'Unknown / declined' },
              ]}
              value={f.sexAssignedAtBirth || null}
              onChange={(v) => setF((s) => ({ ...s, sexAssignedAtBirth: v ?? '' }))}
              error={errors.sexAssignedAtBirth}
            />
            {text('genderIdentity', 'Gender identity')}
            {text('pronouns', 'Pronouns')}
            <Select
              label="Veteran status"
              data={[
                { value: 'unknown', label: 'Unknown' },
                { value: 'veteran', label: 'Veteran' },
                { value: 'not_veteran', label: 'Not a veteran' },
              ]}
              value={f.veteranStatus}
              onChange={(v) => setF((s) => ({ ...s, veteranStatus: v ?? 'unknown' }))}
              error={errors.veteranStatus}
            />
            <Select
              label="Preferred language"
              data={[
                { value: 'en', label: 'English' },
                { value: 'es', label: 'Spanish' },
                { value: 'vi', label: 'Vietnamese' },
                { value: 'zh', label: 'Chinese' },
                { value: 'ko', label: 'Korean' },
                { value: 'tl', label: 'Tagalog' },
              ]}
              value={f.preferredLanguage}
              onChange={(v) => setF((s) => ({ ...s, preferredLanguage: v ?? 'en' }))}
              error={errors.preferredLanguage}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Contact">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {text('phoneMobile', 'Mobile phone (US)', { type: 'tel', autoComplete: 'off' })}
            {text('phoneHome', 'Home phone (US)', { type: 'tel', autoComplete: 'off' })}
            {text('email', 'Email', { type: 'email' })}
          </SimpleGrid>
          <Group mt="sm" gap="lg">
            <Checkbox
              label="Agrees to visit reminders by text (mobile)"
              checked={f.reminderSms}
              onChange={(e) => {
                const checked = e.currentTarget.checked;
                setF((s) => ({ ...s, reminderSms: checked }));
              }}
            />
            <Checkbox
              label="Agrees to visit reminders by email"
              checked={f.reminderEmail}
              onChange={(e) => {
                const checked = e.currentTarget.checked;
                setF((s) => ({ ...s, reminderEmail: checked }));
              }}
            />
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 5 }} mt="sm">
            {text('addressLine1', 'Street address')}
            {text('addressLine2', 'Apt / suite')}
            {text('city', 'City')}
            <Select
              label="State"
              searchable
              data={[...US_STATES]}
              value={f.state || null}
              onChange={(v) => setF((s) => ({ ...s, state: v ?? '' }))}
              error={errors.state}
              clearable
            />
            {text('postalCode', 'ZIP code')}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Emergency contact">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {text('ecName', 'Name')}
            {text('ecRelationship', 'Relationship')}
            {text('ecPhone', 'Phone (US)', { type: 'tel' })}
          </SimpleGrid>
        </Fieldset>
        <MultiSelect
          label="Clinics"
          placeholder={f.locationIds.length ? undefined : 'Choose clinics'}
          required
          data={(clinics.data ?? []).filter((c) => c.active).map((c) => ({ value: c.id, label: `${c.name} (${c.address.state})` }))}
          value={f.locationIds}
          onChange={(v) => setF((s) => ({ ...s, locationIds: v }))}
          error={errors.locationIds}
        />
        <Group>
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
