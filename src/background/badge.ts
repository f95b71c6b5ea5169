/** Paints the toolbar badge, tooltip and icon from the state (table in shared/badge-view.ts). */

import { badgeView } from '../shared/badge-view.ts';
import type { Settings } from '../shared/settings.ts';
import type { SyncState } from '../shared/sync-state.ts';
import { syncView } from '../shared/sync-view.ts';

export interface ActionPort {
  setBadgeText(details: { text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { color: string }): Promise<void>;
  setBadgeTextColor?(details: { color: string }): Promise<void>;
  setTitle(details: { title: string }): Promise<void>;
  setIcon?(details: { path: Record<string, string> }): Promise<void>;
}

const SIZES = [16, 32, 48, 128] as const;

export function iconPaths(variant: 'active' | 'inactive'): Record<string, string> {
  const suffix = variant === 'active' ? '' : '-inactive';
  return Object.fromEntries(SIZES.map((size) => [String(size), `/icons/icon-${size}${suffix}.png`]));
}

export interface BadgePainter {
  /** Draws a state: the engine's `onStateChange`. */
  paint: (state: SyncState) => Promise<void>;
  /** Draws the last state again: host access to the dashboard may have changed, the record not. */
  repaint: () => Promise<void>;
}

/**
 * `hostAccess` tells whether the extension may reach a dashboard origin (unknown counts as yes:
 * the badge claims no access only when the browser says so). Paints run one at a time: each
 * awaits that answer first, and an older state must not be drawn over a newer one.
 */
export function createBadgePainter(
  action: ActionPort,
  now: () => number,
  settings: () => Promise<Settings>,
  hostAccess: (origin: string) => Promise<boolean> = () => Promise.resolve(true),
): BadgePainter {
  let last: SyncState | null = null;
  let queue: Promise<void> = Promise.resolve();

  async function draw(state: SyncState): Promise<void> {
    const access = state.dashboard === null || (await hostAccess(state.dashboard).catch(() => true));
    const at = now();
    const view = badgeView(syncView(state, await settings(), at), at, access);
    await Promise.all([
      action.setBadgeText({ text: view.text }),
      view.color === null ? Promise.resolve() : action.setBadgeBackgroundColor({ color: view.color }),
      action.setBadgeTextColor?.({ color: '#ffffff' }),
      action.setTitle({ title: view.title }),
      action.setIcon?.({ path: iconPaths(view.icon) }),
    ]);
  }

  function enqueue(state: SyncState): Promise<void> {
    const run = queue.then(() => draw(state));
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    paint: (state) => {
      last = state;
      return enqueue(state);
    },
    // A worker that has drawn nothing yet draws at its engine's start, with access asked afresh.
    repaint: () => (last === null ? Promise.resolve() : enqueue(last)),
  };
}
