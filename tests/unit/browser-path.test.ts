import { describe, expect, it } from 'vitest';
import { findBrowser } from '../../dev/browser-path.ts';

const only =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);

describe('finding an installed browser', () => {
  it('prefers Debian’s Chromium on Linux, then Chrome, Edge, Brave', () => {
    expect(findBrowser({ platform: 'linux', env: {}, exists: only('/usr/bin/google-chrome', '/usr/bin/chromium') })).toEqual({
      path: '/usr/bin/chromium',
    });
    expect(findBrowser({ platform: 'linux', env: {}, exists: only('/usr/bin/brave-browser') })).toEqual({ path: '/usr/bin/brave-browser' });
  });

  it('finds Chrome or Edge on macOS and Windows', () => {
    const mac = '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
    expect(findBrowser({ platform: 'darwin', env: {}, exists: only(mac) })).toEqual({ path: mac });
    const env = { PROGRAMFILES: 'C:\\Program Files' };
    const found = findBrowser({ platform: 'win32', env, exists: (p) => p.endsWith('chrome.exe') && p.includes('Google') });
    expect(found.path).toMatch(/Google.Chrome.Application.chrome\.exe$/);
  });

  it('CHROME_PATH wins, and a CHROME_PATH that does not exist is reported rather than skipped', () => {
    expect(
      findBrowser({ platform: 'linux', env: { CHROME_PATH: '/opt/x/chrome' }, exists: only('/opt/x/chrome', '/usr/bin/chromium') }),
    ).toEqual({ path: '/opt/x/chrome' });
    expect(findBrowser({ platform: 'linux', env: { CHROME_PATH: '/typo' }, exists: only('/usr/bin/chromium') })).toEqual({
      path: null,
      looked: ['/typo'],
    });
  });

  it('says where it looked when there is none', () => {
    const none = findBrowser({ platform: 'linux', env: {}, exists: () => false });
    expect(none.path).toBeNull();
    expect('looked' in none && none.looked).toContain('/usr/bin/chromium');
  });
});
