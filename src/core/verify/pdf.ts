/**
 * Pure extraction of a credential embedded in a PDF certificate as a file attachment (the document's
 * EmbeddedFiles name tree, as written by pdf-lib's `attach`). Parsing only: nothing is rendered or fetched.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream, PDFString, PDFHexString, decodePDFRawStream } from 'pdf-lib';

/** One embedded file found in a PDF. */
export interface PdfAttachment {
  name: string;
  mimeType?: string;
  bytes: Uint8Array;
}

const MAX_ATTACHMENTS = 50;
const MAX_TREE_DEPTH = 8;

function text(obj: unknown): string | undefined {
  if (obj instanceof PDFString || obj instanceof PDFHexString) return obj.decodeText();
  return undefined;
}

function collectNames(node: PDFDict, out: [string, PDFDict][], depth: number): void {
  if (depth > MAX_TREE_DEPTH || out.length >= MAX_ATTACHMENTS) return;
  const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (names) {
    for (let i = 0; i + 1 < names.size() && out.length < MAX_ATTACHMENTS; i += 2) {
      const spec = names.lookup(i + 1);
      if (spec instanceof PDFDict) out.push([text(names.lookup(i)) ?? `attachment-${i / 2}`, spec]);
    }
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  if (kids) {
    for (let i = 0; i < kids.size(); i++) {
      const kid = kids.lookup(i);
      if (kid instanceof PDFDict) collectNames(kid, out, depth + 1);
    }
  }
}

/**
 * Lists the files attached to a PDF (empty when there are none). Throws when the bytes are not a PDF.
 * @example const files = await listPdfAttachments(bytes)
 */
export async function listPdfAttachments(bytes: Uint8Array): Promise<PdfAttachment[]> {
  const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  const namesDict = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = namesDict?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  if (!tree) return [];
  const specs: [string, PDFDict][] = [];
  collectNames(tree, specs, 0);
  const out: PdfAttachment[] = [];
  for (const [treeName, spec] of specs) {
    const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
    const stream = ef?.lookup(PDFName.of('F'));
    if (!(stream instanceof PDFStream)) continue;
    const data = stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream.getContents();
    const subtype = stream.dict.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText();
    const name = text(spec.lookup(PDFName.of('UF'))) ?? text(spec.lookup(PDFName.of('F'))) ?? treeName;
    out.push({ name, ...(subtype ? { mimeType: subtype } : {}), bytes: data });
  }
  return out;
}

/** Picks the attachment that holds a credential: a .json / .jwt file or a credential media type. */
export function pickCredentialAttachment(files: readonly PdfAttachment[]): PdfAttachment | undefined {
  const score = (f: PdfAttachment): number => {
    const n = f.name.toLowerCase();
    const m = (f.mimeType ?? '').toLowerCase();
    if (/vc\+ld\+json|ld\+json|vc\+jwt/.test(m) || /credential/.test(n)) return 3;
    if (n.endsWith('.json') || n.endsWith('.jsonld') || n.endsWith('.jwt') || m.includes('json')) return 2;
    return 0;
  };
  const ranked = files.map((f) => [score(f), f] as const).filter(([s]) => s > 0).sort((a, b) => b[0] - a[0]);
  return ranked[0]?.[1];
}
