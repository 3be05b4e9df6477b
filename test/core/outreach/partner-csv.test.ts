import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.ts';
import { partnersToCsv, planPartnerImport } from '../../../src/core/outreach/partner-csv.ts';
import { checkPartnerInput, csvCell } from '../../../src/core/outreach/partner-input.ts';

const ctx = {
  memberIds: new Set(['u1']), achievementIds: new Set(['a1', 'a2']), pathwayIds: new Set(['p1']),
  memberByEmail: new Map([['owner@uni.example', 'u1']]),
};

const rowsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return ((e as AppError).details as { rows: Array<{ row: number; column: string }> }).rows.map((r) => `${r.row}:${r.column}`);
  }
  return [];
};

describe('partner input and CSV', () => {
  it('normalises a partner and names every field at fault', () => {
    expect(checkPartnerInput({ name: ' Acme ', website: 'acme.example', contacts: [{ name: 'Ann', email: 'ANN@acme.example' }, {}] }, ctx))
      .toMatchObject({ name: 'Acme', website: 'https://acme.example/', stage: 'prospect', contacts: [{ name: 'Ann', email: 'ann@acme.example', role: null }] });
    let err: AppError | undefined;
    try {
      checkPartnerInput({ name: '', stage: 'maybe', ownerUserId: 'u9', nextStepDate: '2026-13-45', contacts: [{ email: 'x' }], achievementIds: ['zz'] }, ctx);
    } catch (e) {
      err = e as AppError;
    }
    expect(err?.issues.map((i) => i.field)).toEqual(['name', 'stage', 'ownerUserId', 'nextStepDate', 'contacts.0.name', 'contacts.0.email', 'achievementIds']);
  });

  it('plans every row or reports each bad row and column', () => {
    const ok = planPartnerImport('name,owner_email,contact_names,contact_emails,micro_credentials\nAcme,owner@uni.example,Ann; Bo,ann@a.example; bo@a.example,a1; a2\n', ctx);
    expect(ok[0]).toMatchObject({ ownerUserId: 'u1', achievementIds: ['a1', 'a2'], contacts: [{ name: 'Ann' }, { name: 'Bo' }] });
    expect(rowsOf(() => planPartnerImport('name,owner_email,pathways\nA,nobody@uni.example,p1\nB,,p2\n,,\n', ctx))).toEqual(['2:owner_email', '3:pathways']);
    expect(rowsOf(() => planPartnerImport('title\nA\n', ctx))).toEqual(['1:name', '1:title']);
    expect(rowsOf(() => planPartnerImport('name\n\n', ctx))).toEqual(['2:(file)']);
  });

  it('exports in the import format and neutralises spreadsheet formulas', () => {
    const csv = partnersToCsv([{ ...checkPartnerInput({ name: '=HYPERLINK("x")', contacts: [{ name: 'Ann', role: 'HR' }] }, ctx), ownerEmail: 'owner@uni.example' }]);
    expect(csv.split('\r\n')[1]).toBe('"\'=HYPERLINK(""x"")","","prospect","owner@uni.example","","","Ann","","HR","","",""');
    expect(csvCell(null)).toBe('""');
  });
});
