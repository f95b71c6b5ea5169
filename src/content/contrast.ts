/**
 * WCAG 2 contrast maths for the sidebar indicator, which takes its colours from the dashboard
 * around it (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio). Pure. A colour is
 * [r, g, b, alpha]: sRGB channels 0–255, alpha 0–1. Written small: it ships in the content
 * script, which has a gzip budget.
 */

export type Rgba = readonly number[];

export const WHITE: Rgba = [255, 255, 255, 1];
export const BLACK: Rgba = [0, 0, 0, 1];
export const NEAR_WHITE: Rgba = [249, 250, 251, 1];
export const NEAR_BLACK: Rgba = [17, 24, 39, 1];

/** `rgb()` / `rgba()` as `getComputedStyle` writes them (comma or space syntax); `null` otherwise. */
export function parseRgb(css: string): Rgba | null {
  const n =
    /^rgba?\(([^)]*)\)$/
      .exec(css.trim())?.[1]
      ?.split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number) ?? [];
  return n.length < 3 || n.length > 4 || n.some((x) => !Number.isFinite(x)) ? null : [n[0] ?? 0, n[1] ?? 0, n[2] ?? 0, n[3] ?? 1];
}

/** Relative luminance: 0 for black, 1 for white. */
export const luminance = (c: Rgba): number =>
  [0.2126, 0.7152, 0.0722].reduce((sum, weight, i) => {
    const s = (c[i] ?? 0) / 255;
    return sum + weight * (s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4);
  }, 0);

/** `top` painted over an opaque `bottom`. */
export const over = (top: Rgba, bottom: Rgba): Rgba =>
  bottom.map((v, i) => (i > 2 ? 1 : (top[i] ?? 0) * (top[3] ?? 1) + v * (1 - (top[3] ?? 1))));

/** From 1 (no contrast) to 21 (black on white); a see-through `fg` is first painted over `bg`. */
export function contrastRatio(fg: Rgba, bg: Rgba): number {
  const [hi = 0, lo = 0] = [luminance(over(fg, bg)), luminance(bg)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * What shows behind an element, from its own background and its ancestors' (nearest first),
 * painted over each other on the page's white canvas: a near-black sidebar under a 5 % white
 * footer is still near-black.
 */
export const backdrop = (layers: readonly Rgba[]): Rgba => layers.reduceRight((under, layer) => over(layer, under), WHITE);

/** White text contrasts more than black (luminance under about 0.179). */
export const isDark = (bg: Rgba): boolean => contrastRatio(WHITE, bg) > contrastRatio(BLACK, bg);

/**
 * `preferred` if it reads at WCAG AA for text (4.5:1) on `bg`; else near-white or near-black,
 * whichever reads; on the mid greys where neither does, white or black (always 4.58:1 or more).
 */
export function readable(preferred: Rgba, bg: Rgba): Rgba {
  const dark = isDark(bg);
  return [preferred, dark ? NEAR_WHITE : NEAR_BLACK].find((c) => contrastRatio(c, bg) >= 4.5) ?? (dark ? WHITE : BLACK);
}
