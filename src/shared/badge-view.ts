/**
 * The badge view: status → badge text, colour, tooltip and icon (the badge table, docs/architecture.md), in one
 * table and one function. The popup's and the sidebar's words borrow its pause and non-admin wording.
 */

import { noHostAccessMessage } from './host-access.ts';
import { clientLabel, type SyncState } from './sync-state.ts';
import type { SyncStatus, SyncView } from './sync-view.ts';
import { formatRelative } from './relative-time.ts';

export interface BadgeView {
  text: string;
  /** `null`: no badge background (the idle row). */
  color: string | null;
  title: string;
  /** The greyed icon stands for "nothing is being synced". */
  icon: 'active' | 'inactive';
}

export const STATUS_COLORS = {
  syncing: '#2563eb',
  success: '#16a34a',
  'rate-limited': '#d97706',
  error: '#dc2626',
  'signed-out': '#6b7280',
  paused: '#6b7280',
  idle: null,
} as const satisfies Record<SyncStatus, string | null>;

const BADGE_TEXT: Record<SyncStatus, string> = {
  syncing: '…',
  success: '✓',
  'rate-limited': 'wait',
  error: '!',
  'signed-out': '?',
  paused: 'off',
  idle: '',
};

/**
 * Whether sync is off because this account is not an admin: the page said so, or the server
 * refused (403) the client being synced. Either way the extension shows and sends nothing.
 */
export function isNonAdmin(state: SyncState): boolean {
  return state.context.isAdmin === false || (state.client !== null && state.forbiddenClientId === state.client.id);
}

const INACTIVE: ReadonlySet<SyncStatus> = new Set(['idle', 'paused', 'signed-out']);

const PAUSE_WORDS = {
  user: 'paused',
  locked: 'paused while the screen is locked',
  offline: 'paused while offline',
  noDashboardTab: 'paused until a dashboard tab is open',
};

export function pauseWords(state: SyncState): string {
  if (state.pause.user) return PAUSE_WORDS.user;
  if (state.pause.locked) return PAUSE_WORDS.locked;
  if (state.pause.offline) return PAUSE_WORDS.offline;
  if (state.pause.noDashboardTab) return PAUSE_WORDS.noDashboardTab;
  return PAUSE_WORDS.user;
}

function detail(state: SyncView, now: number): string {
  switch (state.status) {
    case 'syncing':
      return 'syncing…';
    case 'success':
      return state.lastSyncAt === null ? 'synced' : `last synced ${formatRelative(Date.parse(state.lastSyncAt) - now)}`;
    case 'rate-limited': {
      const at = state.retryNotBefore ?? state.nextAttemptAt;
      return at === null || at <= now ? 'rate limited, retrying now' : `rate limited, retrying ${formatRelative(at - now)}`;
    }
    case 'error': {
      // The tooltip is drawn when the state changes, so it names a clock time, not a countdown.
      const next =
        state.nextAttemptAt === null
          ? ''
          : ` Next try at ${new Date(state.nextAttemptAt).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })}.`;
      return `${state.error ?? 'sync failed'}${next}`;
    }
    default:
      return '';
  }
}

/** A sync would go out for this record but for the missing host access: that is the news, not the last result. */
export function blockedByHostAccess(state: SyncView, hostAccess: boolean): boolean {
  const { status, client } = state;
  return !hostAccess && client !== null && status !== 'paused' && status !== 'signed-out' && !isNonAdmin(state);
}

/**
 * `hostAccess`: whether the extension may reach the dashboard the record is about. Withdrawn,
 * it outranks what the record says wherever a sync would otherwise go out: the record keeps
 * showing the last sync until the next attempt fails for want of access, an interval later.
 */
export function badgeView(state: SyncView, now: number, hostAccess = true): BadgeView {
  const { status, client, dashboard } = state;
  if (blockedByHostAccess(state, hostAccess) && dashboard !== null && client !== null) {
    return {
      text: BADGE_TEXT.error,
      color: STATUS_COLORS.error,
      title: `Toast sync · ${clientLabel(client)} · ${noHostAccessMessage(dashboard)}`,
      icon: 'active',
    };
  }
  let title: string;
  if (status === 'signed-out') title = 'Toast sync · signed out of the dashboard';
  else if (status === 'paused') title = `Toast sync · ${pauseWords(state)}`;
  else if (isNonAdmin(state)) title = 'Toast sync · off: this dashboard account is not an admin';
  else if (state.client === null) title = 'Toast sync · no client selected';
  else if (status === 'idle') title = `Toast sync · ${clientLabel(state.client)} · auto-sync active`;
  else title = `Toast sync · ${clientLabel(state.client)} · ${detail(state, now)}`;
  return {
    text: BADGE_TEXT[status],
    color: STATUS_COLORS[status],
    title,
    icon: INACTIVE.has(status) ? 'inactive' : 'active',
  };
}
