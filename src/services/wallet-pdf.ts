/**
 * The PDF certificate of a credential: issuer logo, learner name, achievement, date, competencies, signatory,
 * verification code and a QR code to the verify page, on A4 or US Letter (landscape). The signed credential is
 * attached as `credential.json`, so the PDF itself verifies (src/core/verify/pdf.ts reads it back).
 * Text is set in Noto Sans (embedded, subset): Latin, Latin Extended, Vietnamese, Greek and Cyrillic names print as
 * written. Characters the font lacks (e.g. CJK) are left out of the drawing, never replaced by '?': the full name
 * stays in the PDF's metadata (title, keywords; UTF-16), and `onMissingGlyphs` is told so the caller can log it.
 * (Credentials issued here identify the learner by a hashed email, so the attachment carries no name to fall back on.)
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { certificateFontkit, loadCertificateFonts } from './certificate-fonts.ts';

export type PaperSize = 'a4' | 'letter';
export const PAPER: Record<PaperSize, [number, number]> = { a4: [841.89, 595.28], letter: [792, 612] };

export interface CertificateInput {
  paper: PaperSize;
  learnerName: string;
  achievementName: string;
  description?: string;
  issuerName: string;
  /** `data:image/png|jpeg;base64,…` (SVG logos are not drawn: the issuer's name stands instead). */
  issuerLogo?: string | null;
  issuedOn: string;
  validUntil?: string | null;
  competencies: string[];
  signatory: string;
  verificationCode?: string | null;
  verifyUrl: string;
  /** The signed credential (JSON, or a compact VC-JWT), attached byte for byte. */
  credentialJson: string;
  now: Date;
  /** Told once per text field the font cannot fully draw (the missing characters are left out of the drawing). */
  onMissingGlyphs?: (missing: { field: string; characters: string }) => void;
}

/** The certificate's text fields, as named to `onMissingGlyphs`. */
type Field = 'learnerName' | 'achievementName' | 'issuerName' | 'competencies' | 'signatory' | 'verificationCode' | 'verifyUrl' | 'label';

/**
 * The part of `text` a font can draw (NFC, so Vietnamese and other accented letters use their precomposed glyphs)
 * and the characters it had to leave out.
 */
export function drawableText(text: string, charset: ReadonlySet<number>): { text: string; missing: string } {
  let out = '';
  const missing = new Set<string>();
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (/\s/.test(ch)) out += ' ';
    else if (charset.has(cp)) out += ch;
    else missing.add(ch);
  }
  return { text: out.replace(/ {2,}/g, ' ').trim(), missing: [...missing].join('') };
}

/**
 * Noto Sans's `ccmp` feature splits precomposed letters (ị → i + combining dot below), and the PDF's ToUnicode map
 * then reads the shared 'i' glyph back as plain 'i': with it off, ị keeps its own glyph and copies/extracts as ị.
 */
const NO_DECOMPOSITION = { ccmp: false };

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function centered(page: PDFPage, t: string, y: number, font: PDFFont, size: number, color = rgb(0.1, 0.1, 0.1)): void {
  const w = font.widthOfTextAtSize(t, size);
  page.drawText(t, { x: (page.getWidth() - w) / 2, y, size, font, color });
}

/**
 * Renders the certificate and returns the PDF bytes.
 * @example const pdf = await renderCertificate({ paper: 'a4', learnerName: 'Ada', ..., credentialJson })
 */
