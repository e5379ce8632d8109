import { describe, it, expect } from 'vitest';
import { inflateSync } from 'node:zlib';
import { badgePng, badgeTooltip, BADGE_COLOURS } from '../../../src-main/app/badge-icon';

describe('tray badge icon', () => {
  it('is a valid RGBA PNG with the severity colour in the centre and transparent corners', () => {
    const png = badgePng('critical', 16);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(16);
    expect(png.readUInt32BE(20)).toBe(16);
    const idatLen = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLen));
    const px = (x: number, y: number) => raw.subarray(y * 65 + 1 + x * 4, y * 65 + 1 + x * 4 + 4);
    expect([...px(8, 8)]).toEqual([...BADGE_COLOURS.critical, 255]);
    expect(px(0, 0)[3]).toBe(0);
    // "none" is a ring: the centre is transparent.
    const ring = inflateSync(badgePng('none', 16).subarray(41, 41 + badgePng('none', 16).readUInt32BE(33)));
    expect(ring[8 * 65 + 1 + 8 * 4 + 3]).toBe(0);
  });
  it('tooltip in plain words', () => {
    expect(badgeTooltip({ count: 0, unacknowledged: 0, worst: null })).toBe('Callboard: no open alerts');
    expect(badgeTooltip({ count: 2, unacknowledged: 1, worst: 'warning' })).toBe('Callboard: 2 open alerts (1 not acknowledged), worst: warning');
  });
});
