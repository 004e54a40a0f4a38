/** Shown at once when someone reports thoughts of self-harm: the 988 Lifeline and 911 (domain §6.1: item 9 needs immediate follow-up). */
export function CrisisPanel() {
  return (
    <section className="crisis" role="alert" aria-labelledby="crisis-title">
      <h2 id="crisis-title">If you are thinking about hurting yourself, help is available now</h2>
      <p>
        <strong>
          Call or text <a href="tel:988">988</a>
        </strong>{' '}
        to reach the 988 Suicide &amp; Crisis Lifeline, any time, day or night. It is free and confidential. You can also <a href="sms:988">text 988</a> or chat
        at <a href="https://988lifeline.org">988lifeline.org</a>.
      </p>
      <p>
        <strong>
          If you are in immediate danger, call <a href="tel:911">911</a>
        </strong>{' '}
        or go to the nearest emergency room.
      </p>
    </section>
  );
}
