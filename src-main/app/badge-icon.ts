/**
 * Tray / overlay icons drawn in code (a filled disc in the severity's colour, ring for "none"), as
 * PNG bytes: no image files per state, and plain Node so it is unit-tested without Electron.
 */
import { deflateSync } from 'node:zlib';

export type BadgeLevel = 'none' | 'info' | 'warning' | 'critical';

export const BADGE_COLOURS: Record<BadgeLevel, [number, number, number]> = {
  none: [120, 130, 140],
  info: [58, 130, 246],
  warning: [234, 179, 8],
  critical: [220, 38, 38],
};

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A size×size RGBA PNG (PNG spec, ISO/IEC 15948: IHDR, one IDAT, IEND). */
export function badgePng(level: BadgeLevel, size = 16): Buffer {
  const [r, g, b] = BADGE_COLOURS[level];
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const c = (size - 1) / 2;
  const outer = size / 2 - 0.5;
  const inner = level === 'none' ? outer - 2 : -1;
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const on = d <= outer && d > inner;
      const o = row + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = on ? 255 : 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** The tray tooltip: plain words, the count and the worst severity. */
export function badgeTooltip(b: { count: number; unacknowledged: number; worst: 'info' | 'warning' | 'critical' | null }): string {
  if (!b.count) return 'Callboard: no open alerts';
  return `Callboard: ${b.count} open alert${b.count === 1 ? '' : 's'} (${b.unacknowledged} not acknowledged), worst: ${b.worst}`;
}
