/**
 * The Unicode font of the PDF certificate: Noto Sans (Regular and Bold, OFL-1.1) as shipped in the
 * `@embedpdf/fonts-latin` package (full TTFs: Latin, Latin Extended, Vietnamese, Greek, Cyrillic). The bytes are
 * read once per process and embedded subset (only the glyphs a certificate uses), so a PDF stays small.
 * CJK is not covered (a CJK Noto package adds tens of MB): wallet-pdf.ts draws what the font has and keeps the
 * full name in the PDF's metadata.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PDFDocument } from 'pdf-lib';

export interface CertificateFontBytes { regular: Uint8Array; bold: Uint8Array }

const require = createRequire(import.meta.url);

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
const fontkit = require('@foliojs-fork/fontkit') as Fontkit;

/**
 * The fontkit engine pdf-lib embeds TrueType fonts with (`doc.registerFontkit(certificateFontkit)`). It is the
 * maintained fork (the one pdfmake uses), not `@pdf-lib/fontkit`: that one's subsetter writes a short `loca` table
 * without padding odd-length glyphs, so most glyphs of a Noto Sans subset render blank. This fork wants a Buffer.
 */
export const certificateFontkit: Fontkit = {
  create: (bytes, postscriptName) => fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), postscriptName),
};

/** The package exports only its index, so the TTFs are found next to it (`<pkg>/fonts/*.ttf`). */
const fontDir = (): string => join(dirname(require.resolve('@embedpdf/fonts-latin')), '..', 'fonts');

let cached: Promise<CertificateFontBytes> | undefined;

/** The certificate's font bytes, read from disk on the first call and shared afterwards. */
export function loadCertificateFonts(): Promise<CertificateFontBytes> {
  cached ??= (async () => {
    const dir = fontDir();
    const [regular, bold] = await Promise.all([readFile(join(dir, 'NotoSans-Regular.ttf')), readFile(join(dir, 'NotoSans-Bold.ttf'))]);
    return { regular: new Uint8Array(regular), bold: new Uint8Array(bold) };
  })().catch((e: unknown) => {
    cached = undefined; // a failed read (e.g. a missing install) is retried on the next certificate
    throw e;
  });
  return cached;
}
