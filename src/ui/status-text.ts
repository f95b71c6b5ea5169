/**
 * What the popup and the sidebar indicator say about the state, in one set of words for both
 * ("Syncing...", "Last synced 3m ago", "Rate limited, retrying in 12s", "Auto-sync active").
 * Pure; `style` picks the long words of the popup or the narrow ones of the sidebar.
 */

import { formatRelative, type RelativeStyle } from '../shared/relative-time.ts';
import { isNonAdmin, pauseWords } from '../shared/badge-view.ts';
import type { SyncState } from '../shared/sync-state.ts';
import type { SyncView } from '../shared/sync-view.ts';

export type Tone = 'busy' | 'ok' | 'warn' | 'error' | 'muted';

export interface StatusText {
  tone: Tone;
  headline: string;
  /** A second line (the error message, why sync is paused); `null` when there is none. */
  detail: string | null;
}

/** The badge's words for the reason, as a sentence. */
function pausedWhy(state: SyncState): string {
  const words = pauseWords(state);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export { isNonAdmin };

export function statusText(state: SyncView, now: number, style: RelativeStyle = 'long'): StatusText {
  switch (state.status) {
    case 'syncing':
      return { tone: 'busy', headline: 'Syncing…', detail: null };
    case 'success': {
      const at = state.lastSyncAt === null ? NaN : Date.parse(state.lastSyncAt);
      return {
        tone: 'ok',
        headline: Number.isNaN(at) ? 'Synced' : `Last synced ${formatRelative(Math.min(at - now, -1), style)}`,
        detail: null,
      };
    }
    case 'rate-limited': {
      const at = state.retryNotBefore ?? state.nextAttemptAt;
      const when = at === null || at <= now ? 'now' : formatRelative(at - now, style);
      return { tone: 'warn', headline: `Rate limited, retrying ${when}`, detail: null };
    }
    case 'error':
      return { tone: 'error', headline: state.error ?? 'Sync failed', detail: null };
    case 'signed-out':
      return { tone: 'muted', headline: 'Signed out of the dashboard', detail: 'Sign in to resume syncing.' };
    case 'paused':
      return { tone: 'muted', headline: pausedWhy(state), detail: null };
    case 'idle':
      if (isNonAdmin(state)) {
        const why =
          state.context.isAdmin === false ? 'This account is not an admin' : 'The dashboard refused the sync for this account (403)';
        return { tone: 'muted', headline: 'Sync is for dashboard admins', detail: `${why}, so nothing is synced.` };
      }
      return state.client === null
        ? { tone: 'muted', headline: 'No client selected', detail: null }
        : { tone: 'muted', headline: 'Auto-sync active', detail: null };
  }
}
