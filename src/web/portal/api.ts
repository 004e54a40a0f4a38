// The portal's calls: its own cookie (set by the server), the CSRF token from sign-in or /api/portal/me for writes.
let csrf = '';
export const setCsrf = (token: string) => {
  csrf = token;
};

export class PortalError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string>,
  ) {
    super(message);
  }
}

export async function call<T>(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await res.json().catch(() => ({}))) as T & { error?: { message: string; fields?: { path: string; message: string }[] } };
  if (!res.ok) {
    throw new PortalError(res.status, data.error?.message ?? 'Request failed', Object.fromEntries((data.error?.fields ?? []).map((f) => [f.path, f.message])));
  }
  return data;
}

export type Me = {
  csrfToken?: string;
  patient: {
    id: string;
    name: string;
    firstName: string;
    email: string | null;
    phoneMobile: string | null;
    reminderSms: boolean;
    reminderEmail: boolean;
    language: 'en' | 'es';
    totpEnabled: boolean;
    clinics: { id: string; name: string; phone: string | null }[];
  };
};
export type Visit = {
  id: string;
  clinicName: string;
  address: string;
  clinicPhone: string | null;
  when: string;
  preparation: string[];
  confirmation: string;
  upcoming: boolean;
  visitStatus: string;
  startsAt: string;
};
export type DueQuestionnaire = { id: string; instrument: string; title: string; dueOn: string; status: string; total?: number | null };
export type Form = {
  instrument: string;
  language: 'en' | 'es';
  title: string;
  stem: string;
  items: { index: number; text: string }[];
  options: { value: number; label: string }[];
  attribution: string;
};
export type AnswerResult = {
  total: number;
  severity: string | null;
  explanation: string;
  crisis: boolean;
  crisisResources: { name: string; action: string; href: string }[];
};
export type Scores = {
  series: { instrument: string; title: string; maxTotal: number; remissionBelow: number | null; points: { at: string; total: number; words: string }[] }[];
  treatmentVisits: { at: string }[];
  courses: { id: string; protocolName: string; summary: { instrument: string; text: string }[] }[];
};
