/**
 * Runs the dashboard simulator by hand (the demo, or poking at it while developing):
 *   npx tsx dev/dashboard/main.ts [--port 3000] [--no-announce]     (or PORT=3000)
 */

import { parseArgs } from 'node:util';
import { SEED_USERS, startDashboard } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'no-announce': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
  strict: true,
});

const portText = values.port ?? process.env.PORT ?? '3000';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65_535) {
  console.error(`Invalid port: ${portText}`);
  process.exit(2);
}

const dashboard = await startDashboard({ port, announceContext: !values['no-announce'], quiet: !values.verbose });
const { admin, staff } = SEED_USERS;
console.log(`Dashboard simulator at ${dashboard.url}`);
console.log(`  admin: ${admin.email} / ${admin.password}`);
console.log(`  staff: ${staff.email} / ${staff.password}`);
console.log(`  context announcement: ${values['no-announce'] ? 'off' : 'on'}  (Ctrl+C to stop)`);

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the dashboard simulator`);
  dashboard.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
