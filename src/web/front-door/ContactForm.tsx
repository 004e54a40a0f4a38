import { useEffect, useId, useState, type SubmitEvent } from 'react';
import { getJson, PublicApiError, visitorTimeZone } from './http.js';

export type Clinic = { id: string; name: string; city: string; state: string; phone: string | null; timeZone: string };
export type Confirmation = {
  reference: string;
  clinic: { name: string; phone: string | null };
  callbackBy: string;
  withinCallingHours: boolean;
  message: string;
  alreadyRequested: boolean;
};

const STATES = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'DC',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
  'PR',
];

export type ContactPayload = {
  name: string;
  phone: string;
  state?: string;
  preferredClinicId?: string;
  bestTime?: string;
  reason?: string;
  consentToCall: boolean;
  consentToText: boolean;
  timeZone: string;
  website: string;
};

/** A labelled field with its hint and error, for the plain-CSS pages (front door and portal). */
export function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The contact form of the callback page and of the screening result. Errors come back from the API per field and
 * are shown next to the field (and announced); nothing is lost from the form on an error.
 */
export function ContactForm({ submitLabel, onSubmit }: { submitLabel: string; onSubmit: (c: ContactPayload) => Promise<void> }) {
  const uid = useId();
  const [clinics, setClinics] = useState<Clinic[]>([]);
  const [form, setForm] = useState({
    name: '',
    phone: '',
    state: '',
    preferredClinicId: '',
    bestTime: '',
    reason: '',
    consentToCall: false,
    consentToText: false,
    website: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    getJson<{ items: Clinic[] }>('/api/public/clinics').then(
      (r) => setClinics(r.items),
      () => setClinics([]),
    );
  }, []);

  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
    setForm((f) => ({ ...f, [key]: e.target.type === 'checkbox' ? (e.target as HTMLInputElement).checked : e.target.value }));

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!form.name.trim()) local.name = 'Please tell us your name.';
    if (!form.phone.trim()) local.phone = 'Please give a US phone number we can call.';
    if (!form.state && !form.preferredClinicId) local.state = 'Choose your state or a clinic.';
    if (!form.consentToCall) local.consentToCall = 'We can only call you with your consent.';
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await onSubmit({
        name: form.name,
        phone: form.phone,
        ...(form.state ? { state: form.state } : {}),
        ...(form.preferredClinicId ? { preferredClinicId: form.preferredClinicId } : {}),
        ...(form.bestTime ? { bestTime: form.bestTime } : {}),
        ...(form.reason ? { reason: form.reason } : {}),
        consentToCall: form.consentToCall,
        consentToText: form.consentToText,
        timeZone: visitorTimeZone(),
        website: form.website,
      });
    } catch (err) {
      if (err instanceof PublicApiError) {
        setErrors(err.fields);
        setFormError(Object.keys(err.fields).length ? 'Please check the highlighted fields.' : err.message);
      } else setFormError('We could not send your request. Please call the clinic directly.');
    } finally {
      setBusy(false);
    }
  }

  const id = (k: string) => `${uid}-${k}`;
  const aria = (k: string) => ({ 'aria-invalid': errors[k] ? true : undefined, 'aria-describedby': errors[k] ? `${id(k)}-error` : undefined });

  return (
    <form onSubmit={submit} noValidate>
      {formError && (
        <p className="error" role="alert">
          {formError}
        </p>
      )}
      <Field id={id('name')} label="Your name" error={errors.name}>
        <input id={id('name')} type="text" autoComplete="name" maxLength={120} value={form.name} onChange={set('name')} {...aria('name')} />
      </Field>
      <Field id={id('phone')} label="Mobile or home phone (US numbers only)" error={errors.phone}>
        <input
          id={id('phone')}
          type="tel"
          autoComplete="tel-national"
          inputMode="tel"
          maxLength={40}
          value={form.phone}
          onChange={set('phone')}
          {...aria('phone')}
        />
      </Field>
      <Field id={id('state')} label="Your state" error={errors.state}>
        <select id={id('state')} value={form.state} onChange={set('state')} {...aria('state')}>
          <option value="">Choose…</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id('clinic')} label="Preferred clinic (optional)" error={errors.preferredClinicId}>
        <select id={id('clinic')} value={form.preferredClinicId} onChange={set('preferredClinicId')}>
          <option value="">No preference</option>
          {clinics.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.city}, {c.state})
            </option>
          ))}
        </select>
      </Field>
      <Field id={id('best')} label="Best time to reach you (optional)" error={errors.bestTime}>
        <input id={id('best')} type="text" maxLength={100} placeholder="e.g. weekday afternoons" value={form.bestTime} onChange={set('bestTime')} />
      </Field>
      <Field id={id('reason')} label="What would you like to talk about? (optional)" error={errors.reason}>
        <textarea id={id('reason')} maxLength={1000} value={form.reason} onChange={set('reason')} />
      </Field>
      <div className="honeypot" aria-hidden="true">
        <label htmlFor={id('website')}>Leave this empty</label>
        <input id={id('website')} type="text" tabIndex={-1} autoComplete="off" value={form.website} onChange={set('website')} />
      </div>
      <div className="field">
        <label className="check" htmlFor={id('consent')}>
          <input id={id('consent')} type="checkbox" checked={form.consentToCall} onChange={set('consentToCall')} {...aria('consentToCall')} />
          <span>I agree to be called at this number about my request.</span>
        </label>
        {errors.consentToCall && (
          <p className="error" id={`${id('consentToCall')}-error`}>
            {errors.consentToCall}
          </p>
        )}
        <label className="check" htmlFor={id('text')}>
          <input id={id('text')} type="checkbox" checked={form.consentToText} onChange={set('consentToText')} />
          <span>You may also text me at this number.</span>
        </label>
      </div>
      <button type="submit" disabled={busy}>
        {busy ? 'Sending…' : submitLabel}
      </button>
    </form>
  );
}

export function ConfirmationPanel({ c }: { c: Confirmation }) {
  return (
    <div className="confirm" role="status">
      <h2>Thank you. {c.alreadyRequested ? 'We already have your request.' : 'Your request is in.'}</h2>
      <p>{c.message}</p>
      <p className="small">
        {c.clinic.name}
        {c.clinic.phone ? ` · ${c.clinic.phone}` : ''}
      </p>
    </div>
  );
}
