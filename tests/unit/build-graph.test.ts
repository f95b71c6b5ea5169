import { describe, expect, it } from 'vitest';
import { importsOf, missingScripts, reachableScripts, resolveFrom, unreachableScripts, type BuildFiles } from '../../dev/build-graph.ts';

/** A build shaped like ours: a loader, a worker chunk registering two IIFE files, two React pages. */
function chromeBuild(extra: Record<string, string> = {}): BuildFiles {
  return {
    manifest: { background: { service_worker: 'service-worker-loader.js' } },
    scripts: new Map(
      Object.entries({
        'service-worker-loader.js': "import './assets/index.ts-A1.js';\n",
        'assets/index.ts-A1.js':
          'import{n as e}from"./sync-state-B2.js";' +
          'const F={content:"src/content/content-script.js",probe:"src/content/hydration-probe.js"};',
        'assets/sync-state-B2.js': 'import{t}from"./rolldown-runtime-C3.js";export{t as n};',
        'assets/rolldown-runtime-C3.js': 'export const t=1;',
        'assets/index.html-D4.js': 'import{a}from"./react-E5.js";import"./sync-state-B2.js";const L=()=>import("./lazy-F6.js");',
        'assets/react-E5.js': 'export const a=1;',
        'assets/lazy-F6.js': 'export default 1;',
        'assets/index.html-G7.js': 'import{a as r}from"./react-E5.js";',
        'src/content/content-script.js': '(function(){document.documentElement;})();',
        'src/content/hydration-probe.js': '(function(){})();',
        ...extra,
      }),
    ),
    pages: new Map([
      ['src/popup/index.html', '<script type="module" crossorigin src="/assets/index.html-D4.js"></script>'],
      ['src/options/index.html', '<head><script type="module" crossorigin src="../../assets/index.html-G7.js"></script></head>'],
    ]),
  };
}

describe('which scripts of a build can run', () => {
  it('accepts a build where the manifest, the pages, imports and registrations reach every script', () => {
    const build = chromeBuild();
    expect(unreachableScripts(build)).toEqual([]);
    expect(missingScripts(build)).toEqual([]);
    expect(reachableScripts(build)).toContain('assets/lazy-F6.js');
  });

  it('flags the ES copy of a content script that nothing loads, and the chunk only it imports', () => {
    const build = chromeBuild({
      'assets/content-script.ts-X8.js': 'import{n}from"./sync-state-B2.js";import{h}from"./hydration-event-Y9.js";',
      'assets/hydration-event-Y9.js': 'import{x}from"./content-script.ts-X8.js";export const h=1;',
    });
    expect(unreachableScripts(build)).toEqual(['assets/content-script.ts-X8.js', 'assets/hydration-event-Y9.js']);
  });

  it('counts a content script as reachable only while the worker names it', () => {
    const build = chromeBuild({ 'assets/index.ts-A1.js': 'const F={content:"src/content/content-script.js"};' });
    expect(unreachableScripts(build)).toEqual(['src/content/hydration-probe.js']);
  });

  it("reads Firefox's background.scripts and declared content scripts as roots", () => {
    const build = chromeBuild({ 'declared.js': 'export {};' });
    build.manifest = { background: { scripts: ['service-worker-loader.js'] }, content_scripts: [{ js: ['declared.js'] }] };
    expect(unreachableScripts(build)).toEqual([]);
    build.manifest = { content_scripts: [{ js: ['declared.js'] }] };
    expect(unreachableScripts(build)).toContain('service-worker-loader.js');
  });

  it('follows imports written inline in a page', () => {
    const build = chromeBuild();
    build.pages = new Map([...build.pages, ['welcome.html', '<script type="module">import "./assets/lazy-F6.js";</script>']]);
    build.scripts = new Map([...build.scripts].filter(([path]) => path !== 'assets/index.html-D4.js'));
    expect(unreachableScripts(build)).toEqual([]);
  });

  it('reports a script that is loaded but not built', () => {
    const build = chromeBuild();
    build.scripts = new Map([...build.scripts].filter(([path]) => path !== 'assets/lazy-F6.js'));
    expect(missingScripts(build)).toEqual(['assets/lazy-F6.js']);
  });
});

describe('reading imports', () => {
  it.each([
    ['import{a as b}from"./x.js"', ['assets/x.js']],
    ["import * as ns from '../y.js'", ['y.js']],
    ['export{a}from"./z.js";export*from"./w.js"', ['assets/z.js', 'assets/w.js']],
    ['import"./side.js"', ['assets/side.js']],
    ['const m = import ( `./lazy.js` )', ['assets/lazy.js']],
    ['import.meta.url; const s = "import"; import("https://cdn.example/x.js")', []],
  ])('%s', (code, expected) => {
    expect(importsOf('assets/entry.js', code)).toEqual(expected);
  });

  it('resolves paths from the build root', () => {
    expect(resolveFrom('src/popup/index.html', '/assets/a.js?v=1')).toBe('assets/a.js');
    expect(resolveFrom('src/popup/index.html', '../../assets/a.js')).toBe('assets/a.js');
    expect(resolveFrom('assets/a.js', 'data:text/javascript,1')).toBeNull();
  });
});
