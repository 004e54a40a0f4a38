import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionResponse } from '../../contracts/auth.js';
import { api, ApiError, SESSION_ENDED_EVENT, setCsrfToken } from './api.js';
import { setUserTimeZone } from '../ui/format.js';

type SessionValue = {
  session: SessionResponse | null;
  loading: boolean;
  login: (input: { email: string; password: string; totp?: string }) => Promise<SessionResponse>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
};

const SessionContext = createContext<SessionValue | null>(null);

async function fetchSession(): Promise<SessionResponse | null> {
  try {
    const s = await api<SessionResponse>('GET', '/api/auth/me');
    setCsrfToken(s.csrfToken);
    setUserTimeZone(s.user.timeZone);
    return s;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const query = useQuery({ queryKey: ['session'], queryFn: fetchSession, staleTime: 60_000, retry: false });
  useEffect(() => {
    // Any 401 from the API means the session is over: forget it and everything loaded under it.
    const ended = () => {
      setCsrfToken(null);
      setUserTimeZone(null);
      qc.setQueryData(['session'], null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    };
    window.addEventListener(SESSION_ENDED_EVENT, ended);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, ended);
  }, [qc]);
  const loginMutation = useMutation({
    mutationFn: (input: { email: string; password: string; totp?: string }) => api<SessionResponse>('POST', '/api/auth/login', input),
    onSuccess: (s) => {
      setCsrfToken(s.csrfToken);
      setUserTimeZone(s.user.timeZone);
      qc.setQueryData(['session'], s);
    },
  });
  const value: SessionValue = {
    session: query.data ?? null,
    loading: query.isLoading,
    login: (input) => loginMutation.mutateAsync(input),
    logout: async () => {
      await api('POST', '/api/auth/logout').catch(() => undefined);
      setCsrfToken(null);
      setUserTimeZone(null);
      // Set the session to null in place (clearing the cache would leave the observer on the old query and its
      // old user), then drop every other cached answer so nothing of the last user stays in memory.
      qc.setQueryData(['session'], null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    },
    refresh: async () => {
      await qc.invalidateQueries({ queryKey: ['session'] });
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
