'use client';

/**
 * The signed-in user (handed down by the server-rendered dashboard layout) and the client
 * (restaurant) the user is working on, chosen in the sidebar's picker and remembered in
 * localStorage['currentClientId'].
 *
 * localStorage is read in an effect, never during render: the server cannot see it, so the
 * first client render must match the server's HTML (no client selected) or React reports a
 * hydration mismatch.
 */

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Client, PublicUser } from '@/lib/data';

const CLIENT_KEY = 'currentClientId';

export interface UserContextValue {
  user: PublicUser;
  isAdmin: boolean;
  clients: readonly Client[];
  /** null until localStorage has been read (after hydration), or when none is selected. */
  currentClientId: string | null;
  currentClient: Client | null;
  setCurrentClientId: (id: string | null) => void;
}

const UserContext = createContext<UserContextValue | null>(null);

function storedClientId(clients: readonly Client[]): string | null {
  try {
    const id = window.localStorage.getItem(CLIENT_KEY);
    return id !== null && clients.some((c) => c.id === id) ? id : null;
  } catch {
    return null; // storage disabled
  }
}

export function UserProvider(props: {
  user: PublicUser;
  clients: readonly Client[];
  /** Whether to announce the context to the Toast Sync Companion extension (server setting). */
  announceContext: boolean;
  children: ReactNode;
}) {
  const { user, clients, announceContext, children } = props;
  const [currentClientId, setClientIdState] = useState<string | null>(null);
  // True once localStorage has been read: announcing before that would say "no client".
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    setClientIdState(storedClientId(clients));
    setRestored(true);
  }, [clients]);

  const setCurrentClientId = useCallback((id: string | null) => {
    try {
      if (id === null) window.localStorage.removeItem(CLIENT_KEY);
      else window.localStorage.setItem(CLIENT_KEY, id);
    } catch {
      // Storage can be disabled; the choice still holds for this page.
    }
    setClientIdState(id);
  }, []);

  const isAdmin = user.role === 'admin';
  const currentClient = clients.find((c) => c.id === currentClientId) ?? null;

  // ── Toast Sync Companion integration ─────────────────────────────────────────────────────
  // These few lines are all a dashboard needs to tell the extension which client is selected
  // and whether the user is an admin: copy them into your own UserContext. The message stays
  // in this window (target origin = the page's own origin); the extension's content script
  // listens for it. Without it, the extension falls back to localStorage['currentClientId'].
  // An extension that starts while this page is already open asks with `toast-sync:hello`;
  // answering it is optional (it then reads localStorage, and learns the role from a 403).
  const clientName = currentClient?.name ?? null;
  useEffect(() => {
    if (!announceContext || !restored) return;
    const announce = (): void =>
      window.postMessage({ type: 'toast-sync:context', clientId: currentClientId, clientName, isAdmin }, window.location.origin);
    const onHello = (event: MessageEvent): void => {
      if (event.source === window && (event.data as { type?: unknown } | null)?.type === 'toast-sync:hello') announce();
    };
    announce();
    window.addEventListener('message', onHello);
    return () => window.removeEventListener('message', onHello);
  }, [announceContext, restored, currentClientId, clientName, isAdmin]);
  // ──────────────────────────────────────────────────────────────────────────────────────────

  const value = useMemo<UserContextValue>(
    () => ({ user, isAdmin, clients, currentClientId, currentClient, setCurrentClientId }),
    [user, isAdmin, clients, currentClientId, currentClient, setCurrentClientId],
  );
  return <UserContext.Provider value={value}>{children}</UserContext.Provider>;
}

export function useUser(): UserContextValue {
  const value = useContext(UserContext);
  if (value === null) throw new Error('useUser() needs a <UserProvider> above it');
  return value;
}
