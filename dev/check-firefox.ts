/**
 * `npm run check:firefox` (part of npm test): web-ext lint over the Firefox build, which must
 * have no errors and no warnings from project code (see firefox-lint.ts).
 * Usage: tsx dev/check-firefox.ts [dist-firefox]
 */

import { lintFirefoxBuild } from './firefox-lint.ts';

const dist = process.argv[2] ?? 'dist-firefox';
const { summary, problems } = lintFirefoxBuild(dist);
console.log(`${dist}: ${summary}`);
for (const problem of problems) console.error(`check-firefox: ${problem}`);
if (problems.length > 0) process.exit(1);
console.log(`check-firefox: ${dist} passes`);
