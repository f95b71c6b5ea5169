/**
 * The admin's session in Chromium, as `npm start` (dev/demo.ts) and the Chromium end-to-end
 * tests both drive it: the reference dashboard's seeded accounts and clients, the dashboard tab
 * the admin works in, and what the extension's worker shows (its record and its badge).
 */

import type { Page, Worker } from 'playwright-core';
import type { SyncState } from '../src/shared/sync-state.ts';

/** Seeded by the reference dashboard (examples/crm-dashboard/lib/data.ts). */
export const ADMIN = { email: 'admin@demo.test', password: 'admin123' };
export const STAFF = { email: 'staff@demo.test', password: 'staff123' };
export const BELLA = { id: 'c-bella', name: "Bella's Bistro" };
export const HARBOR = { id: 'c-harbor', name: 'Harbor Grill' };

export interface Account {
  email: string;
  password: string;
}

export class DashboardTab {
  constructor(
    readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async signIn(user: Account): Promise<void> {
    await this.page.goto(`${this.baseUrl}/login`);
    await this.signInHere(user);
  }

  /** Signs in on the login page this tab already shows: no page load of our own. */
  async signInHere(user: Account): Promise<void> {
    await this.page.fill('input[type=email], input[name=email]', user.email);
    await this.page.fill('input[type=password]', user.password);
    await Promise.all([this.page.waitForURL(/\/visits/), this.page.click('button[type=submit]')]);
  }

  async signOut(): Promise<void> {
    await Promise.all([this.page.waitForURL(/\/login/), this.page.getByRole('button', { name: 'Sign Out' }).click()]);
  }

  async selectClient(id: string): Promise<void> {
    await this.page.selectOption('#client-picker', id);
  }

  async open(path: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}${path}`);
  }
}

/** The engine's record in storage.local; undefined until its first write. */
export async function readSyncState(worker: Worker): Promise<SyncState | undefined> {
  return worker.evaluate(async () => {
    const items = await chrome.storage.local.get('syncState');
    return items.syncState as SyncState | undefined;
  });
}

export async function readBadge(worker: Worker): Promise<{ text: string; title: string }> {
  return worker.evaluate(async () => ({
    text: await chrome.action.getBadgeText({}),
    title: await chrome.action.getTitle({}),
  }));
}
