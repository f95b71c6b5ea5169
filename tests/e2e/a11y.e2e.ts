/**
 * Accessibility of the extension's own UI in real Chromium: axe-core on the popup (several
 * states), the options page and the sidebar indicator, in light and dark colour schemes; each
 * of them operated with the keyboard alone; and the indicator's text colour against the
 * sidebar it sits in. On dashboard pages axe looks at the indicator only: the dashboard's own
 * markup is not ours.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { AxeResults, NodeResult } from 'axe-core';
import { contrastRatio, parseRgb, type Rgba } from '../../src/content/contrast.ts';
import { PopupPage, test, type World } from './world.ts';
import { sleep, waitUntil } from './wait.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const INDICATOR = '[data-toast-sync-indicator]';
const SCHEMES = ['light', 'dark'] as const;

// ── axe ──────────────────────────────────────────────────────────────────────────────────────

/** axe-core on the page as it is now; `include`: CSS selectors of the only parts to audit. */
async function axe(page: Page, include?: string[]): Promise<AxeResults> {
  // Through the DevTools protocol: extension pages' CSP forbids inline scripts, but not this.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  return page.evaluate(async (only) => {
    const api = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResults> } }).axe;
    const results = await api.run(only === null ? document : { include: only }, { resultTypes: ['violations', 'passes', 'incomplete'] });
    // Only what the test reads: the rest does not survive the trip out of the page anyway.
    const slim = (list: AxeResults['violations']) =>
      list.map((r) => ({
        ...r,
        nodes: r.nodes.map((n) => ({
          target: n.target,
          html: n.html,
          impact: n.impact,
          // Why a node needs review has no summary: its checks' messages say.
          failureSummary: n.failureSummary ?? [...n.any, ...n.all, ...n.none].map((c) => c.message).join('; '),
        })),
      }));
    return {
      ...results,
      violations: slim(results.violations),
      passes: slim(results.passes),
      incomplete: slim(results.incomplete),
    } as AxeResults;
  }, include ?? null);
}

const describeNode = (n: Pick<NodeResult, 'target' | 'html' | 'failureSummary'>): string =>
  `    at ${JSON.stringify(n.target)}: ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`;

