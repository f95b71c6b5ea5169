/** A small seeded PRNG, so every fleet simulation run is the same for the same seed. */

/** mulberry32: fast, good enough for a simulation, and fully determined by its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3's finaliser: every input bit moves every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit hash of a few integers. */
export function keyedHash(...keys: number[]): number {
  let h = 0x9e3779b9;
  for (const key of keys) h = fmix32(h ^ Math.imul(key >>> 0, 0xcc9e2d51));
  return fmix32(h);
}

/**
 * A number in [0, 1) fixed by its keys alone (seed, who, which request, …). A draw keyed this
 * way does not depend on the order in which events at the same virtual instant ran, so a
 * design's results cannot shift just because another design, or another settling mode,
 * interleaved them differently.
 */
export function keyedUnit(...keys: number[]): number {
  return keyedHash(...keys) / 4294967296;
}

/** A stable 32-bit number for a string key (FNV-1a), for use in `keyedUnit`. */
export function stringKey(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
