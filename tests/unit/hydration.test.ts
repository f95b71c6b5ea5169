// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { askHydrationPending, HYDRATION_CHECK_EVENT } from '../../src/content/hydration-event.ts';
import { hydrationPending } from '../../src/content/hydration-rule.ts';

/** React's own marks, as React 17–19 name them (the suffix is random per React copy). */
const claim = (node: object): void => void Object.assign(node, { __reactFiber$x1y2: {} });
const makeRoot = (node: object): void => void Object.assign(node, { __reactContainer$x1y2: {} });

function page(): { root: HTMLElement; signOut: HTMLButtonElement } {
  const root = document.createElement('div');
  const aside = document.createElement('aside');
  const form = document.createElement('form');
  const signOut = document.createElement('button');
  signOut.textContent = 'Sign Out';
  form.append(signOut);
  aside.append(form);
  root.append(aside);
  document.body.append(root);
  return { root, signOut };
}

afterEach(() => document.body.replaceChildren());

describe('the hydration rule (runs in the page world)', () => {
  it('waits while a React root has not claimed Sign Out yet', () => {
    const { root, signOut } = page();
    makeRoot(root);
    expect(hydrationPending(signOut, 'complete')).toBe(true);
    claim(signOut);
    expect(hydrationPending(signOut, 'complete')).toBe(false);
  });

  it('a root on the document itself (Next.js App Router hydrates the whole document) counts', () => {
    const { signOut } = page();
    makeRoot(document);
    try {
      expect(hydrationPending(signOut, 'complete')).toBe(true);
    } finally {
      for (const key of Object.keys(document)) if (key.startsWith('__reactContainer$')) Reflect.deleteProperty(document, key);
    }
  });

  it('knows React 16 and legacy roots too', () => {
    const { root, signOut } = page();
    Object.assign(root, { _reactRootContainer: {} });
    expect(hydrationPending(signOut, 'complete')).toBe(true);
    Object.assign(signOut, { __reactInternalInstance$abc: {} });
    expect(hydrationPending(signOut, 'complete')).toBe(false);
  });

  it('a page without React is ready once it has loaded (its scripts may still start React before)', () => {
    const { signOut } = page();
    expect(hydrationPending(signOut, 'loading')).toBe(true);
    expect(hydrationPending(signOut, 'interactive')).toBe(true);
    expect(hydrationPending(signOut, 'complete')).toBe(false);
  });

  it('a client-rendered React sidebar is claimed from the start', () => {
    const { root, signOut } = page();
    makeRoot(root);
    claim(signOut);
    expect(hydrationPending(signOut, 'loading')).toBe(false);
  });
});

describe('asking across worlds through a DOM event', () => {
  it('a listener that cancels the check means "pending"; no listener means "not pending"', () => {
    const { signOut } = page();
    expect(askHydrationPending(signOut)).toBe(false);
    const seen: EventTarget[] = [];
    const probe = (event: Event): void => {
      if (event.target !== null) seen.push(event.target);
      event.preventDefault();
    };
    // Capturing on the document, as the page-world probe does; the event does not bubble.
    document.addEventListener(HYDRATION_CHECK_EVENT, probe, true);
    try {
      expect(askHydrationPending(signOut)).toBe(true);
      expect(seen).toEqual([signOut]);
    } finally {
      document.removeEventListener(HYDRATION_CHECK_EVENT, probe, true);
    }
  });
});
