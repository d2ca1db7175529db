import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GlobalAbilities, Locale, SessionResponse, SessionUser } from '@trellis/core';
import { Spin } from 'antd';
import { type ReactNode, useCallback, useEffect, useRef } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError, api, onUnauthenticated, setCsrfToken } from './api';
import type { AbilityCheck, Can } from './feature';
import { useLocale } from './i18n';

const SESSION_KEY = ['session'] as const;

async function fetchSession(): Promise<SessionResponse | null> {
  try {
    const session = await api.get<SessionResponse>('/auth/session');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Number.POSITIVE_INFINITY, retry: 1 });
}

/** The signed-in session; only for components rendered under <RequireSession>. */
export function useCurrentSession(): SessionResponse {
  const { data } = useSession();
  if (!data) throw new Error('useCurrentSession outside RequireSession');
  return data;
}

/**
 * Whether the session may do a subject-less action, e.g. `useCan('console.curate')`. The server
 * derives these from its policy registry; the web reads them and never tests a role.
 */
export function useCan(ability: `${string}.${string}`): boolean {
  return useCurrentSession().can?.[ability] === true;
}

/** The session's `can` map as a function, for feature rules (`allow`, `visible`). */
export const canOf =
  (session: Pick<SessionResponse, 'can'>): Can =>
  (ability) =>
    session.can?.[ability] === true;

export function homePath(abilities: GlobalAbilities): string {
  if (abilities.useConsole) return '/console';
  if (abilities.usePortal) return '/portal';
  if (abilities.administer || abilities.viewAudit) return '/admin';
  return '/login';
}

/** Keeps the UI language on the signed-in user's choice and ends the session view on a 401. */
export function SessionSync() {
  const queryClient = useQueryClient();
  const { data } = useSession();
  const { locale, changeLocale } = useLocale();
  const localeRef = useRef(locale);
  localeRef.current = locale;
  const userLocale = data?.user.locale;

  useEffect(() => {
    if (userLocale && userLocale !== localeRef.current) changeLocale(userLocale);
  }, [userLocale, changeLocale]);

  useEffect(() => {
    onUnauthenticated(() => {
      setCsrfToken(null);
      queryClient.setQueryData(SESSION_KEY, null);
    });
    return () => onUnauthenticated(null);
  }, [queryClient]);

  return null;
}

export function useSignIn() {
  const queryClient = useQueryClient();
  const { locale, chosenWhileSignedOut, markChosenWhileSignedOut } = useLocale();
  return useMutation({
    mutationFn: async (credentials: { email: string; password: string }) => {
      let session = await api.post<SessionResponse>('/auth/login', credentials);
      setCsrfToken(session.csrfToken);
      if (chosenWhileSignedOut && session.user.locale !== locale) {
        // The language picked on the sign-in page becomes the user's remembered choice.
        const user = await api.patch<SessionUser>('/me', { locale });
        session = { ...session, user: { ...session.user, ...user } };
      }
      return session;
    },
    onSuccess: (session) => {
      markChosenWhileSignedOut(false);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
      queryClient.setQueryData(SESSION_KEY, session);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
      queryClient.setQueryData(SESSION_KEY, null);
    },
  });
}

/** Switches the language; for a signed-in user the choice is saved on the server (PATCH /me). */
export function useSwitchLocale() {
  const queryClient = useQueryClient();
  const { data: session } = useSession();
  const { locale, changeLocale, markChosenWhileSignedOut } = useLocale();
  const save = useMutation({
    mutationFn: (next: Locale) => api.patch<SessionUser>('/me', { locale: next }),
    onSuccess: (user) => {
      queryClient.setQueryData<SessionResponse | null>(SESSION_KEY, (old) =>
        old ? { ...old, user: { ...old.user, ...user } } : old,
      );
    },
  });
  return useCallback(
    async (next: Locale) => {
      if (next === locale) return;
      const previous = locale;
      changeLocale(next);
      if (!session) {
        markChosenWhileSignedOut(true);
        return;
      }
      try {
        await save.mutateAsync(next);
      } catch (error) {
        changeLocale(previous);
        throw error;
      }
    },
    [locale, session, changeLocale, markChosenWhileSignedOut, save],
  );
}

export function RequireSession({ allow, children }: { allow?: AbilityCheck; children: ReactNode }) {
  const { data: session, isPending, isError } = useSession();
  const location = useLocation();
  if (isPending) return <FullPageSpin />;
  if (isError || !session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (allow && !allow(session.abilities, canOf(session))) return <Navigate to={homePath(session.abilities)} replace />;
  return <>{children}</>;
}

export function FullPageSpin() {
  return (
    <div style={{ display: 'flex', minHeight: '60vh', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" />
    </div>
  );
}
