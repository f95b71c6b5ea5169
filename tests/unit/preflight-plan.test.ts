import { describe, expect, it } from 'vitest';
import { planPreflight, type MachineFacts } from '../../dev/preflight-plan.ts';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const DEBIAN_FIREFOX = '/usr/bin/firefox-esr';
const POLICY_DIR = '/etc/chromium/policies/managed';

function machine(over: Partial<MachineFacts> & { programs?: string[]; writableDirs?: string[] } = {}): MachineFacts {
  const { programs = [], writableDirs = [], ...rest } = over;
  return {
    platform: 'linux',
    env: {},
    root: false,
    debianLike: true,
    executable: (path) => programs.includes(path),
    writable: (dir) => writableDirs.includes(dir),
    ...rest,
  };
}

describe('the preflight of npm test and npm start', () => {
  it('finds both browsers and a writable policy folder: ready, with their paths', () => {
    const plan = planPreflight('test', machine({ programs: [DEBIAN_CHROMIUM, DEBIAN_FIREFOX], writableDirs: [POLICY_DIR] }));
    expect(plan).toEqual({ kind: 'ready', found: { Chromium: DEBIAN_CHROMIUM, Firefox: DEBIAN_FIREFOX } });
  });

  it('npm start needs Chromium only', () => {
    expect(planPreflight('start', machine({ programs: [DEBIAN_CHROMIUM] })).kind).toBe('ready');
    expect(planPreflight('test', machine({ programs: [DEBIAN_CHROMIUM], writableDirs: [POLICY_DIR] })).kind).toBe('stop');
  });

  it('as root on Debian installs what is missing, and only that, saying so in one line', () => {
    const plan = planPreflight('test', machine({ root: true, programs: [DEBIAN_FIREFOX] }));
    expect(plan).toEqual({
      kind: 'install',
      packages: ['chromium'],
      announce: "installing Debian's chromium for the end-to-end tests (about 140 MB)…",
    });
    const both = planPreflight('test', machine({ root: true }));
    expect(both.kind === 'install' && both.packages).toEqual(['chromium', 'firefox-esr']);
    expect(both.kind === 'install' && both.announce).toMatch(/^installing Debian's chromium and firefox-esr for the end-to-end tests/);
  });

  it('root needs no policy folder of its own: it can write /etc', () => {
    expect(planPreflight('test', machine({ root: true, programs: [DEBIAN_CHROMIUM, DEBIAN_FIREFOX] })).kind).toBe('ready');
  });

  it('not root on Debian: stops with the one command, the policy folder included', () => {
    const plan = planPreflight('test', machine());
    expect(plan.kind).toBe('stop');
    const message = plan.kind === 'stop' ? plan.message : '';
    expect(message).toContain(`Run:  sudo apt-get install -y chromium firefox-esr && sudo install -d -o "$USER" ${POLICY_DIR}`);
    expect(message).toContain('CHROME_PATH and FIREFOX_PATH');
  });

  it('browsers there but the policy folder not writable: the one command makes it so', () => {
    const plan = planPreflight('test', machine({ programs: [DEBIAN_CHROMIUM, DEBIAN_FIREFOX] }));
    expect(plan).toEqual({
      kind: 'stop',
      message: `The company-policy tests write to ${POLICY_DIR}, which this user cannot write.\nRun:  sudo install -d -o "$USER" ${POLICY_DIR}`,
    });
  });

  it('a CHROME_PATH or FIREFOX_PATH naming no executable is reported by name, never replaced by another browser', () => {
    const env = { CHROME_PATH: '/opt/typo/chrome', FIREFOX_PATH: '/opt/typo/firefox' };
    const plan = planPreflight('test', machine({ root: true, env, programs: [DEBIAN_CHROMIUM, DEBIAN_FIREFOX] }));
    expect(plan.kind).toBe('stop');
    const message = plan.kind === 'stop' ? plan.message : '';
    expect(message).toContain('CHROME_PATH=/opt/typo/chrome names no executable file');
    expect(message).toContain('FIREFOX_PATH=/opt/typo/firefox names no executable file');
    // Even as root on Debian with the other browser missing: a typo is not fixed by installing.
    expect(planPreflight('test', machine({ root: true, env: { CHROME_PATH: '/typo' } })).kind).toBe('stop');
  });

  it('a CHROME_PATH that names a browser is used, wherever it is', () => {
    const env = { CHROME_PATH: '/opt/google/chrome/chrome', FIREFOX_PATH: '/opt/firefox/firefox' };
    const plan = planPreflight(
      'test',
      machine({ env, programs: [env.CHROME_PATH, env.FIREFOX_PATH], writableDirs: ['/etc/opt/chrome/policies/managed'] }),
    );
    expect(plan).toEqual({ kind: 'ready', found: { Chromium: env.CHROME_PATH, Firefox: env.FIREFOX_PATH } });
  });

  it('elsewhere (macOS, or Linux without apt) it says what to install, with no apt command', () => {
    const mac = planPreflight('start', machine({ platform: 'darwin', debianLike: false, root: true }));
    expect(mac.kind === 'stop' && mac.message).toBe(
      "Chromium not found.\nTo fix: install Google Chrome, Chromium, Microsoft Edge or Brave.\nOr set CHROME_PATH to the browser's binary.",
    );
    const fedora = planPreflight('test', machine({ debianLike: false, root: true, programs: ['/usr/bin/chromium'] }));
    expect(fedora.kind === 'stop' && fedora.message).not.toContain('apt-get');
    expect(fedora.kind === 'stop' && fedora.message).toContain('Firefox not found');
  });
});
