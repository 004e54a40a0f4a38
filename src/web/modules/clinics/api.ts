import { useQuery } from '@tanstack/react-query';
import type { Location } from '../../../contracts/locations.js';
import { api } from '../../app/api.js';

export function useClinics() {
  return useQuery({ queryKey: ['locations'], queryFn: async () => (await api<{ items: Location[] }>('GET', '/api/locations')).items, staleTime: 60_000 });
}
