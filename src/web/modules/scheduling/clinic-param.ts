import { useSearchParams } from 'react-router';
import { useSession } from '../../app/session.js';
import { useClinics } from '../clinics/api.js';

/**
 * The clinic a scheduling page shows, kept in the URL (`?clinic=`, so a wall screen or a shared link opens the same
 * view): the user's clinics, the chosen one (their first by default), and a setter for any search parameter.
 */
export function useClinicParam() {
  const { session } = useSession();
  const clinics = useClinics();
  const [params, setParams] = useSearchParams();
  const mine = (clinics.data ?? []).filter((c) => session?.user.organizationWide || session?.user.locationIds.includes(c.id));
  const locationId = params.get('clinic') ?? mine[0]?.id ?? null;
  const clinic = mine.find((c) => c.id === locationId);
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return { mine, locationId, clinic, params, set };
}
