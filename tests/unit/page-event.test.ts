// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchPageEvent } from '../../src/content/page-event.ts';

const scope = globalThis as { cloneInto?: unknown };
afterEach(() => {
  delete scope.cloneInto;
});

function listen(type: string): unknown[] {
  const seen: unknown[] = [];
  document.addEventListener(type, (event) => seen.push((event as CustomEvent).detail));
  return seen;
}

describe('events for the dashboard page', () => {
  it('in Chrome (no cloneInto) hands the page the detail as it is', () => {
    const seen = listen('toast-sync:synced');
    const detail = { clientId: 'c-bella', status: 'ok', syncedAt: 1 };
    dispatchPageEvent(document, 'toast-sync:synced', detail);
    expect(seen).toEqual([detail]);
  });

  it('in Firefox clones the detail into the page’s window, so page code may read it', () => {
    const targets: unknown[] = [];
    // Firefox's cloneInto returns a copy owned by the target window; a marked copy stands in.
    scope.cloneInto = (value: object, target: object) => {
      targets.push(target);
      return { ...value, ownedByPage: true };
    };
    const seen = listen('toast-sync:synced');
    dispatchPageEvent(document, 'toast-sync:synced', { clientId: 'c-bella', status: 'ok', syncedAt: 1 });
    expect(targets).toEqual([window]);
    expect(seen).toEqual([{ clientId: 'c-bella', status: 'ok', syncedAt: 1, ownedByPage: true }]);
  });
});
