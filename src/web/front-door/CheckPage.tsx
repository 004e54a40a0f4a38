import { useState, type SubmitEvent } from 'react';
import { GAD7, PHQ9, type Instrument } from '../../domain/screening/instruments.js';
import { ConfirmationPanel, ContactForm, type Confirmation } from './ContactForm.js';
import { CrisisPanel } from './CrisisPanel.js';
import { postJson, PublicApiError } from './http.js';

type InstrumentResult = { total: number; maxTotal: number; severity: string; explanation: string };
type Result = { 'PHQ-9'?: InstrumentResult; 'GAD-7'?: InstrumentResult; crisis: boolean; callback: Confirmation | null; attribution: string };
type Answers = (number | null)[];

function Questions({
  inst,
  answers,
  onChange,
  missing,
}: {
  inst: Instrument;
  answers: Answers;
  onChange: (i: number, v: number) => void;
  missing: Set<number>;
}) {
  return (
    <section className="card" aria-labelledby={`${inst.id}-title`}>
      <h2 id={`${inst.id}-title`}>
        {inst.id === 'PHQ-9' ? 'Mood' : 'Anxiety'} ({inst.id})
      </h2>
      <p>{inst.stem}</p>
      {inst.items.map((item, i) => (
        <fieldset key={i} className="item" aria-describedby={missing.has(i) ? `${inst.id}-${i}-missing` : undefined}>
          <legend>
            {i + 1}. {item.text}
          </legend>
          <div className="options">
            {inst.options.map((o) => (
              <label key={o.value}>
                <input type="radio" name={`${inst.id}-${i}`} value={o.value} checked={answers[i] === o.value} onChange={() => onChange(i, o.value)} />
                {o.label}
              </label>
            ))}
          </div>
          {missing.has(i) && (
            <p className="error" id={`${inst.id}-${i}-missing`}>
              Please choose an answer.
            </p>
          )}
        </fieldset>
      ))}
    </section>
  );
}

/** The free mental health check: PHQ-9 and GAD-7 with their published items, scored by the server as published. */
export function CheckPage() {
  const [phq, setPhq] = useState<Answers>(Array(PHQ9.items.length).fill(null));
  const [gad, setGad] = useState<Answers>(Array(GAD7.items.length).fill(null));
  const [missing, setMissing] = useState<{ phq: Set<number>; gad: Set<number> }>({ phq: new Set(), gad: new Set() });
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [callback, setCallback] = useState<Confirmation | null>(null);
  // Item 9 (thoughts of self-harm) above "not at all": crisis resources at once, before the form is even sent.
  const selfHarm = (phq[8] ?? 0) > 0;

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const m = { phq: new Set(phq.flatMap((a, i) => (a === null ? [i] : []))), gad: new Set(gad.flatMap((a, i) => (a === null ? [i] : []))) };
    setMissing(m);
    if (m.phq.size || m.gad.size) {
      setError(`Please answer every question (${m.phq.size + m.gad.size} left).`);
      return;
    }
    setError(null);
    setBusy(true);
    try {
      setResult(await postJson<Result>('/api/public/screenings', { responses: { 'PHQ-9': phq, 'GAD-7': gad } }));
      window.scrollTo(0, 0);
    } catch (err) {
      setError(err instanceof PublicApiError ? err.message : 'We could not score your answers. Please try again.');
    } finally {
      setBusy(false);
    }
  }

  if (result) {
    return (
      <>
        <h1>Your results</h1>
        {result.crisis && <CrisisPanel />}
        {(['PHQ-9', 'GAD-7'] as const).map((id) => {
          const r = result[id];
          return r ? (
            <div className="card" key={id}>
              <h2>{id === 'PHQ-9' ? 'Depression (PHQ-9)' : 'Anxiety (GAD-7)'}</h2>
              <p className="score">
                <strong>
                  Score {r.total} of {r.maxTotal}: {r.severity}
                </strong>
              </p>
              <p>{r.explanation}</p>
            </div>
          ) : null;
        })}
        <p className="small">This check is not a diagnosis. Only a clinician can diagnose depression or anxiety.</p>
        <section className="card" aria-labelledby="offer-title">
          <h2 id="offer-title">Talk with us</h2>
          {callback ? (
            <ConfirmationPanel c={callback} />
          ) : (
            <>
              <p>
                A care coordinator can call you to talk about your results and options. If you ask for a call, we keep your answers with your request so the
                clinician can see them.
              </p>
              <ContactForm
                submitLabel="Call me about my results"
                onSubmit={async (contact) => {
                  const r = await postJson<Result>('/api/public/screenings', {
                    responses: { 'PHQ-9': phq, 'GAD-7': gad },
                    contact: { ...contact, website: undefined },
                    website: contact.website,
                  });
                  setCallback(r.callback);
                }}
              />
            </>
          )}
        </section>
        <p className="small">{result.attribution}</p>
      </>
    );
  }

  return (
    <>
      <h1>Free mental health check</h1>
      <p>
        Sixteen short questions about the last two weeks. It takes about three minutes and is private: unless you ask us to call you, we keep no answers, only
        anonymous counts.
      </p>
      <form onSubmit={submit} noValidate>
        <Questions inst={PHQ9} answers={phq} missing={missing.phq} onChange={(i, v) => setPhq((a) => a.map((x, j) => (j === i ? v : x)))} />
        {selfHarm && <CrisisPanel />}
        <Questions inst={GAD7} answers={gad} missing={missing.gad} onChange={(i, v) => setGad((a) => a.map((x, j) => (j === i ? v : x)))} />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Scoring…' : 'See my results'}
        </button>
      </form>
      <p className="small">{PHQ9.attribution}</p>
    </>
  );
}
