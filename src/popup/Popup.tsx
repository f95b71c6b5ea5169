/** The toolbar popup: renders from storage (the single source of truth) and follows it live. */

import { useLayoutEffect, type ReactNode } from 'react';
import { blockedByHostAccess } from '../shared/badge-view.ts';
import { browser } from '../shared/browser.ts';
import { formatRelative } from '../shared/relative-time.ts';
import { dashboardOrigin } from '../shared/settings.ts';
import { syncView, type SyncView } from '../shared/sync-view.ts';
import { StatusIcon } from '../ui/StatusIcon.tsx';
import { statusText, type StatusText } from '../ui/status-text.ts';
import { stored } from '../ui/page-stored.ts';
import { useNow, useSettings, useSyncState } from '../ui/use-stored.ts';
import { HostAccess, useHostAccess } from './HostAccess.tsx';
import { SyncNowButton } from './SyncNowButton.tsx';
import { Timeline } from './Timeline.tsx';

export const POPUP_READY_MARK = 'toast-sync:popup-ready';

/** Access withdrawn: the last result is old news; the notice below says what to do. */
const NO_ACCESS: StatusText = { tone: 'error', headline: 'No access to the dashboard', detail: null };

function openTab(url: string): void {
  void browser.tabs.create({ url }).then(() => window.close());
}

function exactTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

function Facts({ state, now, headlineSaysSynced }: { state: SyncView; now: number; headlineSaysSynced: boolean }) {
  const rows: [string, ReactNode][] = [];
  // On success the headline already says it; otherwise it tells how stale the data is.
  if (state.lastSyncAt !== null && !headlineSaysSynced) {
    rows.push([
      'Last synced',
      <time dateTime={state.lastSyncAt} title={exactTime(state.lastSyncAt)}>
        {formatRelative(Math.min(Date.parse(state.lastSyncAt) - now, -1))}
      </time>,
    ]);
  }
  const scheduled = state.status !== 'paused' && state.status !== 'syncing' ? state.nextAttemptAt : null;
  if (scheduled !== null) {
    rows.push([
      'Next sync',
      <time dateTime={new Date(scheduled).toISOString()} title={exactTime(new Date(scheduled).toISOString())}>
        {scheduled <= now ? 'now' : formatRelative(scheduled - now)}
      </time>,
    ]);
  }
  const last = state.lastResult;
  if (last !== null) {
    const parts = [
      last.ordersSynced === null ? null : `${last.ordersSynced} ${last.ordersSynced === 1 ? 'order' : 'orders'}`,
      last.httpStatus === null ? 'no answer' : `HTTP ${last.httpStatus}`,
      `${last.durationMs} ms`,
    ].filter((p): p is string => p !== null);
    rows.push(['Last result', parts.join(' · ')]);
  }
  if (rows.length === 0) return null;
  return (
    <dl className="facts">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Popup() {
  const record = useSyncState();
  const settings = useSettings();
  const now = useNow(1000);
  const ready = record !== null && settings !== null;
  const access = useHostAccess(settings === null ? '' : dashboardOrigin(settings));
  useLayoutEffect(() => {
    // Lets tests and benchmarks read when the first real content was put on screen.
    if (ready && performance.getEntriesByName(POPUP_READY_MARK).length === 0) performance.mark(POPUP_READY_MARK);
  }, [ready]);
  if (record === null || settings === null) return <main className="popup" aria-busy="true" />;

  const origin = dashboardOrigin(settings);
  const state = syncView(record, settings, now);
  const blocked = blockedByHostAccess(state, access !== false);
  const words = blocked ? NO_ACCESS : statusText(state, now, 'long');
  const headlineSaysSynced = !blocked && state.status === 'success' && state.lastSyncAt !== null;
  const paused = state.pause.user;

  return (
    <main className="popup">
      <header className="header">
        <img src="/icons/icon-32.png" alt="" width={20} height={20} />
        <div className="who">
          <h1>Toast Sync</h1>
          {state.client === null ? (
            <p className="client muted">No client selected</p>
          ) : (
            <p className="client">
              <span className="client-name">{state.client.name ?? 'Client'}</span> <span className="client-id">{state.client.id}</span>
            </p>
          )}
        </div>
      </header>

      <section className={`status tone-${words.tone}`} aria-live="polite" aria-atomic="true">
        <StatusIcon tone={words.tone} paused={state.status === 'paused'} />
        <div>
          {headlineSaysSynced && state.lastSyncAt !== null ? (
            <p className="headline">
              <time dateTime={state.lastSyncAt} title={exactTime(state.lastSyncAt)}>
                {words.headline}
              </time>
            </p>
          ) : (
            <p className="headline">{words.headline}</p>
          )}
          {words.detail !== null && <p className="detail">{words.detail}</p>}
        </div>
      </section>

      {access === false && <HostAccess origin={origin} />}

      {state.client === null && (
        <button type="button" className="button" onClick={() => openTab(`${origin}/`)}>
          Open the dashboard
        </button>
      )}
      {state.status === 'signed-out' && (
        <button type="button" className="button" onClick={() => openTab(`${origin}/login`)}>
          Sign in to the dashboard
        </button>
      )}

      <Facts state={state} now={now} headlineSaysSynced={headlineSaysSynced} />

      {state.client !== null && (
        <div className="actions">
          <SyncNowButton state={state} now={now} />
          <button
            type="button"
            className="button"
            aria-pressed={paused}
            onClick={() => void stored.send({ type: paused ? 'resume' : 'pause' })}
          >
            {paused ? 'Resume' : 'Pause'}
          </button>
        </div>
      )}

      <Timeline history={state.history} />

      <footer className="links">
        <button type="button" className="link" onClick={() => openTab(`${origin}/settings/toast`)}>
          Toast settings in the dashboard
        </button>
        <button type="button" className="link" onClick={() => void browser.runtime.openOptionsPage()}>
          Options
        </button>
      </footer>
    </main>
  );
}
