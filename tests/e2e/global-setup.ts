import { ensureReferenceDashboardBuilt } from '../../dev/reference-dashboard.ts';

/** The real Next.js dashboard, built once for the whole run (reused when its sources are unchanged). */
export default async function setup(): Promise<void> {
  await ensureReferenceDashboardBuilt();
}
