/**
 * `npm start`: builds the extension, builds (once, then cached) and starts the real Next.js
 * reference dashboard of examples/crm-dashboard, opens Chromium with the extension, signs in as
 * the seeded admin, selects a client and prints a live log of every sync until Ctrl-C. Keys let
 * you provoke a rate limit, a server error or a sign-out.
 */

import { build } from 'vite';
import { launchWithExtension, type LaunchedBrowser } from './chromium.ts';
import { preflight } from './preflight.ts';
import { ADMIN, BELLA, DashboardTab, readBadge, readSyncState } from './dashboard-session.ts';
import { ensureReferenceDashboardBuilt, startReferenceDashboard, type SyncRecord } from './reference-dashboard.ts';
import type { SyncState } from '../src/shared/sync-state.ts';

const PORT = Number(process.env.PORT ?? 3000);
const tty = process.stdout.isTTY;
const paint = (code: number) => (text: string) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);
const dim = paint(2);
const bold = paint(1);
const green = paint(32);
const amber = paint(33);
const red = paint(31);
const blue = paint(34);

const clock = (ms: number): string => new Date(ms).toLocaleTimeString('en-GB', { hour12: false });

function statusWords(record: SyncRecord): string {
  if (record.status === 0) return red('aborted');
  if (record.status >= 200 && record.status < 300) return green(`${record.status} OK`);
  if (record.status === 429) return amber('429 rate limited');
  if (record.status === 401) return amber('401 signed out');
  return red(String(record.status));
}

function badgeWords(text: string): string {
  const shown = text === '' ? '(none)' : text;
  if (text === '✓') return green(shown);
  if (text === 'wait') return amber(shown);
  if (text === '!') return red(shown);
  if (text === '…') return blue(shown);
  return dim(shown);
}

async function workerView(browser: LaunchedBrowser): Promise<{ state: SyncState | undefined; badge: string; title: string }> {
  const [state, badge] = await Promise.all([readSyncState(browser.worker), readBadge(browser.worker)]);
  return { state, badge: badge.text, title: badge.title };
}

async function main(): Promise<void> {
  console.log(bold('Toast Sync Companion — demo'));
  const { Chromium: browserPath } = await preflight('start');
  console.log(dim(`browser: ${browserPath}`));
  console.log(dim('building the extension…'));
  process.env.DASHBOARD_URL ??= `http://localhost:${PORT}`;
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });

  console.log(dim('preparing the Next.js reference dashboard (the first run installs and builds it, about 25 s)…'));
  await ensureReferenceDashboardBuilt();
  const dashboard = await startReferenceDashboard({ port: PORT }).catch((error: unknown) => {
    if (error instanceof Error && error.message.includes('already in use')) {
      throw new Error(`Port ${PORT} is in use. Stop whatever listens there, or run: PORT=3001 npm start`);
    }
    throw error;
  });
  console.log(`Next.js dashboard at ${dashboard.url}  ${dim('(admin@demo.test / admin123, staff@demo.test / staff123)')}`);

  const headless = process.env.DISPLAY === undefined || process.env.DISPLAY === '' || process.env.HEADLESS === '1';
  const browser = await launchWithExtension({ extensionDir: 'dist', headless });
  console.log(`Chromium ${headless ? 'running headless (no display)' : 'window open'}, extension ${browser.extensionId}`);

  // As an admin would: straight to the dashboard, whatever the extension is still setting up.
  const tab = new DashboardTab(await browser.context.newPage(), dashboard.url);
  await tab.signIn(ADMIN);
  await tab.selectClient(BELLA.id);
  console.log(`signed in as the admin and selected ${bold(BELLA.name)}: the extension syncs every 60 s from now on`);
  console.log(
    dim(
      `keys: r = Toast rate-limits the next sync (Retry-After 20 s) · e = server error · o = sign out · i = sign in · q = quit\n` +
        `or from another terminal: curl -X POST ${dashboard.url}/__control/faults -H 'Content-Type: application/json' -d '{"kind":"rate-limit","retryAfter":20}'`,
    ),
  );
  console.log(dim('time      client            result             orders  duration  next sync  badge'));

  let seen = 0;
  let lastNote = '';
  const tick = async (): Promise<void> => {
    let records: SyncRecord[];
    try {
      records = await dashboard.syncs();
    } catch {
      return; // the dashboard is stopping
    }
    let view: Awaited<ReturnType<typeof workerView>>;
    try {
      view = await workerView(browser);
    } catch {
      return; // the browser is closing
    }
    for (const record of records.slice(seen)) {
      const next = view.state?.nextAttemptAt;
      const who = record.origin?.startsWith('chrome-extension://') ? '' : dim(' (page)');
      console.log(
        [
          clock(record.atMs),
          (view.state?.client?.name ?? record.clientId ?? '-').padEnd(17).slice(0, 17),
          statusWords(record).padEnd(tty ? 27 : 18),
          String(record.ordersSynced).padStart(6),
          `${record.durationMs} ms`.padStart(9),
          (next === null || next === undefined ? '-' : clock(next)).padStart(10),
          ` ${badgeWords(view.badge)}${who}`,
        ].join('  '),
      );
    }
    seen = records.length;
    // The badges with something to explain: rate limited, signed out, failed.
    const note = ['wait', '?', '!'].includes(view.badge) ? view.title : '';
    if (note !== '' && note !== lastNote) console.log(`          ${amber('→')} ${note}`);
    lastNote = note;
  };
  let ticking = false;
  const timer = setInterval(() => {
    if (ticking) return; // a slow answer must not print a line twice
    ticking = true;
    void tick().finally(() => (ticking = false));
  }, 250);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    console.log(dim('\nstopping…'));
    await browser.close(true).catch(() => undefined);
    await dashboard.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  if (process.stdin.isTTY) {
    process.stdin.setRawMode(true);
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (key: string) => {
      if (key === 'q' || key === '\u0003') void stop();
      else if (key === 'r') {
        void dashboard.script({ kind: 'rate-limit', retryAfter: 20 });
        console.log(amber('          the next sync will be rate-limited with Retry-After: 20'));
      } else if (key === 'e') {
        void dashboard.script({ kind: 'server-error', body: 'html' });
        console.log(amber('          the next sync will fail with HTTP 500'));
      } else if (key === 'o') {
        void dashboard.expireSessions();
        console.log(amber('          every dashboard session ended: the next sync finds the admin signed out'));
      } else if (key === 'i') {
        console.log(dim('          signing in again on the dashboard page…'));
        tab.signIn(ADMIN).catch((error: unknown) => console.error(error));
      }
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
