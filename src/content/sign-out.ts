/**
 * Finds the dashboard's Sign Out control: the admin's selector if set, else a button or link
 * whose own text is "Sign Out", "Sign out" or "Log out" (any case, any spacing).
 */

const LABELS = new Set(['sign out', 'log out', 'logout', 'sign-out']);
const CONTROLS = 'button, a, [role="button"], input[type="submit"], input[type="button"]';

function label(element: Element): string {
  const text = element instanceof HTMLInputElement ? element.value : (element.textContent ?? '');
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

export function findSignOut(root: ParentNode, selector: string): Element | null {
  if (selector.trim() !== '') {
    try {
      return root.querySelector(selector);
    } catch {
      return null; // the options page refuses invalid selectors; stored junk finds nothing
    }
  }
  for (const element of root.querySelectorAll(CONTROLS)) {
    if (LABELS.has(label(element))) return element;
  }
  return null;
}
