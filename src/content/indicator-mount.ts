/**
 * Keeps exactly one indicator directly above Sign Out while the page re-renders its sidebar.
 * A MutationObserver callback runs before the next paint, so a replaced sidebar gets its
 * indicator back within the same frame and Sign Out never shows without it.
 *
 * A server-rendered sidebar is left alone until the page's React has hydrated it: a foreign
 * node inside a tree React has not hydrated yet makes React discard and re-render the page.
 * Hydration changes nothing in the DOM that an observer could see, so while it is pending the
 * mount asks again every `retryMs`.
 */

export interface MountDeps {
  root: Document;
  host: HTMLElement;
  /** Where the indicator goes above; `null` while the page shows no Sign Out. */
  findAnchor(): Element | null;
  /** Whether the page's framework still has to hydrate the part of the page around `anchor`. */
  isPending(anchor: Element): boolean;
  /** Timers, so tests can drive them. */
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  retryMs?: number;
}

export interface Mount {
  /** Show (`true`) or remove (`false`) the indicator, and keep it in place while shown. */
  setVisible(visible: boolean): void;
  /** Put it back now if the page moved things; called by the observer. */
  place(): void;
  stop(): void;
}

export const HYDRATION_RETRY_MS = 50;

export function createMount(deps: MountDeps): Mount {
  let visible = false;
  let observer: MutationObserver | null = null;
  let retry: unknown = null;

  function retryLater(): void {
    if (retry !== null) return;
    retry = deps.setTimer(() => {
      retry = null;
      place();
    }, deps.retryMs ?? HYDRATION_RETRY_MS);
  }

  function place(): void {
    const anchor = visible ? deps.findAnchor() : null;
    if (anchor === null || anchor.parentNode === null) {
      deps.host.remove();
      return;
    }
    const inPlace = deps.host.nextSibling === anchor && deps.host.parentNode === anchor.parentNode;
    if (inPlace) return;
    if (deps.isPending(anchor)) {
      deps.host.remove();
      retryLater();
      return;
    }
    anchor.parentNode.insertBefore(deps.host, anchor);
  }

  function observe(): void {
    if (observer !== null) return;
    observer = new MutationObserver(() => place());
    observer.observe(deps.root.documentElement, { childList: true, subtree: true });
  }

  return {
    setVisible(next) {
      visible = next;
      if (visible) observe();
      place();
    },
    place,
    stop() {
      observer?.disconnect();
      observer = null;
      if (retry !== null) deps.clearTimer(retry);
      retry = null;
      visible = false;
      deps.host.remove();
    },
  };
}
