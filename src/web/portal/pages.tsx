import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Field } from '../front-door/ContactForm.js';
import { CrisisPanel } from '../front-door/CrisisPanel.js';
import { ScoreChart } from '../ui/ScoreChart.js';
import { call, PortalError, setCsrf, type AnswerResult, type DueQuestionnaire, type Form, type Me, type Scores, type Visit } from './api.js';
import type { Lang, WORDS } from './i18n.js';

type W = (typeof WORDS)['en'];
const money = (cents: number) => (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
type Nav = (to: string) => void;

function useLoad<T>(url: string): [T | null, string | null, () => void] {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    call<T>('GET', url).then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [url, tick]);
  return [data, error, () => setTick((n) => n + 1)];
}

// ---- Signing in ----

export function SignInPage({ w, lang, setLang, onSignedIn }: { w: W; lang: Lang; setLang: (l: Lang) => void; onSignedIn: (m: Me) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [linkSent, setLinkSent] = useState(false);
  async function submit(e: SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await call<Me>('POST', '/api/portal/sign-in', { email, password, ...(needsCode ? { totp } : {}) }));
    } catch (err) {
      if (err instanceof PortalError && err.message && /6-digit|code/.test(err.message)) setNeedsCode(true);
      setError(err instanceof PortalError ? err.message : w.error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <h1>{w.signIn}</h1>
      <div className="row" role="group" aria-label={w.language}>
        <button type="button" className="secondary" aria-pressed={lang === 'en'} onClick={() => setLang('en')}>
          English
        </button>
        <button type="button" className="secondary" aria-pressed={lang === 'es'} onClick={() => setLang('es')}>
          Español
        </button>
      </div>
      <form className="card" onSubmit={(e) => void submit(e)} noValidate>
        <Field id="email" label={w.email}>
          <input id="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </Field>
        <Field id="password" label={w.password} error={error ?? undefined}>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'password-error' : undefined}
            required
          />
        </Field>
        {needsCode && (
          <Field id="totp" label={w.code}>
            <input
              id="totp"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={totp}
              onChange={(e) => setTotp(e.target.value)}
              maxLength={6}
            />
          </Field>
        )}
        <div className="row">
          <button type="submit" disabled={busy}>
            {w.signIn}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={!email}
            onClick={() =>
              void call('POST', '/api/portal/sign-in-link', { email }).then(
                () => setLinkSent(true),
                () => setLinkSent(true),
              )
            }
          >
            {w.sendLink}
          </button>
        </div>
        {linkSent && (
          <p className="confirm" role="status">
            {w.linkSent}
          </p>
        )}
      </form>
    </>
  );
}

/** The invitation or sign-in link: the token is after the # (never sent to servers in logs or referrers). */
export function WelcomePage({ w, onSignedIn }: { w: W; onSignedIn: (m: Me) => void }) {
  const token = window.location.hash.slice(1);
  const [needsPassword, setNeedsPassword] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const tried = useRef(false);
  useEffect(() => {
    if (tried.current) return;
    tried.current = true;
    // A sign-in link signs in at once; an invitation answers that a password is needed first.
    call<Me & { csrfToken: string }>('POST', '/api/portal/link', { token }).then(
      (m) => {
        window.history.replaceState(null, '', '/portal');
        onSignedIn(m);
      },
      (e: unknown) => {
        if (e instanceof PortalError && e.fields.password) setNeedsPassword(true);
        else setError(e instanceof Error ? e.message : w.error);
      },
    );
  }, [token, onSignedIn, w.error]);
  async function submit(e: SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    try {
      const m = await call<Me & { csrfToken: string }>('POST', '/api/portal/link', { token, password });
      setCsrf(m.csrfToken);
      window.history.replaceState(null, '', '/portal');
      onSignedIn(m);
    } catch (err) {
      setError(err instanceof PortalError ? (err.fields.password ?? err.message) : w.error);
    }
  }
  if (!needsPassword)
    return (
      <>
        <h1>{w.welcome}</h1>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : (
          <p aria-live="polite">{w.linkSignIn}</p>
        )}
      </>
    );
  return (
    <>
      <h1>{w.welcome}</h1>
      <p>{w.welcomeText}</p>
      <form className="card" onSubmit={(e) => void submit(e)} noValidate>
        <Field id="new-password" label={w.newPassword} hint={w.passwordHint} error={error ?? undefined}>
          <input
            id="new-password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby={error ? 'new-password-hint new-password-error' : 'new-password-hint'}
            aria-invalid={error ? true : undefined}
            minLength={12}
            required
          />
        </Field>
        <button type="submit">{w.setPassword}</button>
      </form>
    </>
  );
}

// ---- Home: what is due, and visits ----

