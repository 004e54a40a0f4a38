/**
 * The catalogue of error codes the API answers with (`{ error: { code, message, fields? } }`): one stable code per
 * kind of refusal, its HTTP status, and what it means for the caller. Clients (the web app, a clinic's website,
 * device scripts) branch on the code, never on the message.
 */
export const ERROR_CODES = {
  // Input
  invalid_input: { status: 400, meaning: 'A field is missing or malformed; `fields` names each one.' },
  invalid_request: { status: 400, meaning: 'The request itself is malformed (for example its JSON).' },
  invalid_url: { status: 400, meaning: 'The URL cannot be decoded.' },
  invalid_reference: { status: 400, meaning: 'A referenced record does not exist.' },
  not_ready_to_sign: { status: 400, meaning: 'A document cannot be signed yet; `fields` names what is missing.' },
  too_large: { status: 413, meaning: 'The body is larger than the route accepts.' },
  unsupported_media_type: { status: 415, meaning: 'The body is not JSON.' },
  not_acceptable: { status: 406, meaning: 'The route answers only the media type it names (an event stream asks for Accept: text/event-stream).' },
  outside_opening_hours: { status: 422, meaning: 'The clinic is closed then (hours, holiday).' },
  protocol_unsound: {
    status: 422,
    meaning: 'A protocol version breaks a soundness rule (spacing, visit types, the Spravato room block); `fields` lists each.',
  },
  // Who may
  unauthenticated: { status: 401, meaning: 'No valid session: log in.' },
  session_expired: { status: 401, meaning: 'The session ended (idle or absolute limit, or logged out).' },
  invalid_credentials: { status: 401, meaning: 'Email or password wrong, unknown, or too many attempts (answered alike on purpose).' },
  totp_required: { status: 401, meaning: 'The account needs its authenticator code (or a recovery code).' },
  invalid_totp: { status: 401, meaning: 'The authenticator code is wrong or already used.' },
  forbidden: { status: 403, meaning: 'The role or clinic does not allow this.' },
  csrf: { status: 403, meaning: 'A cookie-authenticated write without the session’s x-csrf-token header.' },
  mfa_enrollment_required: { status: 403, meaning: 'An administrator must set up an authenticator first.' },
  self_lockout: { status: 409, meaning: 'An administrator cannot deactivate or demote themselves.' },
  not_found: { status: 404, meaning: 'No such record (or not in this practice).' },
  // State
  conflict: { status: 409, meaning: 'The record is not in a state that allows this.' },
  version_conflict: { status: 409, meaning: 'Someone changed the record since you read it; nothing was saved.' },
  duplicate: { status: 409, meaning: 'A record with these values exists.' },
  possible_duplicate: { status: 409, meaning: 'This person may already be a patient: link the existing record.' },
  provider_busy: { status: 409, meaning: 'The provider already has an appointment then.' },
  resource_busy: { status: 409, meaning: 'The chair, device or room is booked then; the message names the appointment.' },
  staff_busy: { status: 409, meaning: 'The staff member is booked then; the message names the appointment.' },
  patient_busy: { status: 409, meaning: 'The patient has another appointment then; the message names it.' },
  staff_unavailable: { status: 409, meaning: 'The staff member does not work then (hours or time off).' },
  spacing: { status: 422, meaning: 'The visits break the protocol’s spacing (gap, visits a week, weekdays only); `fields` names the visit.' },
  authorization_count: { status: 409, meaning: 'More sessions than the authorization or referral has left; request an extension.' },
  authorization_window: { status: 409, meaning: 'A visit falls outside the authorization’s or referral’s approved dates.' },
  not_today: { status: 409, meaning: 'Check-in and treatment happen on the visit’s own day.' },
  not_started_yet: { status: 409, meaning: 'A no-show is marked only after the visit’s start.' },
  not_observed: { status: 409, meaning: 'This visit type has no observation period.' },
  observation_required: { status: 409, meaning: 'The visit must be observed before discharge (Spravato REMS).' },
  observation_too_short: { status: 409, meaning: 'Observation has not yet run its minimum (Spravato: 2 hours).' },
  lead_not_open: { status: 409, meaning: 'The lead is closed or converted.' },
  lead_claimed: { status: 409, meaning: 'Another coordinator is working the lead.' },
  signed: { status: 409, meaning: 'The document is signed and locked: amend it instead.' },
  not_signed: { status: 409, meaning: 'Only a signed document takes amendments.' },
  letter_signed: { status: 409, meaning: 'The letter is signed and locked.' },
  letter_unsigned: { status: 409, meaning: 'The letter must be signed before submission.' },
  invalid_transition: { status: 409, meaning: 'That status cannot follow the current one.' },
  not_approved: { status: 409, meaning: 'The authorization is not approved.' },
  not_ready: { status: 409, meaning: 'Something must happen first (the message says what).' },
  outside_approval: { status: 409, meaning: 'The date is outside the approved window.' },
  approval_used_up: { status: 409, meaning: 'Every approved session is used.' },
  totp_already_enabled: { status: 409, meaning: 'Two-factor authentication is already on.' },
  totp_not_enabled: { status: 409, meaning: 'Two-factor authentication is not on.' },
  totp_not_started: { status: 409, meaning: 'Start the authenticator set-up first.' },
  // Limits and faults
  rate_limited: { status: 429, meaning: 'Too many requests: wait and try again.' },
  internal: { status: 500, meaning: 'A fault on our side; nothing about it is disclosed.' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
