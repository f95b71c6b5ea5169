/**
 * Events the content script raises for the dashboard page's own code. In Firefox a content
 * script's objects belong to its own compartment: a page listener that reads `event.detail`
 * made there gets a permission error. `cloneInto` (Firefox's content-script global) copies the
 * detail into the page's compartment; Chrome has no such wall and no such function.
 */

type CloneInto = <T>(value: T, target: object) => T;

export function dispatchPageEvent(target: Document, type: string, detail: object): void {
  const view = target.defaultView;
  const cloneInto = (globalThis as { cloneInto?: CloneInto }).cloneInto;
  const forPage = typeof cloneInto === 'function' && view !== null ? cloneInto(detail, view) : detail;
  target.dispatchEvent(new CustomEvent(type, { detail: forPage }));
}
