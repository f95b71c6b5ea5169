/**
 * The sidebar indicator's look: an open shadow root (styles neither leak in nor out, tests and
 * assistive technology can still read it) holding one row of fixed height, so a change of
 * state never moves Sign Out. Everything from the page or the server goes in as text.
 */

import type { Tone } from '../ui/status-text.ts';

export const INDICATOR_ATTRIBUTE = 'data-toast-sync-indicator';

export interface IndicatorView {
  tone: Tone;
  text: string;
  /** Full wording for the tooltip (the row may cut long errors short). */
  title: string;
}

const STYLE = `:host{all:initial;display:block;margin:0 0 8px}
.row{display:flex;align-items:center;gap:6px;height:28px;font:12px/1.3 system-ui,sans-serif;color:#6b7280}
button{all:unset;cursor:pointer;border-radius:4px;height:24px}
button:focus-visible{outline:2px solid #2563eb}
.status{display:flex;align-items:center;gap:6px;min-width:0;flex:1;padding:0 4px}
.status:hover{background:#6b72801f}
.text{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.sync-now{padding:0 8px;background:#111827;color:#fff;font-weight:500}
.sync-now[hidden]{display:none}
i{flex:none;box-sizing:border-box;width:14px;height:14px;border-radius:50%;display:grid;place-items:center;font:700 10px/1 system-ui;font-style:normal;color:#fff}
.ok i{background:#16a34a}.warn i{background:#d97706}.error i{background:#dc2626}.muted i{border:2px solid #9ca3af}
.busy i{border:2px solid #2563eb;border-right-color:transparent;animation:s .8s linear infinite}
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

  let lastTone: Tone | null = null;
  return {
    host,
    render(view) {
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
