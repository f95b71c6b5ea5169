/**
 * The content script's side of the hydration question (the rule and the page-world listener
 * are in hydration-rule.ts and hydration-probe.ts).
 */

export const HYDRATION_CHECK_EVENT = 'toast-sync:hydration-check';

/**
 * Whether the page's React has not yet hydrated `anchor`. Without the page-world probe
 * (nothing cancels the event) the answer is "no": the indicator then behaves as before.
 */
export function askHydrationPending(anchor: Element): boolean {
  const event = new CustomEvent(HYDRATION_CHECK_EVENT, { cancelable: true, bubbles: false, composed: false });
  return !anchor.dispatchEvent(event);
}
