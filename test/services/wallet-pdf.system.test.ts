/**
 * The PDF certificate prints any learner's name: Polish, Vietnamese and Cyrillic names come out exactly as written
 * (pdftotext reads them back from the embedded Noto Sans), a CJK name the font lacks is never replaced by '?' and
 * stays whole in the metadata; the attached credential still verifies in every case.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPdfAttachments } from '../../src/core/verify/index.ts';
import type { Auth } from '../../src/services/auth.ts';
import { drawableText, renderCertificate } from '../../src/services/wallet-pdf.ts';
import type { WalletCredential } from '../../src/services/wallet-view.ts';
import { createIssuerOrg, createMicroCredential, issuanceHarness, type IssuanceHarness } from '../helpers/issuance.ts';

const run = promisify(execFile);
const SUPPORTED = ['Łukasz Żółć', 'Nguyễn Thị Minh', 'Ольга', 'Αλέξανδρος Παπαδόπουλος'];
const CJK = '王小明';

describe('PDF certificate with Unicode names', () => {
  let h: IssuanceHarness;
  let learner: Auth;
  let dir: string;
  const byName = new Map<string, WalletCredential>();

  const pdfText = async (bytes: Uint8Array, name: string): Promise<string> => {
    const file = join(dir, `${name.replace(/\W/g, '_')}.pdf`);
    await writeFile(file, bytes);
    return (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout;
  };

  /**
   * Share of ink columns across the learner-name line (A4 page, 72 dpi, name band 157–200 pt from the top): real
   * glyphs fill most of the line; a corrupt font subset leaves a few letters with wide blank gaps.
   */
  const nameInk = async (bytes: Uint8Array, name: string): Promise<number> => {
    const base = join(dir, `${name.replace(/\W/g, '_')}-page`);
    await writeFile(`${base}.pdf`, bytes);
    await run('pdftoppm', ['-png', '-r', '72', '-gray', '-singlefile', `${base}.pdf`, base]);
    const png = PNG.sync.read(await readFile(`${base}.png`));
    const inked = (x: number) => {
      for (let y = 157; y <= 200; y++) if (png.data[(y * png.width + x) * 4]! < 160) return true;
      return false;
    };
    const cols = Array.from({ length: png.width - 120 }, (_, k) => inked(k + 60));
    const first = cols.indexOf(true);
    const last = cols.lastIndexOf(true);
    return cols.slice(first, last + 1).filter(Boolean).length / (last - first + 1);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'microcred-pdf-'));
    h = await issuanceHarness('sqlite');
    const org = await createIssuerOrg(h.services);
    const achievementId = await createMicroCredential(h.services, org.auth);
    const a = await h.services.accounts.signUp({ name: 'Learner', email: 'learner@example.com', password: 'correct horse battery' });
    learner = { userId: a.user.id, scopes: [] };
    const token = /\/verify-email\/([A-Za-z0-9_-]+)/.exec([...h.mailer.sent].reverse().find((m) => m.kind === 'verify_email')!.text)![1]!;
    await h.services.accounts.verifyEmail(token);
    for (const name of [...SUPPORTED, CJK]) {
      const { credential } = await h.services.issuance.issueCredential(org.auth, { achievementId, recipient: { email: 'learner@example.com', name } }, { source: 'api' });
      await h.services.credentialEvents.idle();
      byName.set(name, (await h.services.wallet.list(learner)).find((c) => c.id === credential.id)!);
    }
  });
  afterAll(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(SUPPORTED)('prints %s exactly, and the attached credential still verifies', async (name) => {
    const c = byName.get(name)!;
    expect(c.display.recipientName ?? c.recipientName).toBe(name);
    const pdf = await h.services.walletDownloads.pdf(c, 'a4');
    const doc = await PDFDocument.load(pdf.bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toContain(name);
    const text = await pdfText(pdf.bytes, name);
    expect(text).toContain(name);
    expect(text).toContain('Data Analysis with Python');
    expect(text).not.toContain('?');
    expect(await nameInk(pdf.bytes, name)).toBeGreaterThan(0.6);
    const [att] = await listPdfAttachments(pdf.bytes);
    expect(JSON.parse(new TextDecoder().decode(att!.bytes)).id).toBe(`urn:uuid:${c.id}`);
    const report = await h.services.verification.verifyInput(pdf.bytes);
    expect(report.summary, JSON.stringify(report.checks)).toBe('valid');
    // Subset embedding: the two Noto Sans TTFs are ~1.2 MB, the certificate stays far below.
    expect(pdf.bytes.length).toBeLessThan(200_000);
  });

  it('a CJK name the font lacks: no "?", a sentence instead, the name kept whole in the metadata, the gap reported', async () => {
    const c = byName.get(CJK)!;
    const pdf = await h.services.walletDownloads.pdf(c, 'letter');
    const text = await pdfText(pdf.bytes, 'cjk');
    expect(text).not.toContain('?');
    expect(text).toContain("the holder named in this document's properties");
    const doc = await PDFDocument.load(pdf.bytes);
    expect(doc.getTitle()).toBe(`Data Analysis with Python — ${CJK}`);
    expect(doc.getKeywords()).toContain(CJK);
    const [att] = await listPdfAttachments(pdf.bytes);
    expect(JSON.parse(new TextDecoder().decode(att!.bytes)).id).toBe(`urn:uuid:${c.id}`);
    expect((await h.services.verification.verifyInput(pdf.bytes)).summary).toBe('valid');

    const missing: { field: string; characters: string }[] = [];
    await renderCertificate({
      paper: 'a4', learnerName: `Minh ${CJK}`, achievementName: 'Python', issuerName: 'Northbridge', issuedOn: '2026-12-04', competencies: [],
      signatory: 'Northbridge', verifyUrl: 'https://badges.example.edu/verify', credentialJson: '{}', now: new Date('2026-12-04T20:00:00Z'), onMissingGlyphs: (m) => missing.push(m),
    });
    expect(missing).toEqual([{ field: 'learnerName', characters: CJK }]);
  });

  it('drawableText keeps what the font has, in NFC, and names what it leaves out', () => {
    const charset = new Set([...'Nguyễn Thị'].map((ch) => ch.codePointAt(0)!));
    expect(drawableText('Nguye\u0302\u0303n  Thị 王', charset)).toEqual({ text: 'Nguyễn Thị', missing: '王' });
  });
});
