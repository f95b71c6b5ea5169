/**
 * Launches an installed Firefox (ESR on Debian; nothing is downloaded) through puppeteer-core
 * over WebDriver BiDi, with the Firefox build of the extension installed as a temporary add-on,
 * and reaches what BiDi alone cannot: extension pages, which BiDi refuses to navigate to, are
 * opened from the browser's privileged chrome context, and the event page is terminated there
 * as about:debugging's "Terminate background script" does.
 */

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { TargetType, type Browser, type Page, type Target } from 'puppeteer-core';
import { GECKO_ID } from '../build-config.ts';

export const FIREFOX_INSTALL_HINT =
  'Install it: on Debian or Ubuntu `sudo apt-get install -y firefox-esr`; elsewhere install Firefox, or set FIREFOX_PATH to its binary.';

/**
 * The extension's internal UUID, pinned through a pref so its pages' address and the Origin its
 * requests carry (moz-extension://<uuid>) are known before launch, as a dashboard allow-list needs.
 */
export const FIREFOX_EXTENSION_UUID = '7a3c2d1e-5b4f-4e6a-9c8d-0f1e2d3c4b5a';

/** FIREFOX_PATH first (a typo there fails rather than falling through to another Firefox). */
export function firefoxCandidates(env: Record<string, string | undefined> = process.env): string[] {
  const fromEnv = env.FIREFOX_PATH;
  return fromEnv !== undefined && fromEnv !== '' ? [fromEnv] : ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
}

/** The Firefox to drive; throws with what was looked for and how to get one. */
export function firefoxPath(env: Record<string, string | undefined> = process.env, exists = existsSync): string {
  const candidates = firefoxCandidates(env);
  const found = candidates.find((path) => exists(path));
  if (found !== undefined) return found;
  throw new Error(`No Firefox found (looked at ${candidates.join(', ')}). ${FIREFOX_INSTALL_HINT}`);
}

export interface BadgeReading {
  text: string;
  title: string;
}

/** Firefox's own words for an event page's life (ext-backgroundPage.js); 'none' before it exists. */
export type BackgroundState = 'starting' | 'running' | 'suspending' | 'stopped' | 'none';

export interface RunningFirefox {
  browser: Browser;
  /** moz-extension://<uuid>: its pages' origin, and the Origin header of its background's requests. */
  extensionOrigin: string;
  /** A new tab, made the selected one, as an admin opens a tab. */
  newPage(): Promise<Page>;
  /** An extension page (e.g. 'src/popup/index.html') in a new selected tab, loaded. */
  openExtensionPage(path: string): Promise<Page>;
  /** The raw `syncState` record in the extension's storage.local. */
  syncState(): Promise<unknown>;
  badge(): Promise<BadgeReading>;
  /** Merges into storage.sync `settings`, as the options page's Save does. */
  setSettings(partial: Record<string, unknown>): Promise<void>;
  /** The host patterns Firefox granted the add-on (MV3 host access is revocable in Firefox). */
  grantedOrigins(): Promise<string[]>;
  terminateBackground(): Promise<void>;
  backgroundState(): Promise<BackgroundState>;
  /** Closes Firefox and removes its temporary profile. */
  close(): Promise<void>;
}

/** The slice of puppeteer's BiDi connection used here (not in its public types). */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

interface EvaluateResult {
  type: 'success' | 'exception';
  result?: { value?: unknown };
  exceptionDetails?: { text?: string };
}

/** The extension API a probe page has; typed here because tests run in Node. */
interface ProbeApi {
  storage: {
    local: { get(key: string): Promise<Record<string, unknown>> };
    sync: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
  };
  action: { getBadgeText(details: object): Promise<string>; getTitle(details: object): Promise<string> };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` returns a value; a page mid-navigation throws, which is a "not yet". */
async function poll<T>(what: string, probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`Firefox: timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

function builtDir(dir: string): string {
  const extensionDir = resolve(dir);
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No Firefox build of the extension at ${extensionDir}: run \`npm run build:e2e:firefox\` first.`);
  }
  return extensionDir;
}

