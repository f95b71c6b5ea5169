// @vitest-environment happy-dom
/**
 * The options page as the Firefox build shows it: the build-time facts of that build stand in
 * for this test run's (Chrome) ones.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import type * as TargetBrowserModule from '../../src/shared/target-browser.ts';

vi.mock('../../src/shared/target-browser.ts', async (importOriginal) => {
  const real = await importOriginal<typeof TargetBrowserModule>();
  const facts = real.browserFacts('firefox');
  return { ...real, TARGET_BROWSER: 'firefox', BROWSER_NAME: facts.name, KNOWS_SCREEN_LOCK: facts.knowsScreenLock };
});

const { Options } = await import('../../src/options/Options.tsx');
const { browserFacts } = await import('../../src/shared/target-browser.ts');

describe('what differs between the browsers', () => {
  it('only Chrome reports a locked screen; each build names its own browser', () => {
    expect(browserFacts('chrome')).toEqual({ name: 'Chrome', knowsScreenLock: true });
    expect(browserFacts('firefox')).toEqual({ name: 'Firefox', knowsScreenLock: false });
  });
});

describe('options page in Firefox', () => {
  beforeEach(() => {
    Object.assign(fakeBrowser, { permissions: { request: () => Promise.resolve(false) } });
  });
  afterEach(() => cleanup());

  it('offers no screen-lock pause it cannot keep, and says why', async () => {
    render(<Options />);
    await screen.findByLabelText('Dashboard address');
    expect(screen.queryByLabelText('Pause while the screen is locked')).toBeNull();
    expect(screen.getByText('Firefox does not tell add-ons when the screen is locked, so sync carries on while it is.')).toBeTruthy();
  });

  it('names Firefox, never Chrome, when access is refused', async () => {
    render(<Options />);
    await screen.findByLabelText('Dashboard address');
    fireEvent.change(screen.getByLabelText('Dashboard address'), { target: { value: 'https://crm.example.com' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(screen.getByRole('alert').textContent).toMatch(/^Firefox did not give the extension access to https:\/\/crm\.example\.com/);
    expect(document.body.textContent).not.toMatch(/Chrome/);
  });
});
