import { describe, expect, it } from 'vitest';
import { createContextFeed } from '../../src/content/context-feed.ts';
import type { DashboardContext } from '../../src/shared/sync-state.ts';

const ORIGIN = 'http://localhost:3000';
const self = { name: 'page window' };

function feed(stored: Record<string, string> = {}) {
  const sent: DashboardContext[] = [];
  const f = createContextFeed({
    self,
    origin: ORIGIN,
    storage: { getItem: (k) => stored[k] ?? null },
    storageKey: () => 'currentClientId',
    send: (c) => sent.push(c),
  });
  return { f, sent, stored };
}

const announce = (data: unknown, over: { source?: unknown; origin?: string } = {}) => ({
  source: over.source ?? self,
  origin: over.origin ?? ORIGIN,
  data,
});

describe('dashboard context from the page', () => {
  it('takes the page announcement at once', () => {
    const { f, sent } = feed();
    f.onMessage(announce({ type: 'toast-sync:context', clientId: 'c1', clientName: 'Bella', isAdmin: true }));
    expect(sent).toEqual([{ clientId: 'c1', clientName: 'Bella', isAdmin: true }]);
  });

  it('rejects forged messages: another window, another origin, or any other shape', () => {
    const { f, sent } = feed();
    const good = { type: 'toast-sync:context', clientId: 'c1', clientName: 'Bella', isAdmin: true };
    f.onMessage(announce(good, { source: { name: 'an iframe' } }));
    f.onMessage(announce(good, { origin: 'https://evil.example' }));
    f.onMessage(announce({ ...good, isAdmin: 'yes' }));
    f.onMessage(announce({ ...good, extra: 'field' }));
    f.onMessage(announce({ ...good, clientId: '' }));
    f.onMessage(announce({ ...good, clientId: 'x'.repeat(500) }));
    f.onMessage(announce('toast-sync:context'));
    f.onMessage(announce(null));
    expect(sent).toEqual([]);
  });

  it('reads localStorage only after the grace period, and only if the page never announced', () => {
    const { f, sent } = feed({ currentClientId: 'c7' });
    f.refresh();
    expect(sent).toEqual([]);
    f.allowFallback();
    expect(sent).toEqual([{ clientId: 'c7', clientName: null, isAdmin: null }]);
  });

  it('a page that says "not an admin" is never overruled by localStorage', () => {
    const { f, sent } = feed({ currentClientId: 'c7' });
    f.onMessage(announce({ type: 'toast-sync:context', clientId: 'c7', clientName: null, isAdmin: false }));
    f.allowFallback();
    f.refresh();
    expect(sent).toEqual([{ clientId: 'c7', clientName: null, isAdmin: false }]);
  });

  it('follows localStorage changes on refresh, and reports each change once', () => {
    const { f, sent, stored } = feed({ currentClientId: 'c1' });
    f.allowFallback();
    f.refresh();
    stored.currentClientId = '"c2"';
    f.refresh();
    f.refresh();
    delete stored.currentClientId;
    f.refresh();
    expect(sent.map((c) => c.clientId)).toEqual(['c1', 'c2', null]);
  });

  it('resend reports an unchanged context again (the page is back after a sign-in), and nothing before it is known', () => {
    const { f, sent } = feed({ currentClientId: 'c1' });
    f.resend();
    expect(sent).toEqual([]);
    f.allowFallback();
    f.refresh();
    f.resend();
    f.refresh();
    expect(sent.map((c) => c.clientId)).toEqual(['c1', 'c1']);
  });

  it('signing in without a page load: a stored client waits out the new page’s grace, and a "not an admin" in it wins', () => {
    const { f, sent } = feed({ currentClientId: 'c1' });
    f.allowFallback(); // the login page never announced; its grace is long over
    expect(sent.map((c) => c.clientId)).toEqual(['c1']);
    // Signed in as staff: the client-side navigation tells the worker the page is back…
    f.holdFallback();
    f.resend();
    f.refresh();
    expect(sent).toHaveLength(1); // …but not with the stored client before the page could speak
    f.onMessage(announce({ type: 'toast-sync:context', clientId: 'c1', clientName: 'Bella', isAdmin: false }));
    f.allowFallback();
    expect(sent.slice(1)).toEqual([{ clientId: 'c1', clientName: 'Bella', isAdmin: false }]);
  });

  it('… and a page that never announces is reported again from localStorage once the grace is over', () => {
    const { f, sent } = feed({ currentClientId: 'c1' });
    f.allowFallback();
    f.holdFallback();
    f.resend();
    expect(sent).toHaveLength(1);
    f.allowFallback();
    expect(sent.map((c) => c.clientId)).toEqual(['c1', 'c1']);
  });
});
