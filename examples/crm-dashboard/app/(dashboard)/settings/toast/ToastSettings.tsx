'use client';

/**
 * The Toast settings page: the page's own Sync Now, and the Integration Status it shows, which
 * is re-read after each sync, the page's own and the Toast Sync Companion extension's.
 */

import { useCallback, useEffect, useState } from 'react';
import { PageHeader } from '@/components/PageHeader';
import { useUser } from '@/contexts/UserContext';

interface IntegrationStatus {
  clientId: string;
  connected: boolean;
  last_sync_at: string | null;
  last_sync_status: string | null;
  last_sync_orders: number | null;
}

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; status: IntegrationStatus };

async function describeSync(res: Response): Promise<string> {
  const text = await res.text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = null;
  }
  const fields = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  if (res.redirected) return 'Session expired: sign in again';
  if (res.ok && typeof fields.ordersSynced === 'number')
    return `Synced ${fields.ordersSynced} ${fields.ordersSynced === 1 ? 'order' : 'orders'}`;
  if (typeof fields.error === 'string') return fields.error;
  if (res.ok) return 'Unexpected answer from the server';
  return `Sync failed (HTTP ${res.status})`;
}

export function ToastSettings() {
  const { currentClientId, isAdmin } = useUser();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  // Bumped to re-read the Integration Status.
  const [refresh, setRefresh] = useState(0);
  const [syncing, setSyncing] = useState(false);
  const [result, setResult] = useState('');

  const reload = useCallback(() => setRefresh((n) => n + 1), []);

  // The extension dispatches `toast-sync:synced` on the document after each of its syncs.
  useEffect(() => {
    document.addEventListener('toast-sync:synced', reload);
    return () => document.removeEventListener('toast-sync:synced', reload);
  }, [reload]);

  useEffect(() => {
    if (currentClientId === null) return;
    const abort = new AbortController();
    fetch(`/api/toast/setup?clientId=${encodeURIComponent(currentClientId)}`, { signal: abort.signal, cache: 'no-store' })
      .then(async (res) => {
        if (res.status === 401) {
          window.location.assign('/login');
          return;
        }
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        setLoaded({ state: 'ready', status: (await res.json()) as IntegrationStatus });
      })
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        setLoaded({ state: 'error', message: error instanceof Error ? error.message : 'network error' });
      });
    return () => abort.abort();
  }, [currentClientId, refresh]);

  // A different client: forget the previous one's answer.
  useEffect(() => {
    setResult('');
    setLoaded({ state: 'loading' });
  }, [currentClientId]);

  async function syncNow(clientId: string): Promise<void> {
    setSyncing(true);
    setResult('Syncing…');
    let message: string;
    try {
      const res = await fetch('/api/toast/sync', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ clientId }),
      });
      message = await describeSync(res);
    } catch {
      message = 'Network error: the dashboard did not answer';
    }
    setResult(message);
    setSyncing(false);
    reload();
  }

  if (currentClientId === null) {
    return (
      <>
        <PageHeader title="Toast Settings" />
        <p id="no-client" className="muted">
          {isAdmin ? 'Select a client to see its Toast integration.' : 'No client selected.'}
        </p>
      </>
    );
  }

  const status = loaded.state === 'ready' ? loaded.status : null;
  const pendingText = loaded.state === 'error' ? `Could not load: ${loaded.message}` : '…';
  return (
    <>
      <PageHeader title="Toast Settings" />
      <section id="toast-integration" className="card">
        <h2>Toast POS</h2>
        <p className="muted">Orders are pulled from Toast for the selected client.</p>
        <div className="row">
          <button type="button" id="page-sync-now" className="primary" disabled={syncing} onClick={() => void syncNow(currentClientId)}>
            Sync Now
          </button>
          <p id="page-sync-result" role="status" className="result">
            {result}
          </p>
        </div>
      </section>
      <section id="integration-status" className="card">
        <h2>Integration Status</h2>
        <dl>
          <dt>Connection</dt>
          <dd id="integration-connected">{status === null ? pendingText : status.connected ? 'Connected' : 'Not connected'}</dd>
          <dt>Last sync</dt>
          <dd id="last-sync-at">{status === null ? '…' : (status.last_sync_at ?? 'Never')}</dd>
          <dt>Last status</dt>
          <dd id="last-sync-status">{status === null ? '…' : (status.last_sync_status ?? '—')}</dd>
          <dt>Orders</dt>
          <dd id="last-sync-orders">{status === null || status.last_sync_orders === null ? '—' : status.last_sync_orders}</dd>
        </dl>
      </section>
    </>
  );
}
