'use client';

import type { ReactNode } from 'react';
import { useUser } from '@/contexts/UserContext';

/**
 * Shows the server-rendered content for the selected client. The server renders every
 * client's table (it cannot know the choice, which lives in localStorage); this picks one.
 */
export function ForCurrentClient(props: { byClient: Readonly<Record<string, ReactNode>>; what: string }) {
  const { currentClientId, isAdmin } = useUser();
  if (currentClientId === null) {
    return (
      <p id="no-client" className="muted">
        {isAdmin ? `Select a client to see its ${props.what}.` : 'No client selected.'}
      </p>
    );
  }
  return <>{props.byClient[currentClientId] ?? null}</>;
}
