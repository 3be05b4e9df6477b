import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { AppError } from '../../../src/core/errors.ts';
import {
  accessibleColor, checkBadgeImage, colorFromSeed, contrastWithWhite, defaultBadgeSvg, initialsOf, sanitizeSvg, sniffImageType,
} from '../../../src/core/catalog/badge-image.ts';

function png(size = 4): Uint8Array {
  const p = new PNG({ width: size, height: size });
  p.data.fill(200);
  return new Uint8Array(PNG.sync.write(p));
}
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, ...new Array(40).fill(0)]);
const svg = (body: string) => new TextEncoder().encode(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${body}</svg>`);

function imageError(fn: () => unknown): AppError {
  try { fn(); } catch (e) { expect((e as AppError).code).toBe('image_invalid'); expect((e as AppError).field).toBe('image'); return e as AppError; }
  throw new Error('expected image_invalid');
}

describe('checkBadgeImage', () => {
  it('accepts a real PNG and keeps its bytes', () => {
    const bytes = png();
    const img = checkBadgeImage({ bytes, filename: 'badge.png', declaredType: 'image/png' });
    expect(img.mediaType).toBe('image/png');
    expect(Buffer.from(img.bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('rejects a JPEG named .png, by its content', () => {
    expect(sniffImageType(JPEG)).toBe('jpeg');
    expect(imageError(() => checkBadgeImage({ bytes: JPEG, filename: 'photo.png' })).message)
      .toMatch(/named or declared as PNG but its content is a JPEG image/);
  });

  it('rejects an SVG declared as PNG and a PNG named .svg', () => {
    expect(imageError(() => checkBadgeImage({ bytes: svg('<rect width="1" height="1"/>'), declaredType: 'image/png' })).message).toMatch(/content is an SVG/);
    expect(imageError(() => checkBadgeImage({ bytes: png(), filename: 'x.svg' })).message).toMatch(/content is a PNG/);
  });

  it('rejects a file over 512 KB, saying its size and the limit', () => {
    const big = new Uint8Array(512 * 1024 + 1);
    big.set(png());
    expect(imageError(() => checkBadgeImage({ bytes: big, filename: 'big.png' })).message).toBe('The image is 513 KB; the limit is 512 KB.');
    expect(() => checkBadgeImage({ bytes: big.subarray(0, 512 * 1024), filename: 'ok.png' })).not.toThrow();
  });

  it('rejects empty and unrecognised files', () => {
    expect(imageError(() => checkBadgeImage({ bytes: new Uint8Array() })).message).toMatch(/empty/);
    expect(imageError(() => checkBadgeImage({ bytes: new TextEncoder().encode('hello') })).message).toMatch(/not a PNG or SVG/);
  });

  it.each([
    ['a script', '<script>alert(1)</script>', /contains a script/],
    ['a foreignObject', '<foreignObject><div/></foreignObject>', /foreignObject/],
    ['an event handler', '<rect width="1" height="1" onload="alert(1)"/>', /event handler/],
    ['an external image', '<image href="https://evil.example/x.png"/>', /external resource \(href\)/],
    ['an external xlink', '<use xlink:href="http://evil.example/s.svg#a"/>', /external resource \(href\)/],
    ['a CSS url()', '<rect style="fill:url(https://evil.example/p)"/>', /url\(/],
    ['a javascript link', '<a href="javascript:alert(1)"><text>x</text></a>', /javascript:|external resource|not allowed/],
    ['an entity declaration', '', /entities/],
  ])('rejects an SVG with %s', (_name, body, re) => {
    const bytes = body ? svg(body) : new TextEncoder().encode('<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>');
    expect(imageError(() => checkBadgeImage({ bytes, filename: 'b.svg' })).message).toMatch(re);
  });

  it('keeps a clean SVG drawing (internal references included) and drops unknown elements', () => {
    const img = checkBadgeImage({ bytes: svg('<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><circle cx="5" cy="5" r="4" fill="url(#g)"/><blink>x</blink>'), filename: 'b.svg' });
    const text = new TextDecoder().decode(img.bytes);
    expect(img.mediaType).toBe('image/svg+xml');
    expect(text).toContain('<linearGradient id="g">');
    expect(text).toContain('fill="url(#g)"');
    expect(text).toContain('viewBox="0 0 10 10"');
    expect(text).not.toContain('blink');
  });

  it('refuses non-UTF-8 SVG', () => {
    const bytes = new Uint8Array([...svg(''), 0xff, 0xfe]);
    expect(imageError(() => sanitizeSvg(new TextDecoder().decode(bytes)) && checkBadgeImage({ bytes })).message).toMatch(/UTF-8/);
  });
});

describe('default badge', () => {
  it('uses up to two initials, skipping small words', () => {
    expect(initialsOf('Data Analysis for Business')).toBe('DA');
    expect(initialsOf('the art of welding')).toBe('AW');
    expect(initialsOf('Python')).toBe('P');
    expect(initialsOf('élan vital')).toBe('ÉV');
    expect(initialsOf('   ')).toBe('?');
  });

  it('draws the initials in an accessible organisation colour and escapes the name', () => {
    const out = defaultBadgeSvg('R&D <Basics>', '#ffee00');
    expect(out).toContain('aria-label="R&amp;D &lt;Basics&gt;"');
    expect(out).toContain('>RB</text>');
    const fill = /<polygon points="[^"]+" fill="(#[0-9a-f]{6})"/.exec(out)![1]!;
    expect(contrastWithWhite(fill)).toBeGreaterThanOrEqual(4.5);
    expect(sanitizeSvg(out)).toContain('RB');
  });

  it('derives a stable, accessible colour from a seed', () => {
    expect(colorFromSeed('org-1')).toBe(colorFromSeed('org-1'));
    for (const s of ['a', 'b', 'org-2', 'xyz']) expect(contrastWithWhite(colorFromSeed(s))).toBeGreaterThanOrEqual(4.5);
    expect(accessibleColor('#1f4e79')).toBe('#1f4e79');
  });
});
