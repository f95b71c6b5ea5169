import { describe, expect, it } from 'vitest';
import {
  BLACK,
  NEAR_BLACK,
  NEAR_WHITE,
  WHITE,
  backdrop,
  contrastRatio,
  isDark,
  luminance,
  over,
  parseRgb,
  readable,
  type Rgba,
} from '../../src/content/contrast.ts';
import { STYLE } from '../../src/content/indicator-view.ts';

const hex = (h: string): Rgba => {
  const n = parseInt(h.slice(1), 16);
  return [n >> 16, (n >> 8) & 255, n & 255, 1];
};
const round = (x: number): number => Math.round(x * 100) / 100;

describe('contrast ratio (WCAG 2)', () => {
  // Figures as WebAIM's contrast checker and the WCAG understanding documents give them.
  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#767676', '#ffffff', 4.54], // the lightest grey that passes AA on white
    ['#777777', '#ffffff', 4.48], // one step lighter fails
    ['#595959', '#ffffff', 7],
    ['#ff0000', '#ffffff', 4],
    ['#0000ff', '#ffffff', 8.59],
    ['#6b7280', '#ffffff', 4.83], // the indicator's old grey on the reference dashboard's white sidebar
    ['#6b7280', '#111827', 3.67], // …and on a near-black one: under AA
    ['#374151', '#ffffff', 10.31], // the reference dashboard's Sign Out
    ['#d1d5db', '#111827', 12.04],
  ])('%s on %s is %s:1', (fg, bg, ratio) => {
    expect(round(contrastRatio(hex(fg), hex(bg)))).toBe(ratio);
    expect(round(contrastRatio(hex(bg), hex(fg)))).toBe(ratio); // symmetric
  });

  it('luminance runs from 0 (black) to 1 (white)', () => {
    expect(luminance(BLACK)).toBe(0);
    expect(luminance(WHITE)).toBeCloseTo(1, 10);
    expect(luminance(hex('#808080'))).toBeCloseTo(0.2159, 4);
  });

  it('a see-through text colour is first painted over the background', () => {
    const halfBlack: Rgba = [0, 0, 0, 0.5];
    expect(over(halfBlack, WHITE).map(Math.round)).toEqual([128, 128, 128, 1]);
    expect(round(contrastRatio(halfBlack, WHITE))).toBe(round(contrastRatio(over(halfBlack, WHITE), WHITE)));
    expect(contrastRatio([0, 0, 0, 0], WHITE)).toBe(1);
  });
});

describe('reading computed colours', () => {
  it.each([
    ['rgb(17, 24, 39)', [17, 24, 39, 1]],
    ['rgba(0, 0, 0, 0)', [0, 0, 0, 0]],
    ['rgba(255, 255, 255, 0.05)', [255, 255, 255, 0.05]],
    ['rgb(17 24 39 / 0.5)', [17, 24, 39, 0.5]],
    ['  rgb(1,2,3)  ', [1, 2, 3, 1]],
  ])('%s', (css, rgba) => {
    expect(parseRgb(css)).toEqual(rgba);
  });

  it.each(['transparent', 'oklch(0.21 0.034 264.665)', 'color(srgb 1 0 0)', 'rgb(1, 2)', 'rgb(a, b, c)', ''])(
    '%s is not read (null)',
    (css) => {
      expect(parseRgb(css)).toBeNull();
    },
  );
});

describe('the backdrop: own and ancestors’ backgrounds, nearest first', () => {
  it.each<[string, Rgba[], string]>([
    ['nothing painted: the page’s white', [], '#ffffff'],
    [
      'transparent all the way',
      [
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ],
      '#ffffff',
    ],
    ['the first opaque one wins', [[0, 0, 0, 0], hex('#111827'), WHITE], '#111827'],
    ['a 5 % white footer on a near-black sidebar stays near-black', [[255, 255, 255, 0.05], hex('#111827'), WHITE], '#1d2432'],
    ['half black on white is grey', [[0, 0, 0, 0.5]], '#808080'],
  ])('%s', (_name, layers, expected) => {
    const [r = 0, g = 0, b = 0] = backdrop(layers).map(Math.round);
    expect(`#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`).toBe(expected);
  });
});

