/**
 * Without host access to the dashboard the extension cannot sync (a dashboard address set by
 * company policy is not granted by the policy itself). Says so, and asks for it on a click:
 * browsers show their permission prompt only during a user gesture.
 */

import { useEffect, useState } from 'react';
import { browser } from '../shared/browser.ts';
import { dashboardPatterns } from '../shared/dashboard-origin.ts';
import { TARGET_BROWSER } from '../shared/target-browser.ts';
import { requestDashboardAccess } from '../ui/dashboard-access.ts';
import { stored } from '../ui/page-stored.ts';

/** `null` until known, or for no origin yet. */
export function useHostAccess(origin: string): boolean | null {
  const [granted, setGranted] = useState<boolean | null>(null);
  useEffect(() => {
    if (origin === '') return undefined;
    let live = true;
    const check = (): void => {
      browser.permissions.contains({ origins: dashboardPatterns(origin, TARGET_BROWSER) }).then(
        (has) => live && setGranted(has),
        () => live && setGranted(null),
      );
    };
    check();
    browser.permissions.onAdded.addListener(check);
    browser.permissions.onRemoved.addListener(check);
    return () => {
      live = false;
      browser.permissions.onAdded.removeListener(check);
      browser.permissions.onRemoved.removeListener(check);
    };
  }, [origin]);
  return granted;
}

export function HostAccess({ origin }: { origin: string }) {
  const [note, setNote] = useState('');
  async function allow(): Promise<void> {
    if (!(await requestDashboardAccess(origin))) {
      setNote('Access was not given, so nothing can sync yet.');
      return;
    }
    setNote('');
    await stored.send({ type: 'sync-now' });
  }
  return (
    <section className="access" role="alert">
      <p>
        Toast Sync needs access to <strong>{origin}</strong> to sync there.
      </p>
      <button type="button" className="button primary" onClick={() => void allow()}>
        Allow access
      </button>
      {note !== '' && <p className="detail">{note}</p>}
    </section>
  );
}
