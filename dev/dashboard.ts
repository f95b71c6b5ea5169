/**
 * `npm run dashboard [-- --port 3000] [--no-announce]`: the Next.js reference dashboard on
 * 127.0.0.1 with its test controls on, built first if its sources changed. Ctrl-C stops it.
 */

import { parseArgs } from 'node:util';
import { ensureReferenceDashboardBuilt, startReferenceDashboard } from './reference-dashboard.ts';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '3000' }, 'no-announce': { type: 'boolean', default: false } },
});
const port = Number(values.port);

async function main(): Promise<void> {
  await ensureReferenceDashboardBuilt();
  const dashboard = await startReferenceDashboard({ port, announceContext: !values['no-announce'] });
  console.log(
    `dashboard at ${dashboard.url} (admin@demo.test / admin123, staff@demo.test / staff123); test controls at ${dashboard.url}/__control/*`,
  );
  const stop = (): void => void dashboard.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