/** The build's 16 px icon: an extension document that runs none of our code, so a safe probe. */
function probePath(extensionDir: string): string {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { icons?: Record<string, string> };
  const icon = manifest.icons?.['16'];
  if (icon === undefined) throw new Error('The build has no 16 px icon to use as a probe page');
  return icon;
}

/** Quiet, deterministic prefs; the UUID pref is what makes the extension's origin known. */
function firefoxPrefs(uuid: string): Record<string, unknown> {
  return {
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
    // Temporary add-ons get no "new add-on" doorhanger or onboarding tab in the way.
    'extensions.getAddons.showPane': false,
    'browser.shell.checkDefaultBrowser': false,
  };
}

/** BiDi script.evaluate answers with a result or an exception object, never a rejection. */
function unwrap(answer: EvaluateResult): unknown {
  if (answer.type === 'exception') throw new Error(`Firefox chrome context: ${answer.exceptionDetails?.text ?? 'exception'}`);
  return answer.result?.value;
}

/**
 * Runs `body` (an async function body; its return value must be JSON) in the browser window's
 * privileged context. Needs the --remote-allow-system-access launch flag.
 */
function chromeEvaluator(connection: BidiConnection): <T>(body: string) => Promise<T> {
  let context: string | null = null;
  const chromeContext = async (): Promise<string> => {
    const { result } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
    const top = (result as { contexts: { context: string; url: string }[] }).contexts.find((c) => c.url.startsWith('chrome://browser/'));
    if (top === undefined) throw new Error('Firefox: no browser window in the chrome scope');
    return top.context;
  };
  return async <T>(body: string): Promise<T> => {
    context ??= await chromeContext();
    const expression = `(async () => JSON.stringify(await (async () => { ${body} })() ?? null))()`;
    const { result } = await connection.send('script.evaluate', {
      expression,
      target: { context },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    return JSON.parse(String(unwrap(result as EvaluateResult))) as T;
  };
}

/** puppeteer keeps its BiDi connection on the browser; a check, since it is not public API. */
function connectionOf(browser: Browser): BidiConnection {
  const connection = (browser as unknown as { connection?: BidiConnection }).connection;
  if (typeof connection?.send !== 'function') throw new Error('puppeteer-core: no WebDriver BiDi connection on this Firefox');
  return connection;
}

/** Waits for the tab a chrome-context call opened: the page target that was not there before. */
async function pageOpenedBy(browser: Browser, open: () => Promise<unknown>): Promise<Page> {
  const before = new Set<Target>(browser.targets());
  await open();
  const target = await browser.waitForTarget((t) => t.type() === TargetType.PAGE && !before.has(t), { timeout: 10_000 });
  const page = await target.page();
  if (page === null) throw new Error('Firefox: the new tab has no page');
  return page;
}

/** Until the tab shows `url` loaded: puppeteer hears nothing of navigations BiDi did not make. */
async function loaded(page: Page, url: string): Promise<void> {
  await poll(
    `${url} to load`,
    async () => {
      const [href, ready] = await page.evaluate(() => [location.href, document.readyState]);
      return href === url && ready === 'complete' ? true : null;
    },
    10_000,
  );
}

/** Firefox with the extension installed, its UUID pinned, on a fresh temporary profile. */
export async function launchFirefox(options: { extensionDir: string; headless?: boolean; uuid?: string }): Promise<RunningFirefox> {
  const extensionDir = builtDir(options.extensionDir);
  const uuid = options.uuid ?? FIREFOX_EXTENSION_UUID;
  const profileDir = mkdtempSync(join(tmpdir(), 'toast-sync-firefox-'));
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath(),
      headless: options.headless ?? true,
      userDataDir: profileDir,
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: firefoxPrefs(uuid),
    });
    await browser.installExtension(extensionDir);
    return await driverFor(browser, uuid, probePath(extensionDir), profileDir);
  } catch (error) {
    await closeFirefox(browser, profileDir);
    throw error;
  }
}

/** A browser.close() that hangs must not keep a test run (or the profile) alive. */
async function closeFirefox(browser: Browser | undefined, profileDir: string): Promise<void> {
  if (browser !== undefined) {
    const closed = browser.close().then(
      () => true,
      () => false,
    );
    const inTime = await Promise.race([closed, sleep(10_000).then(() => false)]);
    if (!inTime) browser.process()?.kill('SIGKILL');
  }
  rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
}