/** Runs axe; logs every violation; returns the serious and critical ones, readable. */
async function audit(page: Page, where: string, include?: string[]): Promise<{ results: AxeResults; serious: string[] }> {
  const results = await axe(page, include);
  for (const v of results.violations) {
    console.log(
      `axe · ${where} · ${v.id} (${v.impact ?? 'no impact'}) · ${v.help} · ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`,
    );
  }
  console.log(
    `axe · ${where} · ${results.violations.length} rules violated, ${results.passes.length} passed, needs review: ${results.incomplete.map((r) => `${r.id} ×${r.nodes.length}`).join(', ') || 'none'}`,
  );
  for (const r of results.incomplete) for (const n of r.nodes) console.log(`axe · ${where} · needs review · ${r.id}:\n${describeNode(n)}`);
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.helpUrl}\n${v.nodes.map(describeNode).join('\n')}`);
  return { results, serious };
}

/** Audits in light and then dark colour scheme; collects the serious findings in `found`. */
async function auditBothSchemes(page: Page, where: string, found: string[], include?: string[]): Promise<AxeResults[]> {
  const all: AxeResults[] = [];
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');
    const { results, serious } = await audit(page, `${where}, ${scheme}`, include);
    found.push(...serious);
    all.push(results);
  }
  await page.emulateMedia({ colorScheme: null });
  return all;
}

// ── colours and focus ──────────────────────────────────────────────────────────────────────

/**
 * The colour behind an element: the first ancestor's background that is not transparent (the
 * dashboards here have opaque ones; a see-through one fails the test rather than guess).
 */
async function effectiveBackground(page: Page, selector: string): Promise<Rgba> {
  const layer = await page.evaluate((sel) => {
    for (let e = document.querySelector(sel); e !== null; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      if (bg !== 'rgba(0, 0, 0, 0)') return bg;
    }
    return 'rgb(255, 255, 255)';
  }, selector);
  const c = rgb(layer);
  expect(c[3], `an opaque background behind ${selector}`).toBe(1);
  return c;
}

function rgb(css: string): Rgba {
  const c = parseRgb(css);
  if (c === null) throw new Error(`unexpected colour ${css}`);
  return c;
}

/** The indicator's text colour (computed, inside its shadow root). */
async function indicatorTextColour(page: Page): Promise<Rgba> {
  return rgb(
    await page.evaluate((sel) => {
      const text = document.querySelector(sel)?.shadowRoot?.querySelector('.text');
      return text === null || text === undefined ? '' : getComputedStyle(text).color;
    }, INDICATOR),
  );
}

interface FocusLook {
  /** The focused element, through open shadow roots: tag.classes "its text". */
  name: string;
  focusVisible: boolean;
  outline: string;
  outlineColor: string;
  boxShadow: string;
}

/** What has focus (looking into open shadow roots) and how it shows it. */
async function focused(page: Page): Promise<FocusLook | null> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (el === null || el === document.body) return null;
    const s = getComputedStyle(el);
    const label = (el.getAttribute('aria-label') ?? (el as HTMLElement).innerText ?? '').trim().slice(0, 60);
    const classes = String(el.className).split(' ').filter(Boolean);
    return {
      name: `${el.tagName.toLowerCase()}${classes.map((c) => `.${c}`).join('')} "${label}"`,
      focusVisible: el.matches(':focus-visible'),
      outline: `${s.outlineStyle} ${s.outlineWidth}`,
      outlineColor: s.outlineColor,
      boxShadow: s.boxShadow,
    };
  });
}

/** Presses `key` until `wanted` matches the focused element; returns it and what was visited. */
async function tabUntil(
  page: Page,
  wanted: (f: FocusLook) => boolean,
  max = 80,
  key = 'Tab',
): Promise<{ reached: FocusLook; visited: string[] }> {
  const visited: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    visited.push(f?.name ?? '(nothing)');
    if (f !== null && wanted(f)) return { reached: f, visited };
  }
  throw new Error(`${key} never reached the element; visited:\n  ${visited.join('\n  ')}`);
}

/**
 * Keyboard focus is shown: the element matches :focus-visible and draws an outline or a
 * shadow it does not draw without focus (compared by blurring it; focus is then put back).
 */
async function expectVisibleFocus(page: Page, f: FocusLook): Promise<void> {
  expect(f.focusVisible, `${f.name} matches :focus-visible`).toBe(true);
  expect(f.outline !== 'none 0px' || f.boxShadow !== 'none', `${f.name}: an outline or a box-shadow when focused`).toBe(true);
  const { on, off } = await page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const target = el as HTMLElement;
    const look = (st: CSSStyleDeclaration) => `${st.outlineStyle} ${st.outlineWidth} ${st.outlineColor} | ${st.boxShadow}`;
    const focusedLook = look(getComputedStyle(target));
    target.blur();
    const blurredLook = look(getComputedStyle(target));
    target.focus();
    return { on: focusedLook, off: blurredLook };
  });
  expect(on, `${f.name}: its focus ring differs from its unfocused look`).not.toBe(off);
}

async function openOptions(w: World): Promise<Page> {
  const page = await w.browser.context.newPage();
  await page.goto(`chrome-extension://${w.extension.id}/src/options/index.html`);
  await page.waitForSelector('form');
  return page;
}

/** A near-black sidebar, as many dashboards have; `signOut` is the Sign Out button's text colour. */
async function darkSidebar(page: Page, signOut: string): Promise<void> {
  await page.addStyleTag({ content: `#sidebar{background:#111827;color:#f9fafb;border-color:#374151} #sign-out{color:${signOut}}` });
}

async function indicatorContrast(page: Page): Promise<{ text: Rgba; background: Rgba; ratio: number }> {
  const text = await indicatorTextColour(page);
  const background = await effectiveBackground(page, INDICATOR);
  return { text, background, ratio: contrastRatio(text, background) };
}

const hex = (c: Rgba): string =>
  `#${c
    .slice(0, 3)
    .map((v) => Math.round(v).toString(16).padStart(2, '0'))
    .join('')}`;

// ── the tests ─────────────────────────────────────────────────────────────────────────────────

