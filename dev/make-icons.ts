/**
 * Draws the extension's icons (a sync mark on a rounded square) at 16/32/48/128 px, in colour
 * and greyed, into public/icons/. Run with `npm run icons`; the PNGs are committed.
 *
 * The 128 px icons follow the Chrome Web Store's image guidelines: 96×96 artwork centred with
 * 16 px of transparent padding on each side (the store and chrome://extensions show them at
 * that size). The smaller ones, drawn for the toolbar, stay full-bleed.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

type Rgb = [number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

function png(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0;
    Buffer.from(rgba.subarray(y * size * 4, (y + 1) * size * 4)).copy(rows, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

function inTriangle(px: number, py: number, t: [number, number][]): boolean {
  const [a, b, c] = t as [[number, number], [number, number], [number, number]];
  const s = (p: [number, number], q: [number, number]) => (px - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (py - q[1]);
  const d1 = s(a, b);
  const d2 = s(b, c);
  const d3 = s(c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

/** Shapes in a unit square, y up, centre (0.5, 0.5). */
function shape(x: number, y: number): 'mark' | 'tile' | 'none' {
  const corner = 0.2;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - corner), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - corner), 0);
  if (Math.hypot(qx, qy) > corner) return 'none';
  const dx = x - 0.5;
  const dy = y - 0.5;
  const r = Math.hypot(dx, dy);
  const angle = ((Math.atan2(dy, dx) * 180) / Math.PI + 360) % 360;
  const onArc = (from: number, to: number) => angle >= from && angle <= to;
  if (r >= 0.2 && r <= 0.3 && (onArc(40, 175) || onArc(220, 355))) return 'mark';
  for (const end of [40, 220]) {
    const t = (end * Math.PI) / 180;
    const [cx, cy] = [0.5 + 0.25 * Math.cos(t), 0.5 + 0.25 * Math.sin(t)];
    const [ux, uy] = [Math.cos(t), Math.sin(t)];
    const [tx, ty] = [Math.sin(t), -Math.cos(t)]; // clockwise tangent
    const w = 0.13;
    const tri: [number, number][] = [
      [cx + ux * w, cy + uy * w],
      [cx - ux * w, cy - uy * w],
      [cx + tx * 0.14, cy + ty * 0.14],
    ];
    if (inTriangle(x, y, tri)) return 'mark';
  }
  return 'tile';
}

/** `padding` px of transparency on each side; the artwork fills the square inside it. */
function draw(size: number, tile: Rgb, mark: Rgb, padding = 0): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const n = 4; // supersampling per axis
  const art = size - 2 * padding;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let tileHits = 0;
      let markHits = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px - padding + (sx + 0.5) / n) / art;
          const y = (py - padding + (sy + 0.5) / n) / art;
          const s = x < 0 || x > 1 || y < 0 || y > 1 ? 'none' : shape(x, 1 - y);
          if (s === 'tile') tileHits++;
          else if (s === 'mark') markHits++;
        }
      }
      const covered = tileHits + markHits;
      const i = (py * size + px) * 4;
      if (covered === 0) continue;
      for (let ch = 0; ch < 3; ch++) {
        out[i + ch] = Math.round(((tile[ch] ?? 0) * tileHits + (mark[ch] ?? 0) * markHits) / covered);
      }
      out[i + 3] = Math.round((255 * covered) / (n * n));
    }
  }
  return out;
}

const WHITE: Rgb = [255, 255, 255];
const ORANGE: Rgb = [234, 88, 12]; // #ea580c
const GREY: Rgb = [156, 163, 175]; // #9ca3af

/** Store guideline for the 128 px icon: 96×96 artwork, 16 px transparent padding per side. */
const PADDING: Record<number, number> = { 128: 16 };

mkdirSync('public/icons', { recursive: true });
for (const size of [16, 32, 48, 128]) {
  const padding = PADDING[size] ?? 0;
  writeFileSync(`public/icons/icon-${size}.png`, png(size, draw(size, ORANGE, WHITE, padding)));
  writeFileSync(`public/icons/icon-${size}-inactive.png`, png(size, draw(size, GREY, WHITE, padding)));
}
console.log('icons written to public/icons/');
