import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateClrCredential, validateEndorsementCredential, validateOb3Credential } from '../../../src/core/schema/index.ts';
import { readStandardsJson, standardsPath } from '../../helpers/standards.ts';

const examples = readdirSync(standardsPath('examples/ob-spec')).filter((f) => f.endsWith('.json'));

describe('OB 3.0 schema validators', () => {
  it.each(examples)('accepts the spec example %s', (file) => {
    const doc = readStandardsJson(`examples/ob-spec/${file}`);
    const result = doc.type.includes('EndorsementCredential') ? validateEndorsementCredential(doc) : validateOb3Credential(doc);
    expect(result).toEqual({ valid: true, errors: [] });
  });

  const valid = readdirSync(standardsPath('vectors/1edtech-validator/ob30/valid-vc2')).filter((f) => f.endsWith('.json'));
  it.each(valid)('accepts the positive 1EdTech vector %s', (file) => {
    const doc = readStandardsJson(`vectors/1edtech-validator/ob30/valid-vc2/${file}`);
    const result = doc.type.includes('EndorsementCredential') ? validateEndorsementCredential(doc) : validateOb3Credential(doc);
    expect(result.errors).toEqual([]);
  });

  it('accepts the 1EdTech CLR vector', () => {
    expect(validateClrCredential(readStandardsJson('vectors/1edtech-validator/clr20/simple.json')).valid).toBe(true);
  });

  it('reports readable, deduplicated errors with dotted paths', () => {
    const doc = readStandardsJson('examples/ob-spec/fullOpenBadge--complete-openbadgecredential.json');
    delete doc.credentialSubject.achievement.name;
    doc.credentialStatus = [doc.credentialStatus];
    doc.validFrom = '2010-01-01T00:00:00';
    doc.credentialSubject.achievement.alignment[0].targetType = 'Foo';
    doc.credentialSubject.result[0].type = ['Bar'];
    const { valid, errors } = validateOb3Credential(doc);
    expect(valid).toBe(false);
    expect(errors).toEqual(expect.arrayContaining([
      { path: 'credentialSubject.achievement.name', message: 'is required' },
      { path: 'credentialStatus', message: 'must be object' },
      { path: 'validFrom', message: 'must be a date-time with a timezone, e.g. 2026-12-04T20:00:00Z' },
      { path: 'credentialSubject.result[0].type', message: 'must include "Result"' },
      { path: 'credentialSubject.achievement.alignment[0].targetType', message: expect.stringContaining('or an extension value starting with ext:') },
    ]));
    expect(errors).toHaveLength(5);
  });

  it('rejects non-objects and wrong contexts without throwing', () => {
    expect(validateOb3Credential(null).valid).toBe(false);
    expect(validateOb3Credential('x').errors[0]).toEqual({ path: '', message: 'must be object' });
    const doc = readStandardsJson('examples/ob-spec/basicOpenBadgeCredential--sample-openbadgecredential.json');
    doc['@context'] = ['https://www.w3.org/ns/credentials/v2', 'https://example.com/other.json'];
    const r = validateOb3Credential(doc);
    expect(r.valid).toBe(false);
    expect(r.errors.some((e) => e.path.startsWith('@context'))).toBe(true);
  });
});
