import { describe, expect, it } from 'vitest';
import {
  CONTENT_SCRIPT_ID,
  HYDRATION_PROBE_ID,
  syncContentScript,
  type RegisteredScript,
  type ScriptingPort,
} from '../../src/background/content-script-registration.ts';

/** fake-browser has no `scripting`: a minimal in-memory one. */
function fakeScripting(): ScriptingPort & { scripts: RegisteredScript[]; writes: number } {
  const port = {
    scripts: [] as RegisteredScript[],
    writes: 0,
    getRegisteredContentScripts: ({ ids }: { ids: string[] }) => Promise.resolve(port.scripts.filter((s) => ids.includes(s.id))),
    registerContentScripts: (scripts: RegisteredScript[]) => {
      for (const s of scripts) {
        if (port.scripts.some((x) => x.id === s.id)) return Promise.reject(new Error(`Duplicate script ID '${s.id}'`));
      }
      port.writes++;
      port.scripts.push(...scripts);
      return Promise.resolve();
    },
    unregisterContentScripts: ({ ids }: { ids: string[] }) => {
      port.writes++;
      port.scripts = port.scripts.filter((s) => !ids.includes(s.id));
      return Promise.resolve();
    },
  };
  return port;
}

const FILES = { content: 'assets/content.js', probe: 'assets/probe.js' };

const allow = (granted: string[]) => ({
  contains: ({ origins }: { origins: string[] }) => Promise.resolve(origins.every((o) => granted.includes(o))),
});

describe('dashboard content script registration', () => {
  it('registers the page-world probe and the content script at document_start for the dashboard and its localhost alias', async () => {
    const scripting = fakeScripting();
    const result = await syncContentScript(
      scripting,
      allow(['http://localhost:3000/*', 'http://127.0.0.1:3000/*']),
      'http://localhost:3000',
      FILES,
      'chrome',
    );
    expect(result).toBe('registered');
    const common = {
      matches: ['http://localhost:3000/*', 'http://127.0.0.1:3000/*'],
      runAt: 'document_start',
      allFrames: false,
      persistAcrossSessions: true,
    };
    expect(scripting.scripts).toEqual([
      { id: HYDRATION_PROBE_ID, js: ['assets/probe.js'], world: 'MAIN', ...common },
      { id: CONTENT_SCRIPT_ID, js: ['assets/content.js'], world: 'ISOLATED', ...common },
    ]);
  });

  it('leaves a matching registration alone on every worker start', async () => {
    const scripting = fakeScripting();
    const perms = allow(['https://crm.example.com/*']);
    await syncContentScript(scripting, perms, 'https://crm.example.com', FILES, 'chrome');
    const writes = scripting.writes;
    expect(await syncContentScript(scripting, perms, 'https://crm.example.com', FILES, 'chrome')).toBe('unchanged');
    expect(scripting.writes).toBe(writes);
  });

  it('moves to a new dashboard origin', async () => {
    const scripting = fakeScripting();
    const perms = allow(['https://old.example.com/*', 'https://new.example.com/*']);
    await syncContentScript(scripting, perms, 'https://old.example.com', FILES, 'chrome');
    expect(await syncContentScript(scripting, perms, 'https://new.example.com', FILES, 'chrome')).toBe('registered');
    expect(scripting.scripts.map((s) => s.matches)).toEqual([['https://new.example.com/*'], ['https://new.example.com/*']]);
  });

  it('an older registration of the content script alone (before the probe existed) is replaced by both', async () => {
    const scripting = fakeScripting();
    const perms = allow(['https://crm.example.com/*']);
    scripting.scripts.push({
      id: CONTENT_SCRIPT_ID,
      js: ['assets/content.js'],
      matches: ['https://crm.example.com/*'],
      runAt: 'document_start',
    });
    expect(await syncContentScript(scripting, perms, 'https://crm.example.com', FILES, 'chrome')).toBe('registered');
    expect(scripting.scripts.map((s) => s.id)).toEqual([HYDRATION_PROBE_ID, CONTENT_SCRIPT_ID]);
  });

  it('without host permission registers nothing and removes a stale registration', async () => {
    const scripting = fakeScripting();
    await syncContentScript(scripting, allow(['https://old.example.com/*']), 'https://old.example.com', FILES, 'chrome');
    expect(await syncContentScript(scripting, allow([]), 'https://new.example.com', FILES, 'chrome')).toBe('no-permission');
    expect(scripting.scripts).toEqual([]);
  });
});