export function HomePage({ w, me, navigate }: { w: W; me: Me; navigate: Nav }) {
  const [qs] = useLoad<{ items: DueQuestionnaire[] }>('/api/portal/questionnaires');
  const [visits, , reloadVisits] = useLoad<{ items: Visit[] }>('/api/portal/visits');
  const [docs] = useLoad<{
    items: {
      id: string;
      kind: string;
      title: string;
      createdAt: string;
      url: string;
      patientCents: number | null;
      amountCents: number | null;
      paymentPlan: { number: number; dueDate: string; amountCents: number }[];
    }[];
  }>('/api/portal/documents');
  const due = qs?.items.filter((q) => q.status === 'due') ?? [];
  const upcoming = visits?.items.filter((v) => v.upcoming) ?? [];
  const past = (visits?.items.filter((v) => !v.upcoming && v.visitStatus === 'completed') ?? []).reverse().slice(0, 10);
  return (
    <>
      <h1>{w.hello(me.patient.firstName)}</h1>
      <section className="card" aria-labelledby="due-title">
        <h2 id="due-title">{w.dueTitle}</h2>
        {qs === null ? (
          <p>…</p>
        ) : due.length === 0 ? (
          <p>{w.noneDue}</p>
        ) : (
          <ul className="plain">
            {due.map((q) => (
              <li key={q.id} className="row" style={{ justifyContent: 'space-between' }}>
                <span>
                  <strong>{q.title}</strong>
                  <br />
                  <span className="small">
                    {w.due(
                      new Date(`${q.dueOn}T12:00:00`).toLocaleDateString(document.documentElement.lang, { weekday: 'short', month: 'short', day: 'numeric' }),
                    )}
                  </span>
                </span>
                <a
                  className="button"
                  href={`/portal/questionnaires/${q.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/portal/questionnaires/${q.id}`);
                  }}
                >
                  {w.answer}
                  <span className="skip"> {q.title}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="visits-title">
        <h2 id="visits-title">{w.visitsTitle}</h2>
        <h3>{w.upcoming}</h3>
        {upcoming.length === 0 ? <p>{w.noVisits}</p> : <VisitList w={w} visits={upcoming} onChange={reloadVisits} />}
        {past.length > 0 && (
          <>
            <h3>{w.past}</h3>
            <ul className="plain">
              {past.map((v) => (
                <li key={v.id}>
                  {v.when} · {v.clinicName}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="docs-title">
        <h2 id="docs-title">{w.documentsTitle}</h2>
        {docs && docs.items.length === 0 && <p>{w.noDocuments}</p>}
        <ul className="plain">
          {docs?.items.map((d) => (
            <li key={`${d.kind}-${d.id}`}>
              <a href={d.url} target="_blank" rel="noopener">
                {d.kind === 'statement'
                  ? w.statement
                  : d.kind === 'receipt'
                    ? w.receipt(money(d.amountCents ?? 0))
                    : d.kind === 'superbill'
                      ? w.superbill(d.id)
                      : d.title}
              </a>{' '}
              {d.kind === 'statement' && d.amountCents !== null && (
                <>
                  <br />
                  {w.youOwe(money(d.amountCents))}
                </>
              )}
              <span className="small">· {new Date(d.createdAt).toLocaleDateString(document.documentElement.lang)}</span>
              {d.patientCents !== null && (
                <>
                  <br />
                  {w.yourShare(money(d.patientCents))}
                </>
              )}
              {d.paymentPlan.length > 1 && (
                <>
                  <br />
                  {w.plan(d.paymentPlan.length, money(d.paymentPlan[0]?.amountCents ?? 0), d.paymentPlan[0]?.dueDate ?? '')}
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function VisitList({ w, visits, onChange }: { w: W; visits: Visit[]; onChange: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const answer = async (id: string, action: 'confirm' | 'reschedule') => {
    setBusy(id);
    await call('POST', `/api/portal/visits/${id}/answer`, { action }).catch(() => undefined);
    setBusy(null);
    onChange();
  };
  return (
    <ul className="plain">
      {visits.map((v) => (
        <li key={v.id}>
          <p style={{ margin: 0 }}>
            <strong>{v.when}</strong>
            <br />
            {v.clinicName}, {v.address}
            {v.clinicPhone && (
              <>
                <br />
                {w.clinicPhone}: <a href={`tel:${v.clinicPhone}`}>{v.clinicPhone}</a>
              </>
            )}
          </p>
          {v.preparation.length > 0 && (
            <details>
              <summary>{w.prepare}</summary>
              <ul>
                {v.preparation.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </details>
          )}
          {v.confirmation === 'confirmed' ? (
            <p className="status">✓ {w.confirmed}</p>
          ) : v.confirmation === 'reschedule_requested' ? (
            <p className="status">{w.rescheduleAsked}</p>
          ) : (
            <div className="row">
              <button type="button" disabled={busy === v.id} onClick={() => void answer(v.id, 'confirm')}>
                {w.confirm}
              </button>
              <button type="button" className="secondary" disabled={busy === v.id} onClick={() => void answer(v.id, 'reschedule')}>
                {w.reschedule}
              </button>
            </div>
          )}
          <p>
            <a href={`/api/portal/visits/${v.id}/ics`} download="visit.ics">
              {w.addToCalendar}
            </a>
          </p>
        </li>
      ))}
    </ul>
  );
}

// ---- A questionnaire ----

export function QuestionnairePage({ w, id, navigate }: { w: W; id: string; navigate: Nav }) {
  const [data, loadError] = useLoad<{ id: string; status: string; form: Form }>(`/api/portal/questionnaires/${id}`);
  const [answers, setAnswers] = useState<(number | null)[]>([]);
  const [missing, setMissing] = useState<number[]>([]);
  const [result, setResult] = useState<AnswerResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (data) setAnswers(data.form.items.map(() => null));
  }, [data]);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);
  if (loadError)
    return (
      <p className="error" role="alert">
        {loadError}
      </p>
    );
  if (!data) return <p>…</p>;
  const form = data.form;
  async function submit(e: SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    const gaps = answers.flatMap((a, i) => (a === null ? [i] : []));
    setMissing(gaps);
    if (gaps.length) {
      document.getElementById(`item-${gaps[0]}`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setResult(await call<AnswerResult>('POST', `/api/portal/questionnaires/${id}/answers`, { answers, language: form.language }));
    } catch (err) {
      setError(err instanceof PortalError ? err.message : w.error);
    } finally {
      setBusy(false);
    }
  }
  if (result)
    return (
      <div ref={resultRef} tabIndex={-1}>
        {result.crisis && <CrisisPanel />}
        {result.crisis && <p className="status">{w.crisisSent}</p>}
        <div className="confirm" role="status">
          <p style={{ marginTop: 0 }}>{w.thanks}</p>
          <p className="score">{w.yourScore(result.total, result.severity ?? '')}</p>
        </div>
        <p>
          <a
            href="/portal"
            onClick={(e) => {
              e.preventDefault();
              navigate('/portal');
            }}
          >
            {w.backHome}
          </a>
        </p>
      </div>
    );
  return (
    <form onSubmit={(e) => void submit(e)} noValidate lang={form.language}>
      <h1>{form.title}</h1>
      <p>{form.stem}</p>
      {form.items.map((item) => (
        <fieldset key={item.index} className="item" aria-describedby={missing.includes(item.index) ? `item-${item.index}-missing` : undefined}>
          <legend id={`item-${item.index}`} tabIndex={-1}>
            {item.index + 1}. {item.text}
          </legend>
          <div className="options">
            {form.options.map((o) => (
              <label key={o.value}>
                <input
                  type="radio"
                  name={`item-${item.index}`}
                  value={o.value}
                  checked={answers[item.index] === o.value}
                  onChange={() => {
                    setAnswers((a) => a.map((x, i) => (i === item.index ? o.value : x)));
                    setMissing((m) => m.filter((i) => i !== item.index));
                  }}
                />
                {o.label}
              </label>
            ))}
          </div>
          {missing.includes(item.index) && (
            <p className="error" id={`item-${item.index}-missing`}>
              {w.answerAll(missing.length)}
            </p>
          )}
        </fieldset>
      ))}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p>
        <button type="submit" disabled={busy}>
          {w.submit}
        </button>
      </p>
      <p className="small">{form.attribution}</p>
    </form>
  );
}

// ---- Progress ----

export function ProgressPage({ w }: { w: W }) {
  const [scores] = useLoad<Scores>('/api/portal/scores');
  if (!scores) return <p>…</p>;
  return (
    <>
      <h1>{w.progressTitle}</h1>
      {scores.series.length === 0 && <p>{w.noScores}</p>}
      {scores.courses.flatMap((c) => c.summary).length > 0 && (
        <section className="card">
          {scores.courses.map((c) =>
            c.summary.map((s) => (
              <p key={`${c.id}-${s.instrument}`}>
                <strong>{c.protocolName}</strong>: {s.text}
              </p>
            )),
          )}
        </section>
      )}
      {scores.series.map((s) => (
        <section key={s.instrument} className="card" aria-labelledby={`t-${s.instrument}`}>
          <h2 id={`t-${s.instrument}`}>{s.title}</h2>
          <p className="small">{w.lowerIsBetter}</p>
          <ScoreChart
            instrument={s.instrument}
            maxTotal={s.maxTotal}
            points={s.points}
            treatmentDays={scores.treatmentVisits.map((v) => v.at)}
            title={s.title}
            labels={{ treatment: w.treatmentDay, baseline: '', response: '', remission: '' }}
          />
          <table className="scores">
            <tbody>
              {[...s.points].reverse().map((p) => (
                <tr key={p.at}>
                  <td>{new Date(p.at).toLocaleDateString()}</td>
                  <td>{p.total}</td>
                  <td>{p.words}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

// ---- Details ----

export function ProfilePage({ w, me, onSaved }: { w: W; me: Me; onSaved: (m: Me) => void }) {
  const [phone, setPhone] = useState(me.patient.phoneMobile ?? '');
  const [email, setEmail] = useState(me.patient.email ?? '');
  const [sms, setSms] = useState(me.patient.reminderSms);
  const [mail, setMail] = useState(me.patient.reminderEmail);
  const [language, setLanguage] = useState<Lang>(me.patient.language);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  async function submit(e: SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    setErrors({});
    try {
      const m = await call<Me>('PATCH', '/api/portal/me', {
        phoneMobile: phone || null,
        email: email || null,
        reminderSms: sms,
        reminderEmail: mail,
        language,
      });
      onSaved(m);
      setSaved(true);
    } catch (err) {
      setErrors(err instanceof PortalError ? { ...err.fields, form: err.message } : { form: w.error });
    }
  }
  return (
    <>
      <h1>{w.profileTitle}</h1>
      <form className="card" onSubmit={(e) => void submit(e)} noValidate>
        <Field id="p-email" label={w.email} error={errors.email}>
          <input
            id="p-email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={errors.email ? true : undefined}
          />
        </Field>
        <Field id="p-phone" label={w.phone} error={errors.phoneMobile}>
          <input
            id="p-phone"
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            aria-invalid={errors.phoneMobile ? true : undefined}
            aria-describedby={errors.phoneMobile ? 'p-phone-error' : undefined}
          />
        </Field>
        <div className="field">
          <label className="check">
            <input type="checkbox" checked={sms} onChange={(e) => setSms(e.target.checked)} /> {w.remindersSms}
          </label>
          <label className="check">
            <input type="checkbox" checked={mail} onChange={(e) => setMail(e.target.checked)} /> {w.remindersEmail}
          </label>
        </div>
        <Field id="p-lang" label={w.language}>
          <select id="p-lang" value={language} onChange={(e) => setLanguage(e.target.value === 'es' ? 'es' : 'en')}>
            <option value="en">English</option>
            <option value="es">Español</option>
          </select>
        </Field>
        {errors.form && (
          <p className="error" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit">{w.save}</button>
        {saved && (
          <p className="status" role="status">
            {w.saved}
          </p>
        )}
      </form>
      <TwoStep w={w} enabled={me.patient.totpEnabled} onChanged={() => void call<Me>('GET', '/api/portal/me').then(onSaved)} />
      <section className="card">
        {me.patient.clinics.map((c) => (
          <p key={c.id}>
            <strong>{c.name}</strong>
            {c.phone && (
              <>
                {' '}
                · <a href={`tel:${c.phone}`}>{c.phone}</a>
              </>
            )}
          </p>
        ))}
      </section>
    </>
  );
}

function TwoStep({ w, enabled, onChanged }: { w: W; enabled: boolean; onChanged: () => void }) {
  const [setup, setSetup] = useState<{ secret: string; qrCode: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function act(path: 'enable' | 'disable') {
    setError(null);
    try {
      await call('POST', `/api/portal/totp/${path}`, { code });
      setSetup(null);
      setCode('');
      onChanged();
    } catch (err) {
      setError(err instanceof PortalError ? (err.fields.code ?? err.message) : w.error);
    }
  }
  const codeField = (
    <Field id="totp-code" label={w.code} error={error ?? undefined}>
      <input id="totp-code" type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} />
    </Field>
  );
  return (
    <section className="card" aria-labelledby="two-step-title">
      <h2 id="two-step-title">{w.twoStep}</h2>
      <p>{enabled ? w.twoStepOn : w.twoStepOff}</p>
      {enabled ? (
        <>
          {codeField}
          <button type="button" className="secondary" onClick={() => void act('disable')}>
            {w.turnOff}
          </button>
        </>
      ) : setup ? (
        <>
          <p>{w.twoStepScan}</p>
          <img src={setup.qrCode} alt={w.twoStep} width={180} height={180} />
          <p className="small">
            <code>{setup.secret}</code>
          </p>
          {codeField}
          <button type="button" onClick={() => void act('enable')}>
            {w.turnOn}
          </button>
        </>
      ) : (
        <button
          type="button"
          className="secondary"
          onClick={() => void call<{ secret: string; qrCode: string }>('POST', '/api/portal/totp/setup').then(setSetup, () => setError(w.error))}
        >
          {w.twoStepStart}
        </button>
      )}
    </section>
  );
}