describe('accessibility of the extension’s own UI in Chromium (axe-core, light and dark)', () => {
  test('popup: success, error, rate limited and paused have no serious or critical axe violations', async ({ worlds }) => {
    const { world: w } = await worlds.syncingWorld(3);
    const found: string[] = [];
    const popup = await PopupPage.open(w);
    await waitUntil('success', async () => /^Last synced/.test(await popup.headline()));
    await auditBothSchemes(popup.page, 'popup (success)', found);

    await w.dashboard.script({ kind: 'server-error', body: 'json', message: 'Toast is down for maintenance', count: 50 });
    await waitUntil('the error', async () => (await popup.headline()).includes('Toast is down for maintenance'), 10_000);
    await auditBothSchemes(popup.page, 'popup (error)', found);

    await w.dashboard.clearFaults();
    await w.dashboard.script({ kind: 'rate-limit', retryAfter: 60 });
    await waitUntil('the rate limit', async () => /^Rate limited/.test(await popup.headline()), 15_000);
    await auditBothSchemes(popup.page, 'popup (rate limited)', found);

    await popup.page.getByRole('button', { name: 'Pause' }).click();
    await waitUntil('paused', async () => (await popup.headline()) === 'Paused');
    await auditBothSchemes(popup.page, 'popup (paused)', found);
    expect(found, found.join('\n\n')).toEqual([]);
  });

  test('options: the form, with validation messages and after saving, has no serious or critical axe violations', async ({ worlds }) => {
    const world = await worlds.startWorld({ intervalSeconds: 60 });
    const found: string[] = [];
    const page = await openOptions(world);
    await auditBothSchemes(page, 'options', found);
    await page.getByLabel('Sync every (seconds)').fill('often');
    await page.getByLabel('Selected-client key').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await waitUntil('the validation messages', async () => (await page.locator('.error').count()) >= 2);
    await auditBothSchemes(page, 'options (invalid)', found);
    await page.getByLabel('Sync every (seconds)').fill('60');
    await page.getByLabel('Selected-client key').fill('currentClientId');
    await page.getByRole('button', { name: 'Save' }).click();
    await waitUntil('saved', async () => (await page.getByRole('status').innerText()).startsWith('Saved.'));
    await auditBothSchemes(page, 'options (saved)', found);
    expect(found, found.join('\n\n')).toEqual([]);
  });

  test('sidebar indicator: no serious or critical axe violations in it, on a light and on a dark sidebar, closed and open', async ({
    worlds,
  }) => {
    const started = await worlds.syncingWorld(60);
    const page = started.tab.page;
    await page.waitForSelector(INDICATOR);
    const found: string[] = [];
    const runs = await auditBothSchemes(page, 'indicator (light sidebar)', found, [INDICATOR]);
    // axe really looked inside the shadow root: its nodes are named by a path through the host.
    const inShadow = runs
      .flatMap((r) => [...r.passes, ...r.incomplete])
      .flatMap((r) => r.nodes.map((n) => ({ rule: r.id, target: n.target })));
    const shadowNodes = inShadow.filter((n) => Array.isArray(n.target[0]) && (n.target[0] as string[]).length > 1);
    expect(shadowNodes.map((n) => n.rule)).toEqual(expect.arrayContaining(['color-contrast', 'button-name']));
    // …and only there: nothing of the dashboard's own markup was audited.
    const outside = runs
      .flatMap((r) => [...r.violations, ...r.passes, ...r.incomplete])
      .flatMap((r) => r.nodes)
      .filter((n) => !JSON.stringify(n.target).includes('data-toast-sync-indicator'));
    expect(outside.map((n) => n.target)).toEqual([]);

    // Open: the Sync now button shows.
    await page.locator(`${INDICATOR} .status`).click();
    await auditBothSchemes(page, 'indicator (light sidebar, open)', found, [INDICATOR]);
    await page.keyboard.press('Escape');

    for (const signOut of ['#d1d5db', '#6b7280']) {
      await page.reload();
      await page.waitForSelector(INDICATOR);
      await darkSidebar(page, signOut);
      // Should it not follow, axe says so below, more readably than a timeout would.
      await waitUntil('the indicator to follow the sidebar', async () => (await indicatorContrast(page)).ratio >= 4.5, 5_000).catch(
        () => undefined,
      );
      await auditBothSchemes(page, `indicator (dark sidebar, Sign Out ${signOut})`, found, [INDICATOR]);
      await page.locator(`${INDICATOR} .status`).click();
      await auditBothSchemes(page, `indicator (dark sidebar, Sign Out ${signOut}, open)`, found, [INDICATOR]);
    }
    expect(found, found.join('\n\n')).toEqual([]);
  });

  test('sidebar indicator: its text takes the sidebar’s colour and reads at 4.5:1 or more on a light and on a near-black sidebar (figures printed)', async ({
    worlds,
  }) => {
    const started = await worlds.syncingWorld(60);
    const page = started.tab.page;
    await page.waitForSelector(INDICATOR);
    const signOutColour = async (): Promise<Rgba> => rgb(await page.locator('#sign-out').evaluate((e) => getComputedStyle(e).color));

    // The reference dashboard's own white sidebar: the indicator writes in Sign Out's colour.
    const light = await waitUntil(
      'the indicator in Sign Out’s colour',
      async () => {
        const c = await indicatorContrast(page);
        return hex(c.text) === hex(await signOutColour()) ? c : undefined;
      },
      5_000,
    );
    console.log(`indicator on the light sidebar: text ${hex(light.text)} on ${hex(light.background)}: ${light.ratio.toFixed(2)}:1`);
    expect(light.ratio).toBeGreaterThanOrEqual(4.5);

    // A near-black sidebar whose Sign Out is light: its colour again.
    await darkSidebar(page, '#d1d5db');
    const dark = await waitUntil(
      'the indicator to follow the dark sidebar',
      async () => {
        const c = await indicatorContrast(page);
        return hex(c.text) === '#d1d5db' ? c : undefined;
      },
      5_000,
    );
    console.log(
      `indicator on a near-black sidebar, Sign Out #d1d5db: text ${hex(dark.text)} on ${hex(dark.background)}: ${dark.ratio.toFixed(2)}:1`,
    );
    expect(hex(dark.background)).toBe('#111827');
    expect(dark.ratio).toBeGreaterThanOrEqual(4.5);

    // A near-black sidebar whose Sign Out is grey (under 4.5:1): near-white instead.
    await page.reload();
    await page.waitForSelector(INDICATOR);
    await darkSidebar(page, '#6b7280');
    const grey = contrastRatio(rgb('rgb(107, 114, 128)'), rgb('rgb(17, 24, 39)'));
    const fallback = await waitUntil(
      'the indicator to pick a readable colour',
      async () => {
        const c = await indicatorContrast(page);
        return hex(c.background) === '#111827' && c.ratio >= 4.5 ? c : undefined;
      },
      5_000,
    );
    console.log(
      `indicator on a near-black sidebar, Sign Out #6b7280 (${grey.toFixed(2)}:1): text ${hex(fallback.text)} on ${hex(fallback.background)}: ${fallback.ratio.toFixed(2)}:1`,
    );
    expect(fallback.ratio).toBeGreaterThanOrEqual(4.5);

    // The status dot stands out from the sidebar (3:1 for non-text), on the dark sidebar too.
    const dot = rgb(
      await page.evaluate((sel) => {
        const i = document.querySelector(sel)?.shadowRoot?.querySelector('i');
        return i === null || i === undefined ? '' : getComputedStyle(i).backgroundColor;
      }, INDICATOR),
    );
    expect(contrastRatio(dot, fallback.background)).toBeGreaterThanOrEqual(3);
  });
});

