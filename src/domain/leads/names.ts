import { defined } from '../defined.js';
/** A first guess of given and family names from the one name a caller gave ("Jane Q. Doe" -> Jane, Doe). */
export function splitName(name: string): { givenName: string; familyName: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length === 1) return { givenName: defined(parts[0]), familyName: '' };
  return { givenName: defined(parts[0]), familyName: defined(parts[parts.length - 1]) };
}