async function driverFor(browser: Browser, uuid: string, probe: string, profileDir: string): Promise<RunningFirefox> {
  const inChrome = chromeEvaluator(connectionOf(browser));
  const id = JSON.stringify(GECKO_ID);
  const policy = `const policy = WebExtensionPolicy.getByID(${id}); if (!policy) throw new Error('add-on not installed');`;
  const hostname = await inChrome<string>(`${policy} return policy.mozExtensionHostname;`);
  // Without the pinned UUID every address below would be wrong: say so at once.
  if (hostname !== uuid) throw new Error(`Firefox ignored the pinned UUID: moz-extension://${hostname}`);
  const extensionOrigin = `moz-extension://${uuid}`;

  const openTab = (url: string, select: boolean): Promise<Page> =>
    pageOpenedBy(browser, () =>
      inChrome(`const tab = gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
        if (${select}) gBrowser.selectedTab = tab; return true;`),
    );

  // One probe tab, in the background, opened on first use and kept: the dashboard tab stays the
  // selected one (background tabs' timers are throttled), and reads never wake the event page.
  let probePage: Promise<Page> | null = null;
  const probeTab = (): Promise<Page> => {
    probePage ??= (async () => {
      const url = `${extensionOrigin}/${probe}`;
      const page = await openTab(url, false);
      await loaded(page, url);
      return page;
    })();
    return probePage;
  };
  return {
    browser,
    extensionOrigin,
    async newPage() {
      return browser.newPage();
    },
    async openExtensionPage(path) {
      const url = `${extensionOrigin}/${path.replace(/^\//, '')}`;
      const page = await openTab(url, true);
      await loaded(page, url);
      return page;
    },
    async syncState() {
      // As JSON: BiDi hands back nested objects only a few levels deep (history entries came back null).
      const json = await (
        await probeTab()
      ).evaluate(async () => {
        const api = (globalThis as unknown as { browser: ProbeApi }).browser;
        return JSON.stringify((await api.storage.local.get('syncState')).syncState ?? null);
      });
      return JSON.parse(json) as unknown;
    },
    async badge() {
      return (await probeTab()).evaluate(async () => {
        const api = (globalThis as unknown as { browser: ProbeApi }).browser;
        return { text: await api.action.getBadgeText({}), title: await api.action.getTitle({}) };
      });
    },
    async setSettings(partial) {
      await (
        await probeTab()
      ).evaluate(async (next) => {
        const api = (globalThis as unknown as { browser: ProbeApi }).browser;
        const items = await api.storage.sync.get('settings');
        await api.storage.sync.set({ settings: { ...(items.settings as object | undefined), ...next } });
      }, partial);
    },
    async grantedOrigins() {
      return inChrome<string[]>(`${policy} return policy.allowedOrigins.patterns.map((p) => p.pattern);`);
    },
    async terminateBackground() {
      for (let tries = 3; ; tries--) {
        // The very call about:debugging's "Terminate background script" makes. Firefox may restart
        // the page at once (a pending event wakes it), so "stopped" is not the sign it worked: a
        // background context other than the one there before is.
        const outcome = await inChrome<string>(`${policy}
          const before = policy.extension.backgroundContext;
          if (!before) return 'not running';
          const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
          await ExtensionParent.DebugUtils.terminateBackgroundScript(${id});
          return policy.extension.backgroundContext === before ? 'declined' : 'terminated';`);
        if (outcome === 'terminated') return;
        // Firefox declines (silently) once while a listener's promise is pending, then forgets it.
        if (outcome !== 'declined' || tries === 1) throw new Error(`Firefox did not terminate the background (${outcome})`);
        await sleep(50);
      }
    },
    async backgroundState() {
      return inChrome<BackgroundState>(`return WebExtensionPolicy.getByID(${id})?.extension?.backgroundState ?? 'none';`);
    },
    close() {
      return closeFirefox(browser, profileDir);
    },
  };
}
