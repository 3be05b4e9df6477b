// The admin commands spawned as a script runs them: db migrate, org create, token create, issue, issue-csv.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin/microcred.js');

describe('admin CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mc-cli-admin-'));
  const env = {
    ...process.env, MICROCRED_DATA_DIR: dataDir, DATABASE_URL: `sqlite:${join(dataDir, 'db.sqlite')}`,
    MICROCRED_PUBLIC_URL: 'https://badges.example.edu', MICROCRED_MASTER_KEY: '6b'.repeat(32), MICROCRED_SMTP_URL: '', LOG_LEVEL: 'silent',
  };
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });

  it('migrates, creates an organization and a token, issues one credential and a CSV', async () => {
    const m = run('db', 'migrate');
    expect(m.status, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/applied: .*create_platform/);
    expect(run('db', 'migrate').stdout).toContain('up to date');

    const org = run('org', 'create', '--name', 'Harbour College', '--slug', 'harbour', '--json');
    expect(org.status, org.stderr).toBe(0);
    const orgOut = JSON.parse(org.stdout);
    expect(orgOut).toMatchObject({ slug: 'harbour', issuerId: 'did:web:badges.example.edu:issuers:harbour' });
    expect(run('org', 'create', '--name', 'Again', '--slug', 'harbour').status).toBe(1);

    const token = run('token', 'create', '--org', 'harbour', '--json');
    expect(token.status, token.stderr).toBe(0);
    expect(JSON.parse(token.stdout).token).toMatch(/^mc_/);
    expect(run('token', 'create', '--org', 'nowhere').stderr).toContain('No organization');

    // A micro-credential to award (created through the database the CLI uses).
    const h = await openDatabase({ url: env.DATABASE_URL });
    const { AchievementService } = await import('../../src/services/achievement.service.ts');
    const svc = new AchievementService({ db: h.db, clock: { now: () => new Date() }, publicUrl: env.MICROCRED_PUBLIC_URL });
    const m1 = await svc.create({ organizationId: orgOut.id, scopes: [], system: true }, { name: 'Data Basics', description: 'Data.', criteriaNarrative: 'Pass.' });
    await h.close();

    const issued = run('issue', '--org', 'harbour', '--achievement', m1.id, '--email', 'ada@example.com', '--name', 'Ada', '--no-notify', '--json');
    expect(issued.status, issued.stderr).toBe(0);
    const cred = JSON.parse(issued.stdout);
    expect(cred.document.proof.cryptosuite).toBe('eddsa-rdfc-2022');
    const bad = run('issue', '--org', 'harbour', '--achievement', m1.id, '--email', 'nope');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('recipient.email');

    const csv = join(dataDir, 'rows.csv');
    writeFileSync(csv, `email,name,achievement_id\n${Array.from({ length: 25 }, (_, i) => `p${i}@example.com,P ${i},${m1.id}`).join('\n')}\nbroken,X,${m1.id}\n`);
    const bulk = run('issue-csv', csv, '--org', 'harbour', '--no-notify');
    expect(bulk.status).toBe(1); // one row refused
    expect(bulk.stderr).toContain('row 27: email');
    expect(bulk.stderr).toMatch(/issuing 100% \(25\/25\)/);
    expect(bulk.stdout).toContain('25 issued, 0 already issued before, 0 failed, 1 refused');
    const again = run('issue-csv', csv, '--org', 'harbour', '--no-notify', '--json');
    expect(JSON.parse(again.stdout).result).toMatchObject({ issued: 0, skipped: 25 });
  });
});
