'use client';

import { useUser } from '@/contexts/UserContext';

/** A page title with the selected client's name under it. */
export function PageHeader({ title }: { title: string }) {
  const { currentClient } = useUser();
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {currentClient !== null && <p className="muted">{currentClient.name}</p>}
    </header>
  );
}
