/** Badge images to bake when a credential's own image is not in the requested format. */
import { deflateSync } from 'node:zlib';
import { crc32 } from '../core/baking/index.ts';
import { colorFromSeed, defaultBadgeSvg } from '../core/catalog/badge-image.ts';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A 256×256 PNG: a hexagon in `color` (hex) on a transparent background. */
export function hexagonPng(color: string, size = 256): Uint8Array {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  const rows: Buffer[] = [];
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      // Pointy-top hexagon of radius 0.47·size.
      const dx = Math.abs(x + 0.5 - c), dy = Math.abs(y + 0.5 - c), R = size * 0.47;
      const inside = dx <= R * Math.sqrt(3) / 2 && dy <= R - dx / Math.sqrt(3);
      if (inside) row.set([r!, g!, b!, 255], 1 + x * 4);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return new Uint8Array(Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)),
  ]));
}

/** The default badge of a credential in either format (colour derived from the seed). */
export function defaultBadge(format: 'png' | 'svg', name: string, seed: string): Uint8Array {
  const color = colorFromSeed(seed);
  return format === 'png' ? hexagonPng(color) : new TextEncoder().encode(defaultBadgeSvg(name, color));
}
