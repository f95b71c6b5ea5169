/**
 * The sidebar indicator's look: an open shadow root (styles neither leak in nor out, tests and
 * assistive technology can still read it) holding one row of fixed height, so a change of
 * state never moves Sign Out. Everything from the page or the server goes in as text.
 *
 * Its text takes the colour of the dashboard's Sign Out, unless that would read under 4.5:1 on
 * the sidebar's background (then near-white or near-black); the status dots take a palette
 * that stands out at 3:1 or more from a light or a dark sidebar.
 */

import type { Tone } from '../ui/status-text.ts';
import { backdrop, isDark, readable, type Rgba } from './contrast.ts';

export const INDICATOR_ATTRIBUTE = 'data-toast-sync-indicator';

export interface IndicatorView {
  tone: Tone;
  text: string;
  /** Full wording for the tooltip (the row may cut long errors short). */
  title: string;
}

export const STYLE = `:host{all:initial;display:block;margin:0 0 8px}
.row{display:flex;align-items:center;gap:6px;height:28px;font:12px/1.3 system-ui,sans-serif;color:#6b7280}
button{all:unset;cursor:pointer;border-radius:4px;height:24px;box-sizing:border-box}
button:focus-visible{outline:2px solid}
.status{display:flex;align-items:center;gap:6px;min-width:0;flex:1;padding:0 4px;--ok:#15803d;--warn:#b45309;--error:#b91c1c;--busy:#1d4ed8;--on:#fff}
.dark{--ok:#4ade80;--warn:#fbbf24;--error:#f87171;--busy:#93c5fd;--on:#111827}
.status:hover .text{text-decoration:underline}
.text{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.sync-now{padding:0 8px;border:1px solid;font-weight:500}
.sync-now[hidden]{display:none}
i{flex:none;box-sizing:border-box;width:14px;height:14px;border-radius:50%;display:grid;place-items:center;font:700 10px/1 system-ui;font-style:normal;color:var(--on)}
.ok i{background:var(--ok)}.warn i{background:var(--warn)}.error i{background:var(--error)}.muted i{border:2px solid;color:inherit}
.busy i{border:2px solid var(--busy);border-right-color:transparent;animation:s .8s linear infinite}
@keyframes s{to{transform:rotate(360deg)}}`;

/** The icon's glyph; colour and shape come from the row's tone class. */
const GLYPH: Record<Tone, string> = { ok: '✓', warn: '!', error: '!', busy: '', muted: '' };

export interface IndicatorElements {
  host: HTMLElement;
  render: (view: IndicatorView) => void;
}

/** Builds the host and its shadow tree; `onSyncNow` runs when the admin asks for a sync. */
export function createIndicator(onSyncNow: () => void): IndicatorElements {
  const host = document.createElement('div');
  host.setAttribute(INDICATOR_ATTRIBUTE, '');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const row = document.createElement('div');
  row.className = 'row';
  const status = document.createElement('button');
  status.type = 'button';
  status.className = 'status';
  status.setAttribute('aria-expanded', 'false');
  const text = document.createElement('span');
  text.className = 'text';
  text.setAttribute('role', 'status');
  text.setAttribute('aria-live', 'polite');
  const syncNow = document.createElement('button');
  syncNow.type = 'button';
  syncNow.className = 'sync-now';
  syncNow.textContent = 'Sync now';
  syncNow.hidden = true;
  const icon = document.createElement('i');
  icon.setAttribute('aria-hidden', 'true');
  status.append(icon, text);
  row.append(status, syncNow);
  shadow.append(style, row);

  const offer = (open: boolean): void => {
    // Focus on a button about to hide goes back to the row, not to the top of the page.
    if (!open && shadow.activeElement === syncNow) status.focus();
    syncNow.hidden = !open;
    status.setAttribute('aria-expanded', String(open));
  };
  status.addEventListener('click', () => offer(syncNow.hasAttribute('hidden')));
  syncNow.addEventListener('click', () => {
    offer(false);
    onSyncNow();
  });
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') offer(false);
  });

  let paper: CanvasRenderingContext2D | null | undefined;
  /** Follows the sidebar's colours: when placed (before it is painted) and on every render. */
  function tint(): void {
    const box = host.parentElement;
    const p = (paper ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true }));
    if (box === null || p === null) return;
    /** Any CSS colour (oklch() and color() too) in sRGB: painted on one pixel and read back. */
    const rgba = (css: string): Rgba => {
      p.clearRect(0, 0, 1, 1);
      p.fillStyle = css;
      p.fillRect(0, 0, 1, 1);
      const [r = 0, g = 0, b = 0, a = 0] = p.getImageData(0, 0, 1, 1).data;
      return [r, g, b, a / 255];
    };
    const layers: Rgba[] = [];
    for (let e: Element | null = box; e !== null && layers.at(-1)?.[3] !== 1; e = e.parentElement) {
      layers.push(rgba(getComputedStyle(e).backgroundColor));
    }
    const bg = backdrop(layers);
    const [r, g, b, a] = readable(rgba(getComputedStyle(host.nextElementSibling ?? box).color), bg);
    row.style.color = `rgb(${r} ${g} ${b} / ${a})`;
    status.classList.toggle('dark', isDark(bg));
  }
  new ResizeObserver(tint).observe(host);

  let lastTone: Tone | null = null;
  return {
    host,
    render(view) {
      tint();
      if (view.tone !== lastTone) {
        icon.textContent = GLYPH[view.tone];
        row.className = `row ${view.tone}`;
        lastTone = view.tone;
      }
      if (text.textContent !== view.text) text.textContent = view.text;
      const title = `Toast sync: ${view.title}. Click to sync now.`;
      if (status.title !== title) status.title = title;
    },
  };
}
