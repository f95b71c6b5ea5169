import { describe, expect, it } from 'vitest';
import {
  CONTENT_SCRIPT_ID,
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

const allow = (granted: string[]) => ({
  contains: ({ origins }: { origins: string[] }) => Promise.resolve(origins.every((o) => granted.includes(o))),
});

describe('dashboard content script registration', () => {
  it('registers the script at document_start for the dashboard and its localhost alias', async () => {
    const scripting = fakeScripting();
    const result = await syncContentScript(scripting, allow(['http://localhost:3000/*', 'http://127.0.0.1:3000/*']), 'http://localhost:3000', 'assets/content.js');
    expect(result).toBe('registered');
    expect(scripting.scripts).toEqual([
      {
        id: CONTENT_SCRIPT_ID,
        js: ['assets/content.js'],
        matches: ['http://localhost:3000/*', 'http://127.0.0.1:3000/*'],
        runAt: 'document_start',
        allFrames: false,
        persistAcrossSessions: true,
      },
    ]);
  });

  it('leaves a matching registration alone on every worker start', async () => {
    const scripting = fakeScripting();
    const perms = allow(['https://crm.example.com/*']);
    await syncContentScript(scripting, perms, 'https://crm.example.com', 'a.js');
    const writes = scripting.writes;
    expect(await syncContentScript(scripting, perms, 'https://crm.example.com', 'a.js')).toBe('unchanged');
    expect(scripting.writes).toBe(writes);
  });

  it('moves to a new dashboard origin', async () => {
    const scripting = fakeScripting();
    const perms = allow(['https://old.example.com/*', 'https://new.example.com/*']);
    await syncContentScript(scripting, perms, 'https://old.example.com', 'a.js');
    expect(await syncContentScript(scripting, perms, 'https://new.example.com', 'a.js')).toBe('registered');
    expect(scripting.scripts.map((s) => s.matches)).toEqual([['https://new.example.com/*']]);
  });

  it('without host permission registers nothing and removes a stale registration', async () => {
    const scripting = fakeScripting();
    await syncContentScript(scripting, allow(['https://old.example.com/*']), 'https://old.example.com', 'a.js');
    expect(await syncContentScript(scripting, allow([]), 'https://new.example.com', 'a.js')).toBe('no-permission');
    expect(scripting.scripts).toEqual([]);
  });
});
