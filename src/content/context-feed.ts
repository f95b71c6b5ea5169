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

  function refresh(): void {
    if (announced !== null) emit(announced);
    else if (fallbackAllowed) emit(contextFromStorage(deps.storage, deps.storageKey()));
  }

  return {
    onMessage(event) {
      const context = contextFromMessage(event, deps.self, deps.origin);
      if (context === null) return;
      announced = context;
      emit(context);
    },
    refresh,
    allowFallback() {
      fallbackAllowed = true;
      refresh();
    },
    current: () => lastSent,
  };
}
