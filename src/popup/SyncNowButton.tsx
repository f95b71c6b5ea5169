/**
 * Sync Now: disabled with a spinner while a sync runs; during a rate limit's wait it says when
 * the retry happens instead of sending; for 10 s after a sync it says "Up to date" (a click
 * then sends nothing and says when the data was synced). A ref guards against a burst of clicks landing before
 * React re-renders; the worker's single flight guards everything else.
 */

import { useRef, useState } from 'react';
import type { GateReason, SyncNowResult } from '../shared/messages.ts';
import { isMessageError } from '../shared/messages.ts';
import { manualFloor } from '../shared/manual-floor.ts';
import { formatRelative } from '../shared/relative-time.ts';
import type { SyncView } from '../shared/sync-view.ts';
import { stored } from '../ui/page-stored.ts';

const BLOCKED_WORDS: Record<GateReason, string> = {
  'no-client': 'Select a client in the dashboard first.',
  'not-admin': 'Only dashboard admins can sync.',
  paused: 'Sync is paused. Resume to sync.',
  locked: 'Sync is paused while the screen is locked.',
  offline: 'You are offline.',
  'no-dashboard-tab': 'Sync runs only while a dashboard tab is open (see Options).',
  'signed-out': 'Signed out of the dashboard.',
  forbidden: 'The dashboard refused the sync.',
};

function describeResult(result: SyncNowResult | { error: string }, now: number): string | null {
  if (isMessageError(result)) return `Could not sync: ${result.error}`;
  switch (result.kind) {
    case 'blocked':
      return BLOCKED_WORDS[result.reason];
    case 'deferred':
      return `Toast asked to wait: the retry is at ${new Date(result.retryAt).toLocaleTimeString()}.`;
    case 'up-to-date':
      return `Synced ${formatRelative(Math.min(result.syncedAt - now, -1))} — up to date.`;
    case 'too-soon':
      return `You just synced. Sync Now works again ${formatRelative(Math.max(result.until - now, 1))}.`;
    case 'synced':
      return null;
  }
}

export function SyncNowButton({ state, now }: { state: SyncView; now: number }) {
  const [pending, setPending] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const inFlight = useRef(false);

  const waitUntil = state.retryNotBefore !== null && state.retryNotBefore > now ? state.retryNotBefore : null;
  const busy = pending || state.status === 'syncing';
  // A page that says "not an admin" is final; a 403 alone may be tried again by hand (the
  // account may have changed since).
  const unavailable = state.client === null || state.context.isAdmin === false || state.status === 'paused';

  // Not `disabled`: a disabled button drops keyboard focus to the top of the popup, and the
  // button turns unavailable on its own while a sync runs. `aria-disabled` keeps it focused
  // and still says it is unavailable.
  const off = busy || waitUntil !== null || unavailable;

  async function click(): Promise<void> {
    if (off || inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    setNote(null);
    try {
      setNote(describeResult(await stored.send<'sync-now'>({ type: 'sync-now' }), Date.now()));
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  }

  const floor = state.client === null ? null : manualFloor(state, state.client.id, now);
  let label = 'Sync Now';
  if (busy) label = 'Syncing…';
  else if (waitUntil !== null) label = `Retry ${formatRelative(waitUntil - now)}`;
  else if (floor?.kind === 'up-to-date') label = 'Up to date';

  return (
    <div className="sync-now">
      <button
        type="button"
        className="button primary"
        onClick={() => void click()}
        aria-disabled={off}
        aria-busy={busy}
        aria-describedby={waitUntil !== null ? 'sync-now-wait' : undefined}
      >
        {busy && <span className="spinner small" aria-hidden="true" />}
        {label}
      </button>
      {waitUntil !== null && (
        <span id="sync-now-wait" className="visually-hidden">
          Toast rate-limited the sync; the extension retries at {new Date(waitUntil).toLocaleTimeString()}.
        </span>
      )}
      {note !== null && (
        <p className="note small" role="status">
          {note}
        </p>
      )}
    </div>
  );
}
