/** A field-level error answer from the public API. */
export class PublicApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string>,
  ) {
    super(message);
  }
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  const data = (await res.json().catch(() => ({}))) as { error?: { message: string; fields?: { path: string; message: string }[] } };
  if (!res.ok) {
    const fields = Object.fromEntries((data.error?.fields ?? []).map((f) => [f.path.replace(/^contact\./, ''), f.message]));
    throw new PublicApiError(res.status, data.error?.message ?? 'Something went wrong. Please call us instead.', fields);
  }
  return data as T;
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`Request failed (${res.status})`);
  return (await res.json()) as T;
}

export const visitorTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
