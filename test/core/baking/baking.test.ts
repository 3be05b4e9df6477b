import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  bakeImage, bakePng, bakeSvg, readPngChunks, unbakeImage, unbakePng, unbakeSvg, writePngChunks,
} from '../../../src/core/baking/index.ts';
import { AppError } from '../../../src/core/errors.ts';
import { standardsPath } from '../../helpers/standards.ts';
import { buildFixtureCredential } from '../../fixtures/credentials.ts';

const dir = 'vectors/1edtech-validator/ob30/baked/';
const bytes = (f: string) => new Uint8Array(readFileSync(standardsPath(dir + f)));
const text = (f: string) => readFileSync(standardsPath(dir + f), 'utf8');

function tinyPng(): Uint8Array {
  const png = new PNG({ width: 2, height: 2 });
  png.data.fill(200);
  return new Uint8Array(PNG.sync.write(png));
}

const credential = buildFixtureCredential();
const jwt = text('simple-jwt.png.jwt').trim();

describe('1EdTech baked vectors', () => {
  it.each(['simple-json.png', 'simple-json.svg'])('extracts the JSON credential from %s', (f) => {
    const out = unbakeImage(bytes(f));
    expect(out).toMatchObject({ format: f.slice(-3), kind: 'ob3', payloadType: 'json' });
    expect(JSON.parse(out.payload)).toEqual(JSON.parse(text(`${f}.extracted.json`)));
  });
  it.each(['simple-jwt.png', 'simple-jwt.svg', 'simple-jwt_v1.png', 'simple-jwt_v1.svg'])('extracts the VC-JWT from %s', (f) => {
    const out = unbakeImage(bytes(f));
    expect(out).toMatchObject({ kind: 'ob3', payloadType: 'jwt' });
    expect(out.payload).toBe(text(`${f}.jwt`).trim());
  });
});

describe('PNG', () => {
  it('bakes one uncompressed iTXt openbadgecredential chunk with a correct CRC (pngjs still decodes it)', () => {
    const baked = bakePng(tinyPng(), credential);
    const chunks = readPngChunks(baked);
    const itxt = chunks.filter((c) => c.type === 'iTXt');
    expect(itxt).toHaveLength(1);
    expect(chunks[1]!.type).toBe('iTXt');
    const data = itxt[0]!.data;
    const kw = 'openbadgecredential';
    expect(Buffer.from(data.subarray(0, kw.length + 5)).equals(Buffer.concat([Buffer.from(kw), Buffer.from([0, 0, 0, 0, 0])]))).toBe(true);
    expect(() => PNG.sync.read(Buffer.from(baked))).not.toThrow();
    expect(JSON.parse(unbakePng(baked).payload)).toEqual(credential);
  });

  it('re-baking replaces the earlier credential instead of adding a second chunk', () => {
    const twice = bakePng(bakePng(tinyPng(), credential), jwt);
    expect(readPngChunks(twice).filter((c) => c.type === 'iTXt')).toHaveLength(1);
    expect(unbakePng(twice)).toMatchObject({ payload: jwt, payloadType: 'jwt' });
    const rebaked = bakePng(bytes('simple-json.png'), jwt);
    expect(readPngChunks(rebaked).filter((c) => c.type === 'iTXt')).toHaveLength(1);
    expect(unbakePng(rebaked).payload).toBe(jwt);
  });

  it('reads CLR and OB 2.0 (tEXt and iTXt) keywords', () => {
    const clr = bakePng(tinyPng(), credential, { kind: 'clr' });
    expect(unbakePng(clr)).toMatchObject({ kind: 'clr', payloadType: 'json' });
    const chunks = readPngChunks(tinyPng());
    const tEXt = { type: 'tEXt', data: new Uint8Array(Buffer.from('openbadges\0https://example.org/assertions/1')) };
    const ob2 = writePngChunks([chunks[0]!, tEXt, ...chunks.slice(1)]);
    expect(unbakePng(ob2)).toEqual({ format: 'png', kind: 'ob2', payload: 'https://example.org/assertions/1', payloadType: 'url' });
  });

  it('reports a typed error for unbaked, truncated, corrupt or non-PNG input', () => {
    expect(() => unbakePng(tinyPng())).toThrow(expect.objectContaining({ code: 'unbake_failed' }));
    const baked = bakePng(tinyPng(), credential);
    expect(() => unbakePng(baked.subarray(0, baked.length - 20))).toThrow(expect.objectContaining({ code: 'image_invalid' }));
    const corrupt = baked.slice();
    corrupt[40] = corrupt[40]! ^ 0xff;
    expect(() => unbakePng(corrupt)).toThrow(/bad CRC|malformed|past the end/);
    expect(() => unbakeImage(new TextEncoder().encode('GIF89a...'))).toThrow(expect.objectContaining({ code: 'image_invalid' }));
    expect(() => bakePng(tinyPng(), 'not a jwt')).toThrow(expect.objectContaining({ code: 'bake_failed' }));
  });
});

const plainSvg = '<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4" title="a &gt; b"/></svg>';

