import type { ErrorCode } from '../../contracts/errors.js';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

export type FieldProblem = { path: string; message: string };

/** One error type for the whole server: a stable code, an HTTP status, a message for people, and bad fields. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldProblem[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, fields?: FieldProblem[]) => new AppError(400, 'invalid_input', message, fields);
export const fieldError = (path: string, message: string) => badRequest(`${path} ${message}`, [{ path, message }]);
export const unauthorized = (message = 'You need to log in.', code: ErrorCode = 'unauthenticated') => new AppError(401, code, message);
export const forbidden = (message = 'Your role does not allow this.') => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} was not found.`);
export const conflict = (message: string, code: ErrorCode = 'conflict') => new AppError(409, code, message);
export const versionConflict = (what: string) =>
  new AppError(409, 'version_conflict', `${what} was changed by someone else since you read it. Reload and try again; nothing was saved.`);

type PgLikeError = { code?: string; constraint?: string; detail?: string };

const CONSTRAINT_MESSAGES: Record<string, FieldProblem> = {
  users_email_key: { path: 'email', message: 'is already used by another account' },
  locations_org_code_key: { path: 'code', message: 'is already used by another clinic' },
  location_holidays_location_date_key: { path: 'date', message: 'already has a holiday at this clinic' },
  treatment_resources_location_name_key: { path: 'name', message: 'is already used by another resource at this clinic' },
};

const EXCLUSION_CODES: Record<string, { code: ErrorCode; message: string }> = {
  appointments_resource_no_overlap: { code: 'resource_busy', message: 'The chair, device or room was booked for that time by someone else just now.' },
  appointments_staff_no_overlap: { code: 'staff_busy', message: 'The staff member was booked for that time by someone else just now.' },
  appointments_patient_no_overlap: { code: 'patient_busy', message: 'The patient was booked for that time by someone else just now.' },
};

/** State rules the database's triggers enforce (SQLSTATE SW409), by the constraint name they raise. */
const STATE_RULES: Partial<Record<ErrorCode, string>> = {
  discharge_from_chart: 'This visit has an open chart: discharge the patient from the chart.',
  balance_from_ledger: 'A patient’s balance moves only by a ledger entry.',
  batch_file_fixed: 'A claim batch’s file is what was sent and never changes.',
};

/** CHECK constraints the database enforces as a last line; each names the field people know. */
const CHECK_MESSAGES: Record<string, FieldProblem> = {
  patient_weights_plausible_check: { path: 'value', message: 'must be between 20 and 350 kg (44-771 lb)' },
};

/** A stored document that no longer passes its schema (for example a draft saved before a rule existed), as a 400. */
export function storedContentProblems(prefix: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldProblem[] {
  return issues.map((i) => ({ path: [prefix, ...i.path.map(String)].join('.'), message: i.message }));
}

function fromDatabaseError(err: unknown): AppError | null {
  // Drizzle wraps the driver's error in `cause`; anything else thrown (a string, null) is not a database error.
  if (typeof err !== 'object' || err === null) return null;
  const pgErr: Partial<PgLikeError> = (err as { cause?: PgLikeError }).cause ?? (err as PgLikeError);
  if (typeof pgErr.code !== 'string') return null;
  if (pgErr.code === '23505') {
    const known = pgErr.constraint ? CONSTRAINT_MESSAGES[pgErr.constraint] : undefined;
    return known
      ? new AppError(409, 'duplicate', `${known.path} ${known.message}`, [known])
      : new AppError(409, 'duplicate', 'A record with these values already exists.');
  }
  // An exclusion constraint (migration 0011): a resource, staff member or patient booked twice at once. The service
  // checks first and names the other appointment; this answers the race it could not see.
  if (pgErr.code === '23P01') {
    const which = pgErr.constraint ? EXCLUSION_CODES[pgErr.constraint] : undefined;
    return new AppError(409, which?.code ?? 'conflict', which?.message ?? 'That time is already taken.');
  }
  if (pgErr.code === '23503') return new AppError(400, 'invalid_reference', 'A referenced record does not exist.');
  if (pgErr.code === '23514') {
    const known = pgErr.constraint ? CHECK_MESSAGES[pgErr.constraint] : undefined;
    return known
      ? new AppError(400, 'invalid_input', `${known.path} ${known.message}`, [known])
      : new AppError(400, 'invalid_input', 'A value is outside what this record allows.');
  }
  // The lock triggers (signed documents, append-only tables) and the chart's discharge rule: a state conflict, not a fault.
  if (pgErr.code === 'P0001') {
    const message = (err as { message?: string; cause?: { message?: string } }).cause?.message ?? (err as { message?: string }).message ?? '';
    return /append-only/.test(message)
      ? new AppError(409, 'conflict', 'This record is append-only.')
      : new AppError(409, 'signed', 'The record is signed and locked. Record an amendment instead.');
  }
  if (pgErr.code === 'SW409') {
    const code = pgErr.constraint as ErrorCode | undefined;
    const rule = code ? STATE_RULES[code] : undefined;
    return code && rule ? new AppError(409, code, rule) : new AppError(409, 'conflict', 'The record’s state does not allow this change.');
  }
  // Wrong format, out of range, bad characters (NUL), too long: the database refused a value, never a 500.
  if (['22P02', '22007', '22008', '22003', '22021', '22001', '22P05', '54000'].includes(pgErr.code)) {
    return new AppError(400, 'invalid_input', 'A value has the wrong format or is out of range.');
  }
  return null;
}

function zodFields(err: FastifyError & { validation?: unknown[]; validationContext?: string }): FieldProblem[] {
  const issues = (err.validation ?? []) as { instancePath?: string; message?: string; params?: { issue?: { path?: PropertyKey[] } } }[];
  return issues.map((v) => {
    const issuePath = v.params?.issue?.path;
    const path = issuePath && issuePath.length > 0 ? issuePath.map(String).join('.') : (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    return { path: path || (err.validationContext ?? 'body'), message: v.message ?? 'is invalid' };
  });
}

/** Maps every error to the one JSON shape. Anything unknown is a 500 with no internals leaked. */
export function handleError(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    if (err.headers) void reply.headers(err.headers);
    return reply.status(err.status).send({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields = zodFields(err);
    const where = err.validationContext === 'querystring' ? 'query' : (err.validationContext ?? 'body');
    const message = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
    return reply.status(400).send({ error: { code: 'invalid_input', message: `Invalid ${where}. ${message}`, fields } });
  }
  if (isResponseSerializationError(err)) {
    request.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
    return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side.' } });
  }
  const dbError = fromDatabaseError(err);
  if (dbError) return handleError(dbError, request, reply);
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    const code =
      err.statusCode === 429 ? 'rate_limited' : err.statusCode === 413 ? 'too_large' : err.statusCode === 415 ? 'unsupported_media_type' : 'invalid_request';
    return reply.status(err.statusCode).send({ error: { code, message: err.message } });
  }
  request.log.error({ err }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side.' } });
}
