import { ensureReferenceDashboardBuilt } from '../../dev/reference-dashboard.ts';
import { chromePath } from '../../dev/chromium.ts';
import { policyDirFor, removeStalePolicies } from '../../dev/chromium-policy.ts';
import { assertLaneBuilt, chromiumLane, chromiumLaneCount } from '../../dev/e2e-lanes.ts';

/** Every lane's build in place, and the real Next.js dashboard built once for the whole run (reused when its sources are unchanged). */
export default async function setup(): Promise<void> {
  chromePath();
  for (let lane = 1; lane <= chromiumLaneCount(); lane++) assertLaneBuilt(chromiumLane(lane), 'chromium');
  // A policy file left by an interrupted run would steer every test's extension.
  try {
    removeStalePolicies(policyDirFor(chromePath()));
  } catch {
    // A browser whose policy folder is unknown: nothing of ours can be there.
  }
  await ensureReferenceDashboardBuilt();
}