describe('SVG', () => {
  it('bakes JSON in CDATA right after <svg>, declaring the OB 3.0 namespace', () => {
    const baked = bakeSvg(plainSvg, credential);
    expect(baked).toContain('xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"');
    expect(baked).toMatch(/viewBox="0 0 10 10" xmlns:openbadges="[^"]+">\n {2}<openbadges:credential><!\[CDATA\[\{/);
    expect(JSON.parse(unbakeSvg(baked).payload)).toEqual(credential);
  });

  it('bakes a JWT in the verify attribute and re-baking replaces', () => {
    const once = bakeSvg(plainSvg, credential);
    const twice = bakeSvg(once, jwt);
    expect(twice.match(/<openbadges:credential/g)).toHaveLength(1);
    expect(twice).toContain(`<openbadges:credential verify="${jwt}"></openbadges:credential>`);
    expect(unbakeSvg(twice)).toMatchObject({ payload: jwt, payloadType: 'jwt', kind: 'ob3' });
    const rebakedVector = bakeSvg(text('simple-json.svg'), jwt);
    expect(rebakedVector.match(/<openbadges:credential/g)).toHaveLength(1);
    expect(unbakeSvg(rebakedVector).payload).toBe(jwt);
  });

  it('survives "]]>" inside the JSON and a self-closing root', () => {
    const tricky = { ...credential, description: 'contains ]]> and <tags> & more' };
    expect(JSON.parse(unbakeSvg(bakeSvg(plainSvg, tricky)).payload)).toEqual(tricky);
    const selfClosing = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', credential);
    expect(JSON.parse(unbakeSvg(selfClosing).payload)).toEqual(credential);
    expect(selfClosing.trim().endsWith('</svg>')).toBe(true);
  });

  it('reads OB 2.0 assertions and entity-escaped text', () => {
    const ob2 = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://example.org/a/1"/></svg>';
    expect(unbakeSvg(ob2)).toEqual({ format: 'svg', kind: 'ob2', payload: 'https://example.org/a/1', payloadType: 'url' });
    const escaped = `<svg xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential>{&quot;a&quot;:1}</ob:credential></svg>`;
    expect(unbakeSvg(escaped).payload).toBe('{"a":1}');
  });

  it('reports typed errors for SVGs without a credential or malformed markup', () => {
    expect(() => unbakeSvg(plainSvg)).toThrow(expect.objectContaining({ code: 'unbake_failed' }));
    expect(() => unbakeSvg('<html></html>')).toThrow(expect.objectContaining({ code: 'image_invalid' }));
    expect(() => unbakeSvg('<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{')).toThrow(AppError);
    expect(() => unbakeSvg(new Uint8Array([0x3c, 0x73, 0x76, 0x67, 0x20, 0xff, 0xfe]))).toThrow(expect.objectContaining({ code: 'image_invalid' }));
  });
});

describe('CLR bundles', () => {
  const clr = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential', 'ClrCredential'], id: 'urn:uuid:c' };
  it('are baked under clrcredential / the CLR namespace, detected from the payload, replacing an OB 3.0 bake', () => {
    const png = bakePng(bakePng(tinyPng(), credential), clr);
    const texts = readPngChunks(png).filter((c) => c.type === 'iTXt');
    expect(texts).toHaveLength(1);
    expect(Buffer.from(texts[0]!.data).toString('latin1').startsWith('clrcredential\0')).toBe(true);
    expect(unbakePng(png)).toMatchObject({ kind: 'clr', payloadType: 'json' });
    const svg = bakeSvg(bakeSvg(plainSvg, credential), clr);
    expect(svg).toContain('xmlns:clr="https://purl.imsglobal.org/clr/v2p0"');
    expect(svg.match(/<\w+:credential[ >]/g)).toHaveLength(1);
    expect(unbakeSvg(svg)).toMatchObject({ kind: 'clr', payloadType: 'json' });
    expect(JSON.parse(unbakeSvg(svg).payload)).toEqual(clr);
  });
});

describe('fuzz: malformed images never crash', () => {
  function* mutations(seedBytes: Uint8Array, count: number): Generator<Uint8Array> {
    let x = 12345;
    const rnd = () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) / 2 ** 32; };
    for (let i = 0; i < count; i++) {
      const b = seedBytes.slice();
      const kind = i % 3;
      if (kind === 0) for (let k = 0; k < 1 + (i % 8); k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      if (kind === 1) yield b.subarray(0, Math.floor(rnd() * b.length));
      else yield b;
      if (kind === 2) {
        const at = Math.floor(rnd() * b.length);
        yield new Uint8Array([...b.subarray(0, at), ...Array.from({ length: 16 }, () => Math.floor(rnd() * 256)), ...b.subarray(at)]);
      }
    }
  }
  it('throws only AppError for 600 mutated PNGs and SVGs', () => {
    const seeds = [bakePng(tinyPng(), credential), new TextEncoder().encode(bakeSvg(plainSvg, credential)), bytes('simple-jwt.svg')];
    let extracted = 0;
    for (const seed of seeds) {
      for (const m of mutations(seed, 200)) {
        try {
          unbakeImage(m);
          extracted++;
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
        }
        try {
          bakeImage(m, jwt);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
        }
      }
    }
    expect(extracted).toBeGreaterThan(0);
  });
});
