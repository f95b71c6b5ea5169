import type { NextConfig } from 'next';

/*
 * A plain production Next.js 16 app. Telemetry is off through NEXT_TELEMETRY_DISABLED=1 in
 * the environment (the test harness sets it). The root is pinned to this folder: the app lives
 * inside another project that has its own package-lock.json.
 */
const nextConfig: NextConfig = {
  poweredByHeader: false,
  turbopack: { root: __dirname },
  outputFileTracingRoot: __dirname,
  // `next dev` would otherwise write agent instruction files into the example.
  agentRules: false,
};

export default nextConfig;