export async function renderCertificate(i: CertificateInput): Promise<Uint8Array> {
  const fonts = await loadCertificateFonts();
  const doc = await PDFDocument.create();
  doc.registerFontkit(certificateFontkit);
  // Metadata strings are UTF-16: the full names are kept here whatever the font can draw.
  doc.setTitle(`${i.achievementName} — ${i.learnerName}`);
  doc.setAuthor(i.issuerName);
  doc.setKeywords([i.learnerName, i.achievementName, i.issuerName]);
  doc.setSubject('Open Badges 3.0 credential certificate');
  doc.setCreator('microcred');
  doc.setCreationDate(i.now);
  doc.setModificationDate(i.now);
  const [w, h] = PAPER[i.paper];
  const page = doc.addPage([w, h]);
  const regular = await doc.embedFont(fonts.regular, { subset: true, features: NO_DECOMPOSITION });
  const bold = await doc.embedFont(fonts.bold, { subset: true, features: NO_DECOMPOSITION });
  const boldSet = new Set(bold.getCharacterSet());
  const charset = new Set(regular.getCharacterSet().filter((cp) => boldSet.has(cp)));
  const told = new Set<Field>();
  const t = (text: string, field: Field): string => {
    const d = drawableText(text, charset);
    if (d.missing && !told.has(field)) {
      told.add(field);
      i.onMissingGlyphs?.({ field, characters: d.missing });
    }
    return d.text;
  };
  const accent = rgb(0.12, 0.31, 0.47);
  page.drawRectangle({ x: 24, y: 24, width: w - 48, height: h - 48, borderColor: accent, borderWidth: 3 });
  page.drawRectangle({ x: 32, y: 32, width: w - 64, height: h - 64, borderColor: accent, borderWidth: 0.75 });

  let y = h - 80;
  const logo = i.issuerLogo && /^data:image\/(png|jpeg);base64,/.exec(i.issuerLogo);
  if (logo) {
    const bytes = Buffer.from(i.issuerLogo!.split(',')[1]!, 'base64');
    try {
      const img = logo[1] === 'png' ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
      const s = img.scaleToFit(160, 56);
      page.drawImage(img, { x: (w - s.width) / 2, y: y - s.height + 20, width: s.width, height: s.height });
      y -= s.height + 4;
    } catch {
      // An unreadable logo must not stop the certificate: the issuer's name is printed below anyway.
    }
  }
  centered(page, t(i.issuerName, 'issuerName'), y, bold, 16, accent);
  y -= 44;
  centered(page, 'CERTIFICATE', y, bold, 30);
  y -= 28;
  centered(page, 'This certifies that', y, regular, 13);
  y -= 36;
  const name = t(i.learnerName, 'learnerName');
  // Nothing of the name drawable (e.g. a CJK-only name): say where the name is rather than print a blank line.
  if (/\p{L}/u.test(name)) centered(page, name, y, bold, 28, accent);
  else centered(page, 'the holder named in this document\'s properties', y, bold, 20, accent);
  y -= 30;
  centered(page, 'has earned', y, regular, 13);
  y -= 30;
  for (const line of wrap(t(i.achievementName, 'achievementName'), bold, 22, w - 200).slice(0, 2)) {
    centered(page, line, y, bold, 22);
    y -= 26;
  }
  const dates = `Awarded ${i.issuedOn.slice(0, 10)}${i.validUntil ? ` · valid until ${i.validUntil.slice(0, 10)}` : ''}`;
  centered(page, dates, y, regular, 12);
  y -= 24;
  if (i.competencies.length) {
    const text = t(`Competencies: ${i.competencies.join(' • ')}`, 'competencies');
    for (const line of wrap(text, regular, 10.5, w - 260).slice(0, 3)) {
      centered(page, line, y, regular, 10.5, rgb(0.25, 0.25, 0.25));
      y -= 14;
    }
  }

  // Signatory (bottom left), verification (bottom right: code + QR to the verify page).
  page.drawLine({ start: { x: 80, y: 110 }, end: { x: 300, y: 110 }, thickness: 0.75, color: rgb(0.3, 0.3, 0.3) });
  page.drawText(t(i.signatory, 'signatory'), { x: 80, y: 94, size: 11, font: bold });
  page.drawText(t(`for ${i.issuerName}`, 'issuerName'), { x: 80, y: 80, size: 10, font: regular });
  const qr = await QRCode.toBuffer(i.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8 });
  const qrImg = await doc.embedPng(qr);
  const qrSize = 104;
  page.drawImage(qrImg, { x: w - 80 - qrSize, y: 60, width: qrSize, height: qrSize });
  const right = w - 80 - qrSize - 14;
  const label = (text: string, field: Field, yy: number, f: PDFFont, s: number) => {
    const d = t(text, field);
    page.drawText(d, { x: right - f.widthOfTextAtSize(d, s), y: yy, size: s, font: f });
  };
  label('Verify this credential', 'label', 140, bold, 11);
  if (i.verificationCode) label(`Code: ${i.verificationCode}`, 'verificationCode', 124, regular, 10.5);
  label(i.verifyUrl.length > 60 ? `${i.verifyUrl.slice(0, 57)}...` : i.verifyUrl, 'verifyUrl', 108, regular, 8.5);
  label('The signed credential is attached to this PDF.', 'label', 70, regular, 8);

  const isJwt = !i.credentialJson.trim().startsWith('{');
  await doc.attach(new TextEncoder().encode(i.credentialJson), isJwt ? 'credential.jwt' : 'credential.json', {
    mimeType: isJwt ? 'application/vc+jwt' : 'application/vc+ld+json', description: 'The signed Open Badges 3.0 credential', creationDate: i.now, modificationDate: i.now,
  });
  return doc.save({ useObjectStreams: false });
}
