/**
 * Keeps exactly one indicator directly above Sign Out while the page re-renders its sidebar.
 * A MutationObserver callback runs before the next paint, so a replaced sidebar gets its
 * indicator back within the same frame and Sign Out never shows without it.
 */

export interface MountDeps {
  root: Document;
  host: HTMLElement;
  /** Where the indicator goes above; `null` while the page shows no Sign Out. */
  findAnchor(): Element | null;
}

export interface Mount {
  /** Show (`true`) or remove (`false`) the indicator, and keep it in place while shown. */
  setVisible(visible: boolean): void;
  /** Put it back now if the page moved things; called by the observer. */
  place(): void;
  stop(): void;
}

export function createMount(deps: MountDeps): Mount {
  let visible = false;
  let observer: MutationObserver | null = null;

  function place(): void {
    const anchor = visible ? deps.findAnchor() : null;
    if (anchor === null || anchor.parentNode === null) {
      deps.host.remove();
      return;
    }
    if (deps.host.nextSibling !== anchor || deps.host.parentNode !== anchor.parentNode) {
      anchor.parentNode.insertBefore(deps.host, anchor);
    }
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
      visible = false;
      deps.host.remove();
    },
  };
}
