// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { Popup } from '../../src/popup/Popup.tsx';
import { defaultSyncState, SYNC_STATE_KEY, type Attempt, type SyncState } from '../../src/shared/sync-state.ts';
import { recordShowing, type Shown } from './records.ts';
import { INTERRUPTED_MESSAGE } from '../../src/shared/sync-view.ts';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const BELLA = { id: 'c-bella', name: "Bella's Bistro" };

function state(over: Shown): SyncState {
  return recordShowing({ client: BELLA, context: { clientId: BELLA.id, clientName: BELLA.name, isAdmin: true }, now: NOW, ...over });
}

function attempt(i: number, over: Partial<Attempt> = {}): Attempt {
  return {
    at: new Date(NOW - (50 - i) * 60_000).toISOString(),
    clientId: BELLA.id,
    trigger: 'alarm',
    outcome: 'success',
    httpStatus: 200,
    durationMs: 40 + i,
    ordersSynced: i % 4,
    message: null,
    ...over,
  };
}

async function show(s: SyncState): Promise<void> {
  await fakeBrowser.storage.local.set({ [SYNC_STATE_KEY]: s });
  render(<Popup />);
  await act(() => vi.advanceTimersByTimeAsync(0));
}

/** Messages the popup sends to the worker, answered the way the worker would. */
function worker(answer: (message: { type: string }) => unknown = () => ({ kind: 'synced', joined: false, state: defaultSyncState() })) {
  const received: { type: string }[] = [];
  fakeBrowser.runtime.onMessage.addListener((message: { type: string }, _sender, sendResponse: (r: unknown) => void) => {
    received.push(message);
    setTimeout(() => sendResponse(answer(message)), 50);
    return true;
  });
  return received;
}

/** Host access to the dashboard, as Chrome's permissions API would report it. */
let granted = true;
let requests: string[][] = [];
/** Listeners of `permissions.onAdded` and `permissions.onRemoved`, apart: each event is its own. */
const addedListeners: (() => void)[] = [];
const removedListeners: (() => void)[] = [];

function permissionEvent(listeners: (() => void)[]) {
  return {
    addListener: (l: () => void) => void listeners.push(l),
    removeListener: (l: () => void) => void listeners.splice(listeners.indexOf(l), 1),
  };
}

