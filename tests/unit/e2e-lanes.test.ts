import { describe, expect, it } from 'vitest';
import { chromiumLane, chromiumLaneCount, e2eBuildEnv, FIREFOX_LANE } from '../../dev/e2e-lanes.ts';

describe('the end-to-end lanes', () => {
  it('lane 1 is the plain dist-e2e on 3100, as a file run by hand expects', () => {
    expect(chromiumLane(1)).toEqual({ port: 3100, dist: 'dist-e2e' });
    expect(chromiumLane(3)).toEqual({ port: 3120, dist: 'dist-e2e-3' });
  });

  it('no two lanes share a port, their second dashboards (port + 1) included, nor a build', () => {
    const lanes = [1, 2, 3, 4, 5, 6, 7, 8].map(chromiumLane).concat(FIREFOX_LANE);
    const ports = lanes.flatMap((lane) => [lane.port, lane.port + 1]);
    expect(new Set(ports).size).toBe(ports.length);
    expect(new Set(lanes.map((lane) => lane.dist)).size).toBe(lanes.length);
  });

  it('the lane count: cores plus one, at most three, or TOAST_SYNC_E2E_LANES, which must be 1–8', () => {
    expect(chromiumLaneCount({})).toBeGreaterThanOrEqual(1);
    expect(chromiumLaneCount({})).toBeLessThanOrEqual(3);
    expect(chromiumLaneCount({ TOAST_SYNC_E2E_LANES: '5' })).toBe(5);
    for (const bad of ['0', '9', '2.5', 'two']) expect(() => chromiumLaneCount({ TOAST_SYNC_E2E_LANES: bad })).toThrow(/1 to 8/);
  });

  it('each build syncs to its own lane’s dashboard, Firefox’s marked as such', () => {
    expect(e2eBuildEnv(chromiumLane(2), 'chromium')).toEqual({
      TOAST_SYNC_OUT_DIR: 'dist-e2e-2',
      DASHBOARD_URL: 'http://localhost:3110',
      TOAST_SYNC_MIN_INTERVAL: '1',
      TOAST_SYNC_TIMEOUT_MS: '4000',
    });
    expect(e2eBuildEnv(FIREFOX_LANE, 'firefox')).toMatchObject({ TOAST_SYNC_BROWSER: 'firefox', DASHBOARD_URL: 'http://localhost:3200' });
  });
});
