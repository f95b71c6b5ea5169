/** Paints the toolbar badge, tooltip and icon from the state (table in shared/badge-view.ts). */

import { badgeView } from '../shared/badge-view.ts';
import type { SyncState } from '../shared/sync-state.ts';

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

export function createBadgePainter(action: ActionPort, now: () => number): (state: SyncState) => Promise<void> {
  return async (state) => {
    const view = badgeView(state, now());
    await Promise.all([
      action.setBadgeText({ text: view.text }),
      view.color === null ? Promise.resolve() : action.setBadgeBackgroundColor({ color: view.color }),
      action.setBadgeTextColor?.({ color: '#ffffff' }),
      action.setTitle({ title: view.title }),
      action.setIcon?.({ path: iconPaths(view.icon) }),
    ]);
  };
}
