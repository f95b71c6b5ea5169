import { ensureReferenceDashboardBuilt } from '../../dev/reference-dashboard.ts';
import { chromePath } from '../../dev/chromium.ts';
import { policyDirFor, removeStalePolicies } from '../../dev/chromium-policy.ts';

/** The real Next.js dashboard, built once for the whole run (reused when its sources are unchanged). */
export default async function setup(): Promise<void> {
  // A policy file left by an interrupted run would steer every test's extension.
  try {
    removeStalePolicies(policyDirFor(chromePath()));
  } catch {
    // No browser, or one whose policy folder is unknown: nothing of ours can be there.
  }
  await ensureReferenceDashboardBuilt();
}