/** The admin changes the extension's site access in the browser's own settings. */
function setGranted(value: boolean): void {
  granted = value;
  for (const l of [...(value ? addedListeners : removedListeners)]) l();
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  granted = true;
  requests = [];
  addedListeners.length = 0;
  removedListeners.length = 0;
  Object.assign(fakeBrowser, {
    permissions: {
      contains: () => Promise.resolve(granted),
      request: ({ origins }: { origins: string[] }) => {
        requests.push(origins);
        setGranted(true);
        return Promise.resolve(true);
      },
      onAdded: permissionEvent(addedListeners),
      onRemoved: permissionEvent(removedListeners),
    },
  });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('popup states', () => {
  it('no client: says so and offers to open the dashboard', async () => {
    await show(defaultSyncState());
    expect(screen.getAllByText('No client selected').length).toBeGreaterThan(0);
    const tabsCreated: string[] = [];
    fakeBrowser.tabs.onCreated.addListener((tab) => void tabsCreated.push(tab.url ?? ''));
    fireEvent.click(screen.getByRole('button', { name: 'Open the dashboard' }));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(tabsCreated).toEqual(['http://localhost:3000/']);
    expect(screen.queryByRole('button', { name: 'Sync Now' })).toBeNull();
  });

  it('names the client being synced, with its id', async () => {
    await show(state({ status: 'idle' }));
    expect(screen.getByText("Bella's Bistro")).toBeTruthy();
    expect(screen.getByText('c-bella')).toBeTruthy();
    expect(screen.getByText('Auto-sync active')).toBeTruthy();
  });

  it('syncing: spinner, and Sync Now disabled saying so', async () => {
    await show(state({ status: 'syncing' }));
    const status = screen.getByText('Syncing…', { selector: '.headline' }).closest('section');
    expect(status?.getAttribute('aria-live')).toBe('polite');
    expect(status?.querySelector('.spinner')).not.toBeNull();
    const button = screen.getByRole('button', { name: 'Syncing…' });
    // aria-disabled rather than disabled: the button keeps keyboard focus while it is unavailable.
    expect(button.getAttribute('aria-disabled')).toBe('true');
  });

  it('success: "Last synced 3 minutes ago", live, with the exact time in a tooltip', async () => {
    const lastSyncAt = new Date(NOW - 3 * 60_000).toISOString();
    await show(
      state({
        status: 'success',
        lastSyncAt,
        nextAttemptAt: NOW + 42_000,
        lastResult: attempt(50, { at: lastSyncAt, ordersSynced: 12, httpStatus: 200, durationMs: 41 }),
      }),
    );
    const headline = screen.getByText('Last synced 3 minutes ago');
    expect(headline.tagName).toBe('TIME');
    expect(headline.getAttribute('dateTime')).toBe(lastSyncAt);
    expect(headline.getAttribute('title')).toBe(
      new Date(lastSyncAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }),
    );
    expect(screen.getByText('in 42 seconds')).toBeTruthy();
    expect(screen.getByText('12 orders · HTTP 200 · 41 ms')).toBeTruthy();
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(screen.getByText('Last synced 4 minutes ago')).toBeTruthy();
    expect(screen.getByText('now')).toBeTruthy();
  });

  it('rate-limited: amber warning with a live countdown; Sync Now says when the retry happens', async () => {
    await show(state({ status: 'rate-limited', retryNotBefore: NOW + 12_000, nextAttemptAt: NOW + 12_000 }));
    expect(screen.getByText('Rate limited, retrying in 12 seconds').closest('section')?.className).toContain('tone-warn');
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Retry in 12 seconds' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(screen.getByText('Rate limited, retrying in 7 seconds')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retry in 7 seconds' })).toBeTruthy();
  });

  it('error: red warning with the message, as text', async () => {
    const message = 'The dashboard had a problem (HTTP 500): <img src=x onerror=alert(1)>. Retrying.';
    await show(state({ status: 'error', error: message, nextAttemptAt: NOW + 8_000 }));
    const headline = screen.getByText(message);
    expect(headline.closest('section')?.className).toContain('tone-error');
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(screen.getByText('in 8 seconds')).toBeTruthy();
  });

  it('signed out: a button that opens the dashboard login', async () => {
    await show(state({ status: 'signed-out', signedOut: true }));
    expect(screen.getByText('Signed out of the dashboard')).toBeTruthy();
    const tabsCreated: string[] = [];
    fakeBrowser.tabs.onCreated.addListener((tab) => void tabsCreated.push(tab.url ?? ''));
    fireEvent.click(screen.getByRole('button', { name: 'Sign in to the dashboard' }));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(tabsCreated).toEqual(['http://localhost:3000/login']);
  });

  it('paused: says so; Resume asks the worker; Sync Now is unavailable', async () => {
    const received = worker(() => state({ status: 'idle' }));
    await show(state({ status: 'paused', pause: { user: true, locked: false, offline: false, noDashboardTab: false } }));
    expect(screen.getByText('Paused', { selector: '.headline' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sync Now' }).getAttribute('aria-disabled')).toBe('true');
    // Unavailable but still focusable: a click (or Enter) sends nothing.
    fireEvent.click(screen.getByRole('button', { name: 'Sync Now' }));
    const resume = screen.getByRole('button', { name: 'Resume' });
    expect(resume.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(resume);
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(received).toEqual([{ type: 'resume' }]);
  });

  it('a sync whose worker died is not shown as running, and Sync Now is offered again', async () => {
    await show(state({ status: 'syncing', lease: { owner: 'dead', expiresAt: NOW - 1_000 } }));
    expect(screen.getByText(INTERRUPTED_MESSAGE, { selector: '.headline' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sync Now' }).getAttribute('aria-disabled')).toBe('false');
  });

  it('a non-admin sees why nothing is synced', async () => {
    await show(state({ status: 'idle', context: { clientId: 'c-bella', clientName: null, isAdmin: false } }));
    expect(screen.getByText('Sync is for dashboard admins')).toBeTruthy();
  });

  it('follows storage changes live', async () => {
    await show(state({ status: 'idle' }));
    await act(async () => {
      await fakeBrowser.storage.local.set({ [SYNC_STATE_KEY]: state({ status: 'syncing' }) });
    });
    expect(screen.getByText('Syncing…', { selector: '.headline' })).toBeTruthy();
  });
});

describe('Sync Now', () => {
  it('sends one message however many times it is clicked, with a spinner meanwhile', async () => {
    const received = worker();
    await show(state({ status: 'success', lastSyncAt: new Date(NOW - 5_000).toISOString() }));
    const button = screen.getByRole('button', { name: 'Sync Now' });
    for (let i = 0; i < 5; i++) fireEvent.click(button);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(screen.getByRole('button', { name: 'Syncing…' })).toBeTruthy();
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(received).toEqual([{ type: 'sync-now' }]);
  });

  it('explains a deferred sync', async () => {
    worker(() => ({ kind: 'deferred', retryAt: NOW + 30_000, state: defaultSyncState() }));
    await show(state({ status: 'success', lastSyncAt: new Date(NOW - 5_000).toISOString() }));
    fireEvent.click(screen.getByRole('button', { name: 'Sync Now' }));
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(screen.getByRole('status').textContent).toMatch(/^Toast asked to wait: the retry is at /);
  });
});

describe('the manual floor in the popup', () => {
  const justNow = (agoMs: number): Shown => {
    const last = attempt(50, { at: new Date(NOW - agoMs - 200).toISOString(), durationMs: 200 });
    return { status: 'success', lastSyncAt: new Date(NOW - agoMs).toISOString(), lastResult: last, history: [last] };
  };

  it('for 10 s after a sync the button says "Up to date"; a click says when it synced', async () => {
    worker(() => ({ kind: 'up-to-date', syncedAt: NOW - 3_000, until: NOW + 7_000, state: defaultSyncState() }));
    await show(state(justNow(3_000)));
    fireEvent.click(screen.getByRole('button', { name: 'Up to date' }));
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(screen.getByRole('status').textContent).toBe('Synced 3 seconds ago — up to date.');
    await act(() => vi.advanceTimersByTimeAsync(7_000));
    expect(screen.getByRole('button', { name: 'Sync Now' })).toBeTruthy();
  });

  it('a click within 10 s of the last manual request says when Sync Now works again', async () => {
    worker(() => ({ kind: 'too-soon', until: NOW + 6_000, state: defaultSyncState() }));
    await show(state({ status: 'error', error: 'Sync failed (HTTP 500).' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sync Now' }));
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(screen.getByRole('status').textContent).toBe('You just synced. Sync Now works again in 6 seconds.');
  });
});

describe('health timeline', () => {
  it('shows up to 50 attempts as marks, each described on focus with time, status and duration', async () => {
    const history = Array.from({ length: 50 }, (_, i) =>
      attempt(i + 1, i === 47 ? { outcome: 'rate-limited', httpStatus: 429, ordersSynced: null, message: 'Rate limited' } : {}),
    );
    await show(state({ status: 'success', lastSyncAt: history[49]?.at ?? null, history }));
    const list = screen.getByRole('list', { name: 'Last 50 sync attempts, oldest first' });
    const marks = within(list).getAllByRole('listitem');
    expect(marks).toHaveLength(50);
    expect(marks[47]?.className).toContain('outcome-rate-limited');
    expect(marks[47]?.getAttribute('aria-label')).toMatch(/Rate limited · HTTP 429 · 88 ms$/);
    expect(marks[49]?.getAttribute('aria-label')).toMatch(/Synced · HTTP 200 · 90 ms · 2 orders$/);
    expect(screen.getByText('· 49 of 50 attempts synced')).toBeTruthy();
  });

  it('the marks are one Tab stop (the newest); the arrow keys, Home and End move between them', async () => {
    const history = Array.from({ length: 50 }, (_, i) => attempt(i + 1));
    await show(state({ status: 'success', lastSyncAt: history[49]?.at ?? null, history }));
    const marks = within(screen.getByRole('list', { name: 'Last 50 sync attempts, oldest first' })).getAllByRole('listitem');
    const stops = (): number[] => marks.flatMap((m, i) => (m.tabIndex === 0 ? [i] : []));
    expect(stops()).toEqual([49]);
    expect(marks.filter((m) => m.tabIndex === -1)).toHaveLength(49);
    marks[49]?.focus();
    fireEvent.keyDown(marks[49] as HTMLElement, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(marks[48]);
    expect(stops()).toEqual([48]);
    fireEvent.keyDown(marks[48] as HTMLElement, { key: 'Home' });
    expect(document.activeElement).toBe(marks[0]);
    fireEvent.keyDown(marks[0] as HTMLElement, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(marks[0]);
    fireEvent.keyDown(marks[0] as HTMLElement, { key: 'End' });
    expect(document.activeElement).toBe(marks[49]);
    expect(stops()).toEqual([49]);
  });
});

describe('host access to the dashboard', () => {
  const headline = (): string | null => document.querySelector('.status .headline')?.textContent ?? null;
  /** The value the facts list gives for `term`. */
  const fact = (term: string): string | null =>
    [...document.querySelectorAll('.facts dt')].find((dt) => dt.textContent === term)?.nextElementSibling?.textContent ?? null;

  it('has it: no notice', async () => {
    await show(state({ status: 'success', lastSyncAt: new Date(NOW - 60_000).toISOString() }));
    expect(screen.queryByRole('button', { name: 'Allow access' })).toBeNull();
  });

  it('lacks it (a dashboard set by policy): says so, asks Chrome on a click, then syncs now', async () => {
    granted = false;
    const received = worker();
    await show(
      state({ status: 'error', error: 'No access to http://localhost:3000 yet. Open the Toast Sync popup and choose Allow access.' }),
    );
    expect(screen.getByText(/needs access to/).textContent).toBe('Toast Sync needs access to http://localhost:3000 to sync there.');
    fireEvent.click(screen.getByRole('button', { name: 'Allow access' }));
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(requests).toEqual([['http://localhost:3000/*', 'http://127.0.0.1:3000/*']]);
    expect(received).toEqual([{ type: 'sync-now' }]);
    expect(screen.queryByRole('button', { name: 'Allow access' })).toBeNull();
  });

  it('withdrawn while the popup is open (Site access, the Permissions tab): the notice appears; given back, it goes', async () => {
    await show(state({ status: 'success', lastSyncAt: new Date(NOW - 60_000).toISOString() }));
    expect(screen.queryByRole('button', { name: 'Allow access' })).toBeNull();
    expect(headline()).toBe('Last synced 1 minute ago');
    act(() => setGranted(false));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(screen.getByRole('alert').textContent).toContain('Toast Sync needs access to http://localhost:3000 to sync there.');
    expect(screen.getByRole('button', { name: 'Allow access' })).toBeTruthy();
    // The status line says so at once (not at the next attempt); how old the data is moves to the facts.
    expect(headline()).toBe('No access to the dashboard');
    expect(fact('Last synced')).toBe('1 minute ago');
    act(() => setGranted(true));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(screen.queryByRole('button', { name: 'Allow access' })).toBeNull();
    expect(headline()).toBe('Last synced 1 minute ago');
    expect(requests).toEqual([]);
  });
});
