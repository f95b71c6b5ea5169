/**
 * Decides which dashboard context to report to the worker, and when. The page's own
 * announcement always wins. localStorage is only a fallback, used after a short grace
 * period past `load`: a dashboard that announces `isAdmin: false` must be heard before a
 * stored client id could start a sync for a non-admin.
 */

import type { DashboardContext } from '../shared/sync-state.ts';
import { contextFromMessage, contextFromStorage, sameContext, type MessageEventLike } from './context.ts';

/** How long after `load` the page has to announce itself before localStorage is read. */
export const ANNOUNCEMENT_GRACE_MS = 1_000;

/**
 * Posted to the page when the content script arrives after the page loaded (a tab that was
 * open before the extension started): a dashboard that announces its context may announce it
 * again on hearing it.
 */
export const HELLO_MESSAGE = { type: 'toast-sync:hello' } as const;

export interface ContextFeedDeps {
  /** The page's window, for the same-window check on messages. */
  self: unknown;
  origin: string;
  storage: Pick<Storage, 'getItem'>;
  storageKey(): string;
  send(context: DashboardContext): void;
}

export interface ContextFeed {
  onMessage(event: MessageEventLike): void;
  /** Re-read after navigation, focus, a picker change or a storage event. */
  refresh(): void;
  /** Report the current context again even if it has not changed (the page is back after a sign-in). */
  resend(): void;
  /**
   * A navigation after which the page may be another user's (signing in without a page load):
   * until the new page had its grace to announce, a page that never announced reports
   * nothing from localStorage. Call `allowFallback` when the grace is over.
   */
  holdFallback(): void;
  /** The grace period is over: localStorage may speak for a page that never announced. */
  allowFallback(): void;
  /** What was last reported, if anything. */
  current(): DashboardContext | null;
}

export function createContextFeed(deps: ContextFeedDeps): ContextFeed {
  let announced: DashboardContext | null = null;
  let fallbackAllowed = false;
  let lastSent: DashboardContext | null = null;

  function emit(context: DashboardContext): void {
    if (sameContext(lastSent, context)) return;
    lastSent = context;
    deps.send(context);
  }

  function known(): DashboardContext | null {
    if (announced !== null) return announced;
    return fallbackAllowed ? contextFromStorage(deps.storage, deps.storageKey()) : null;
  }

  function refresh(): void {
    const context = known();
    if (context !== null) emit(context);
  }

  return {
    onMessage(event) {
      const context = contextFromMessage(event, deps.self, deps.origin);
      if (context === null) return;
      announced = context;
      emit(context);
    },
    refresh,
    resend() {
      lastSent = null;
      refresh();
    },
    allowFallback() {
      fallbackAllowed = true;
      refresh();
    },
    holdFallback() {
      fallbackAllowed = false;
    },
    current: () => lastSent,
  };
}
