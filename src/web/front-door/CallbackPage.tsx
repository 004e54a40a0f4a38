import { useState } from 'react';
import { ConfirmationPanel, ContactForm, type Confirmation } from './ContactForm.js';
import { postJson } from './http.js';

export function CallbackPage() {
  const [done, setDone] = useState<Confirmation | null>(null);
  return (
    <>
      <h1>Request a callback</h1>
      {done ? (
        <ConfirmationPanel c={done} />
      ) : (
        <div className="card">
          <p>Leave your number and a care coordinator will call you back, within 10 minutes during calling hours. We can only call valid US phone numbers.</p>
          <ContactForm
            submitLabel="Call me back"
            onSubmit={async (contact) => setDone(await postJson<Confirmation>('/api/public/callback-requests', contact))}
          />
        </div>
      )}
      <p className="small">
        In a crisis, call or text <a href="tel:988">988</a>. In an emergency, call <a href="tel:911">911</a>.
      </p>
    </>
  );
}