describe('choosing the text colour', () => {
  it.each<[string, string, string, Rgba]>([
    ['Sign Out’s colour when it reads', '#374151', '#ffffff', hex('#374151')],
    ['a light Sign Out on a dark sidebar', '#d1d5db', '#111827', hex('#d1d5db')],
    ['grey on near-black (3.67:1): near-white', '#6b7280', '#111827', NEAR_WHITE],
    ['light grey on white (2.54:1): near-black', '#9ca3af', '#ffffff', NEAR_BLACK],
    ['white on white: near-black', '#ffffff', '#ffffff', NEAR_BLACK],
    ['black on black: near-white', '#000000', '#000000', NEAR_WHITE],
    ['on a mid grey where neither near one reads: white', '#777777', '#747474', WHITE],
    ['on a mid grey where neither near one reads: black', '#888888', '#7a7a7a', BLACK],
  ])('%s', (_name, fg, bg, expected) => {
    expect(readable(hex(fg), hex(bg))).toEqual(expected);
  });

  it('whatever the background, the text reads at 4.5:1 or more', () => {
    const backgrounds: Rgba[] = [];
    for (let v = 0; v <= 255; v += 3)
      backgrounds.push([v, v, v, 1], [v, 0, 0, 1], [0, v, 0, 1], [0, 0, v, 1], [v, v, 0, 1], [255 - v, v, 128, 1]);
    for (const bg of backgrounds) {
      for (const fg of [hex('#6b7280'), hex('#374151'), hex('#d1d5db'), [255, 255, 255, 0.4] as Rgba]) {
        expect(contrastRatio(readable(fg, bg), bg), `on rgb(${bg.join()})`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('dark backgrounds are those white text reads better on', () => {
    expect(isDark(hex('#111827'))).toBe(true);
    expect(isDark(hex('#374151'))).toBe(true);
    expect(isDark(hex('#ffffff'))).toBe(false);
    expect(isDark(hex('#f3f4f6'))).toBe(false);
  });
});

describe('the indicator’s status dots stand out from the sidebar (3:1 for non-text)', () => {
  const palette = (rule: string): Record<string, Rgba> => {
    const body = new RegExp(`^\\.${rule}\\{([^}]*)\\}`, 'm').exec(STYLE)?.[1] ?? '';
    const out: Record<string, Rgba> = {};
    for (const [, name = '', value = ''] of body.matchAll(/--(ok|warn|error|busy|on):#([0-9a-f]{3}|[0-9a-f]{6})\b/g)) {
      out[name] = hex(`#${value.length === 3 ? [...value].map((c) => c + c).join('') : value}`);
    }
    return out;
  };
  const light = palette('status');
  const dark = palette('dark');
  const lightSidebars = ['#ffffff', '#f9fafb', '#f3f4f6', '#e5e7eb'];
  const darkSidebars = ['#000000', '#0f172a', '#111827', '#1f2937', '#27272a', '#374151'];

  it('both palettes are there', () => {
    expect(Object.keys(light).sort()).toEqual(['busy', 'error', 'ok', 'on', 'warn']);
    expect(Object.keys(dark).sort()).toEqual(['busy', 'error', 'ok', 'on', 'warn']);
  });

  it.each([
    ['light', lightSidebars],
    ['dark', darkSidebars],
  ] as const)('%s sidebars: every accent at 3:1 or more, and its glyph on it too', (which, sidebars) => {
    const p = which === 'light' ? light : dark;
    for (const bg of sidebars) {
      expect(isDark(hex(bg)), bg).toBe(which === 'dark');
      for (const tone of ['ok', 'warn', 'error', 'busy'] as const) {
        expect(contrastRatio(p[tone] ?? WHITE, hex(bg)), `${tone} on ${bg}`).toBeGreaterThanOrEqual(3);
      }
    }
    for (const tone of ['ok', 'warn', 'error'] as const) {
      expect(contrastRatio(p.on ?? WHITE, p[tone] ?? WHITE), `glyph on ${tone}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});
