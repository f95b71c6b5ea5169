/**
 * When may the indicator join the page's sidebar without breaking React's hydration?
 *
 * React hydrates a server-rendered page by walking the existing DOM in order and matching it
 * against what it renders; a node it does not expect (our indicator, inserted early) makes it
 * throw the page away and render it again on the client (React error #418). React marks every
 * DOM node it has claimed with an own property named `__reactFiber$<random>`
 * (`__reactInternalInstance$` before React 17), and every root container with
 * `__reactContainer$<random>` (`_reactRootContainer` for legacy roots). Those properties are
 * visible only from the page's own JavaScript world, which is why this rule runs there
 * (hydration-probe.ts) and the content script asks it through a DOM event.
 *
 * Once Sign Out itself is claimed, React's cursor has moved past it and never walks back, so a
 * node before it is safe. Pure apart from reading the nodes it is given.
 */

const FIBER_KEYS = ['__reactFiber$', '__reactInternalInstance$'];
const ROOT_KEYS = ['__reactContainer$', '_reactRootContainer'];

function hasKey(node: object, prefixes: readonly string[]): boolean {
  return Object.keys(node).some((key) => prefixes.some((prefix) => key.startsWith(prefix)));
}

/**
 * `true` while inserting next to `anchor` could still upset React: the anchor sits under a
 * React root that has not claimed it yet, or the page has not finished loading (its scripts,
 * which may start React, have not all run).
 */
export function hydrationPending(anchor: Node, readyState: DocumentReadyState): boolean {
  if (hasKey(anchor, FIBER_KEYS)) return false;
  for (let node: Node | null = anchor.parentNode; node !== null; node = node.parentNode) {
    if (hasKey(node, ROOT_KEYS)) return true;
  }
  return readyState !== 'complete';
}
