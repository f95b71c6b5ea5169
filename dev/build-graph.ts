/**
 * Which scripts of a built extension can ever run. A file nothing loads still ships to every
 * user and is read by store reviewers; CRXJS once left such a chunk behind (see vite.config.ts),
 * and nothing noticed until the build was inspected by hand. Pure: the caller reads the files.
 */

/** The manifest fields that start scripts. */
export interface ManifestScripts {
  background?: { service_worker?: string; scripts?: string[] };
  content_scripts?: { js?: string[] }[];
}

export interface BuildFiles {
  manifest: ManifestScripts;
  /** Every JavaScript file of the build, by its path from the build's root (`assets/x.js`). */
  scripts: ReadonlyMap<string, string>;
  /** Every HTML page of the build, by path: the extension may open any of them by URL. */
  pages: ReadonlyMap<string, string>;
}

function normalize(segments: string[]): string {
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return out.join('/');
}

/** A path as the importing file names it, from the build's root; `null` for other origins (`https:`, `data:`). */
export function resolveFrom(fromFile: string, specifier: string): string | null {
  const bare = specifier.split(/[?#]/)[0] ?? '';
  if (/^[a-z][a-z\d+.-]*:/i.test(bare) || bare.startsWith('//')) return null;
  if (bare.startsWith('/')) return normalize(bare.split('/'));
  return normalize([...fromFile.split('/').slice(0, -1), ...bare.split('/')]);
}

/** `import … from '…'`, `import '…'`, `export … from '…'` and `import('…')`, minified or not. */
const IMPORT = /(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?(['"`])([^'"`\s]+)\1|\bimport\s*\(\s*(['"`])([^'"`\s]+)\3\s*\)/g;
/** Any quoted string: how the worker names the files it registers or injects at run time. */
const STRING = /(['"`])([^'"`\s]+?\.m?js)\1/g;
const SCRIPT_SRC = /<script\b[^>]*?\bsrc\s*=\s*(['"]?)([^'"\s>]+)\1[^>]*>/gi;
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;

export function importsOf(file: string, code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(IMPORT)) {
    const resolved = resolveFrom(file, m[2] ?? m[4] ?? '');
    if (resolved !== null) found.push(resolved);
  }
  return found;
}

/**
 * Paths named in quotes, taken from the build's root as `scripting.registerContentScripts` and
 * `executeScript` read them. Only names of files the build holds count, so a stray string costs nothing.
 */
function namedPaths(code: string, scripts: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(STRING)) {
    const path = resolveFrom('', m[2] ?? '');
    if (path !== null && scripts.has(path)) found.push(path);
  }
  return found;
}

/**
 * The scripts reachable from the manifest (background worker or event-page scripts, declared
 * content scripts) and from every HTML page (`<script src>` and inline module imports), following
 * static and dynamic imports and the paths reachable code names (the content scripts the worker
 * registers), transitively.
 */
export function reachableScripts(build: BuildFiles): Set<string> {
  const roots: string[] = [];
  const { background, content_scripts: declared = [] } = build.manifest;
  if (background?.service_worker !== undefined) roots.push(background.service_worker);
  roots.push(...(background?.scripts ?? []));
  for (const entry of declared) roots.push(...(entry.js ?? []));
  for (const [page, html] of build.pages) {
    for (const m of html.matchAll(SCRIPT_SRC)) {
      const resolved = resolveFrom(page, m[2] ?? '');
      if (resolved !== null) roots.push(resolved);
    }
    for (const m of html.matchAll(INLINE_SCRIPT)) roots.push(...importsOf(page, m[1] ?? ''));
  }

  const reached = new Set<string>();
  const queue = roots.map((root) => resolveFrom('', root)).filter((path): path is string => path !== null);
  for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
    if (reached.has(path)) continue;
    reached.add(path);
    const code = build.scripts.get(path);
    if (code === undefined) continue;
    queue.push(...importsOf(path, code), ...namedPaths(code, build.scripts));
  }
  return reached;
}

/** Scripts in the build that nothing loads, sorted. */
export function unreachableScripts(build: BuildFiles): string[] {
  const reached = reachableScripts(build);
  return [...build.scripts.keys()].filter((path) => !reached.has(path)).sort();
}

/** Files the manifest, a page or an import names that the build does not hold, sorted. */
export function missingScripts(build: BuildFiles): string[] {
  return [...reachableScripts(build)].filter((path) => /\.m?js$/.test(path) && !build.scripts.has(path)).sort();
}
