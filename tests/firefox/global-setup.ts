import { assertLaneBuilt, FIREFOX_LANE } from '../../dev/e2e-lanes.ts';
import { firefoxPath } from '../../dev/firefox.ts';
import { ensureReferenceDashboardBuilt } from '../../dev/reference-dashboard.ts';

/** Firefox present, the build aimed at this lane's port, the real Next.js dashboard built once. */
export default async function setup(): Promise<void> {
  firefoxPath();
  assertLaneBuilt(FIREFOX_LANE, 'firefox');
  await ensureReferenceDashboardBuilt();
}
