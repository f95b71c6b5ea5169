/**
 * Runs in the dashboard page's own world (registered with `world: 'MAIN'`), the only place
 * React's marks on DOM nodes can be seen. It answers one question from the content script: the
 * content script dispatches a cancelable `toast-sync:hydration-check` event on Sign Out, and
 * this listener cancels it while React has not hydrated that part of the page yet. Dispatching
 * is synchronous, so the answer is there when `dispatchEvent` returns. It reads and never
 * writes the page, and keeps no state.
 */

import { HYDRATION_CHECK_EVENT } from './hydration-event.ts';
import { hydrationPending } from './hydration-rule.ts';

const installed = Symbol.for('toast-sync:hydration-probe');
const scope = globalThis as { [installed]?: true };

if (scope[installed] !== true) {
  scope[installed] = true;
  document.addEventListener(
    HYDRATION_CHECK_EVENT,
    (event) => {
      if (event.target instanceof Node && hydrationPending(event.target, document.readyState)) event.preventDefault();
    },
    true,
  );
}
