import { describe, expect, it } from 'vitest';
import { adoptOpenTabs, type InjectPort } from '../../src/background/tab-adoption.ts';

const FILES = { content: 'assets/content.js', probe: 'assets/probe.js' };

function recorder(failFor: number[] = []): InjectPort & { calls: { tabId: number; file: string; world: string }[] } {
  const calls: { tabId: number; file: string; world: string }[] = [];
  return {
    calls,
    executeScript({ target, files, world }) {
      if (failFor.includes(target.tabId)) return Promise.reject(new Error('Cannot access contents of the page'));
      calls.push({ tabId: target.tabId, file: files[0] ?? '', world });
      return Promise.resolve([]);
    },
  };
}

describe('adopting dashboard tabs that were open before the extension started', () => {
  it('asks for the dashboard tabs by URL and injects the probe, then the content script, into each', async () => {
    const asked: string[][] = [];
    const tabs = {
      query: ({ url }: { url: string[] }) => {
        asked.push(url);
        return Promise.resolve([
          { id: 4, url: 'http://localhost:3000/visits' },
          { id: 9, url: 'http://127.0.0.1:3000/' },
        ]);
      },
    };
    const scripting = recorder();
    expect(await adoptOpenTabs(tabs, scripting, 'http://localhost:3000', FILES, 'chrome')).toBe(2);
    expect(asked).toEqual([['http://localhost:3000/*', 'http://127.0.0.1:3000/*']]);
    expect(scripting.calls.filter((c) => c.tabId === 4)).toEqual([
      { tabId: 4, file: 'assets/probe.js', world: 'MAIN' },
      { tabId: 4, file: 'assets/content.js', world: 'ISOLATED' },
    ]);
  });

  it('skips discarded tabs and tabs without an id; a tab that refuses does not stop the others', async () => {
    const url = 'https://crm.example.com/visits';
    const tabs = { query: () => Promise.resolve([{ id: 1, url, discarded: true }, { url }, { id: 2, url }, { id: 3, url }]) };
    const scripting = recorder([2]);
    expect(await adoptOpenTabs(tabs, scripting, 'https://crm.example.com', FILES, 'chrome')).toBe(1);
    expect(scripting.calls.map((c) => c.tabId)).toEqual([3, 3]);
  });

  it('in Firefox asks by host alone (its patterns take no port) and adopts only tabs on the dashboard’s own port', async () => {
    const asked: string[][] = [];
    const tabs = {
      query: ({ url }: { url: string[] }) => {
        asked.push(url);
        return Promise.resolve([
          { id: 1, url: 'http://localhost:3000/visits' },
          { id: 2, url: 'http://localhost:5173/' },
          { id: 3, url: 'http://127.0.0.1:3000/clients' },
          { id: 4 },
        ]);
      },
    };
    const scripting = recorder();
    expect(await adoptOpenTabs(tabs, scripting, 'http://localhost:3000', FILES, 'firefox')).toBe(2);
    expect(asked).toEqual([['http://localhost/*', 'http://127.0.0.1/*']]);
    expect([...new Set(scripting.calls.map((c) => c.tabId))]).toEqual([1, 3]);
  });
});