describe('keyboard alone', () => {
  test('popup: Tab reaches Sync Now and Pause with a visible focus ring; Enter syncs, Space pauses and resumes; the history is one stop', async ({
    worlds,
  }) => {
    const { world: w } = await worlds.syncingWorld(60);
    const popup = await PopupPage.open(w);
    const page = popup.page;
    const syncAt = Date.now();

    const { reached: syncNow } = await tabUntil(page, (f) => f.name.startsWith('button.button.primary'));
    await expectVisibleFocus(page, syncNow);

    // Ten seconds after the sync, Enter sends one.
    await waitUntil(
      'Sync Now offered',
      async () => (await popup.syncNow().innerText()) === 'Sync Now',
      Math.max(1_000, syncAt + 12_000 - Date.now()),
    );
    const before = (await w.extensionSyncs()).length;
    await page.keyboard.press('Enter');
    await waitUntil('the keyboard’s sync', async () => (await w.extensionSyncs()).length === before + 1);
    await waitUntil(
      'success again',
      async () => /^Last synced/.test(await popup.headline()) && (await popup.syncNow().isEnabled()),
      10_000,
    );
    // Focus stays on Sync Now through its busy moment, not lost to the top of the page.
    expect((await focused(page))?.name ?? '(nothing)').toMatch(/^button\.button\.primary/);

    const { reached: pause } = await tabUntil(page, (f) => f.name.includes('"Pause"'), 3);
    await expectVisibleFocus(page, pause);
    await page.keyboard.press('Space');
    await waitUntil('paused', async () => (await popup.headline()) === 'Paused');
    expect((await focused(page))?.name).toContain('"Resume"');
    const count = (await w.extensionSyncs()).length;
    await page.keyboard.press('Space');
    await waitUntil('a sync after resuming', async () => (await w.extensionSyncs()).length > count);
    await waitUntil('Pause again', async () => (await focused(page))?.name.includes('"Pause"'));

    // The recent-health marks are one Tab stop, walked with the arrow keys; the footer follows.
    await waitUntil('two marks', async () => (await page.locator('.marks li').count()) >= 2);
    const { reached: mark } = await tabUntil(page, (f) => f.name.startsWith('li.mark'), 3);
    await expectVisibleFocus(page, mark);
    const marks = await page.locator('.marks li').count();
    expect(
      await page
        .locator('.marks li')
        .nth(marks - 1)
        .evaluate((e) => e === document.activeElement),
    ).toBe(true);
    await page.keyboard.press('ArrowLeft');
    expect(
      await page
        .locator('.marks li')
        .nth(marks - 2)
        .evaluate((e) => e === document.activeElement),
    ).toBe(true);
    const { visited } = await tabUntil(page, (f) => f.name.includes('"Options"'), 6);
    expect(visited.filter((v) => v.startsWith('li.mark'))).toEqual([]);
  });

  test('options: Tab walks the fields in order with a visible focus ring, Space ticks a box, Enter saves', async ({ worlds }) => {
    const w = await worlds.startWorld({ intervalSeconds: 60 });
    const page = await openOptions(w);
    const labels = [
      'Dashboard address',
      'Selected-client key',
      'Sign Out button selector',
      'Sync every (seconds)',
      'Pause while the screen is locked',
      'Sync only while a dashboard tab is open',
      'Client id',
      'Client name',
    ];
    const named: string[] = [];
    for (let i = 0; i < 40 && named.at(-1) !== 'Save'; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | HTMLButtonElement | null;
        if (el === null || el === document.body) return '(nothing)';
        return el.labels?.[0]?.innerText.trim() ?? el.innerText.trim();
      });
      named.push(label);
      const f = await focused(page);
      if (f !== null && (labels.includes(label) || label === 'Save')) await expectVisibleFocus(page, f);
    }
    // Fields other engineers add may sit between these; these come in this order, then Save.
    expect(named.filter((n) => labels.includes(n))).toEqual(labels);
    expect(named.at(-1)).toBe('Save');

    // Change the interval and a box by keyboard, and save with Enter from a field.
    await page.getByLabel('Sync every (seconds)').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('90');
    await page.keyboard.press('Tab');
    expect((await focused(page))?.name).toMatch(/^input/);
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Pause while the screen is locked').isChecked()).toBe(false);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await waitUntil('saved', async () => (await page.getByRole('status').innerText()).startsWith('Saved.'));
    const stored = await (
      await w.extension.worker()
    ).evaluate(async () => (await chrome.storage.sync.get('settings')).settings as { intervalSeconds: number; pauseWhenLocked: boolean });
    expect(stored).toMatchObject({ intervalSeconds: 90, pauseWhenLocked: false });
  });

  test('sidebar indicator: Tab reaches it with a visible focus ring; Enter opens it, Escape closes it, Space on Sync now syncs', async ({
    worlds,
  }) => {
    const started = await worlds.syncingWorld(60);
    const w = started.world;
    const page = started.tab.page;
    const syncAt = Date.now();
    await page.waitForSelector(INDICATOR);
    // Start from the top of the page, as after a page load.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const { reached } = await tabUntil(page, (f) => f.name.startsWith('button.status'), 40);
    await expectVisibleFocus(page, reached);
    // Its focus ring reads on the sidebar (3:1, for non-text).
    expect(contrastRatio(rgb(reached.outlineColor), await effectiveBackground(page, INDICATOR))).toBeGreaterThanOrEqual(3);

    const status = page.locator(INDICATOR).locator('.status');
    const syncNow = page.locator(INDICATOR).locator('.sync-now');
    await page.keyboard.press('Enter');
    await waitUntil('Sync now offered', async () => syncNow.isVisible());
    expect(await status.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await waitUntil('Sync now withdrawn', async () => !(await syncNow.isVisible()));
    expect((await focused(page))?.name).toMatch(/^button\.status/);

    // Ten seconds after the sync, Sync now sends one.
    await sleep(Math.max(0, syncAt + 10_500 - Date.now()));
    const before = (await w.extensionSyncs()).length;
    await page.keyboard.press('Space');
    await waitUntil('Sync now offered', async () => syncNow.isVisible());
    const { reached: button } = await tabUntil(page, (f) => f.name.startsWith('button.sync-now'), 1);
    await expectVisibleFocus(page, button);
    expect(contrastRatio(rgb(button.outlineColor), await effectiveBackground(page, INDICATOR))).toBeGreaterThanOrEqual(3);
    await page.keyboard.press('Space');
    await waitUntil('the sidebar’s sync', async () => (await w.extensionSyncs()).length === before + 1);
    // Focus went back to the indicator, not to the top of the page.
    expect((await focused(page))?.name).toMatch(/^button\.status/);
  });
});
