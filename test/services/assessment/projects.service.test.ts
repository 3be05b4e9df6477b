import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalSubmissionFileStore } from '../../../src/services/assessment/file-store.ts';
import { ModulesService } from '../../../src/services/assessment/modules.service.ts';
import { ProjectsService } from '../../../src/services/assessment/projects.service.ts';
import type { MailMessage, Mailer } from '../../../src/services/mailer.ts';
import { DIALECTS } from '../../helpers/db.ts';
import { expectCode, setupAssessment } from './setup.ts';

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34]);

describe.each(DIALECTS)('projects service on %s', (dialect) => {
  let env: Awaited<ReturnType<typeof setupAssessment>>;
  let projects: ProjectsService;
  let modules: ModulesService;
  let dir: string;
  let moduleId: string;
  const mail: MailMessage[] = [];
  const accepted: string[] = [];

  beforeEach(async () => {
    env = await setupAssessment(dialect);
    dir = mkdtempSync(join(tmpdir(), 'mc-files-'));
    mail.length = 0;
    accepted.length = 0;
    const mailer: Mailer = { delivers: false, send: async (m) => void mail.push(m) };
    modules = new ModulesService(env);
    projects = new ProjectsService({ ...env, files: new LocalSubmissionFileStore(dir), mailer, publicUrl: 'http://localhost', evidence: { evidenceChanged: async (_o, l) => void accepted.push(l) } });
    moduleId = (await modules.create(env.auth.staff, { title: 'Maps', status: 'published' })).id;
  });
  afterEach(async () => {
    await env.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function project() {
    return projects.create(env.auth.staff, moduleId, { title: 'Portfolio', brief: 'Draw a map.', rubricText: 'Clarity | Poor=0 | Fair=1* | Good=2\nAccuracy | Low=0 | Mid=2* | High=4' });
  }

  it('learner submits text, links and a file; assessor asks for resubmission, then accepts', async () => {
    const p = await project();
    await expectCode(projects.submit(env.auth.learner, p.id, { text: 'x' }), 'not_enrolled');
    await modules.selfEnrol(env.auth.learner, moduleId);
    const s1 = await projects.submit(env.auth.learner, p.id, { text: 'My map', links: 'https://maps.example.org/mine', files: [{ name: '../map.pdf', bytes: PDF }] });
    expect(s1.files[0]).toMatchObject({ name: 'map.pdf', type: 'application/pdf', size: 8 });
    expect(readdirSync(join(dir, 'submissions', 'org1'))).toEqual([s1.files[0]!.storedName]);
    await expectCode(projects.submit(env.auth.learner, p.id, { text: 'again' }), 'submission_pending');

    expect((await projects.queue(env.auth.assessor)).map((q) => q.submission.id)).toEqual([s1.id]);
    expect(await projects.queue(env.auth.otherStaff)).toEqual([]);
    await expectCode(projects.forReview(env.auth.otherStaff, s1.id), 'submission_not_found');
    await expectCode(projects.queue(env.auth.learner), 'forbidden');
    await expectCode(projects.queue(env.auth.anonymous), 'unauthenticated');

    await expectCode(projects.review(env.auth.assessor, s1.id, { decision: 'accept', levels: { clarity: 'good' } }), 'rubric_score_invalid');
    const back = await projects.review(env.auth.assessor, s1.id, { decision: 'resubmit', levels: { clarity: 'poor', accuracy: 'low' }, feedback: 'Add a legend.' });
    expect(back.status).toBe('resubmission_requested');
    expect(mail[0]).toMatchObject({ to: 'ada@example.com', kind: 'submission_reviewed' });
    expect(mail[0]!.text).toContain('Add a legend.');
    await expectCode(projects.review(env.auth.assessor, s1.id, { decision: 'accept', levels: { clarity: 'good', accuracy: 'high' } }), 'submission_already_reviewed');
    expect(accepted).toEqual([]);

    env.clock.advance(3600);
    const s2 = await projects.submit(env.auth.learner, p.id, { text: 'With legend' });
    const ok = await projects.review(env.auth.assessor, s2.id, { decision: 'accept', levels: { clarity: 'good', accuracy: 'mid' }, feedback: 'Well done' });
    expect(ok.rubricScore).toMatchObject({ totalPoints: 4, allCriteriaMet: true });
    expect(accepted).toHaveLength(1);
    await expectCode(projects.submit(env.auth.learner, p.id, { text: 'more' }), 'submission_already_reviewed');
    expect(await projects.evidence(env.auth.anonymous, s2.id)).toBeNull(); // private until the learner shares it
    expect((await projects.evidence(env.auth.learner, s2.id))?.isOwner).toBe(true);
    await expectCode(projects.setEvidencePublic(env.auth.learner2, s2.id, true), 'submission_not_found');
    await projects.setEvidencePublic(env.auth.learner, s2.id, true);
    expect((await projects.evidence(env.auth.anonymous, s2.id))?.submission.text).toBe('With legend');
    await expectCode(projects.evidence(env.auth.anonymous, s1.id), 'submission_not_found'); // not accepted: no evidence
    const view = await projects.forLearner(env.auth.learner, p.id);
    expect(view.submissions.map((s) => s.status)).toEqual(['accepted', 'resubmission_requested']);
    expect(view.canSubmit).toBe(false);
  });

  it('serves files only to the learner and their organization’s staff', async () => {
    const p = await project();
    await modules.selfEnrol(env.auth.learner, moduleId);
    await modules.selfEnrol(env.auth.learner2, moduleId);
    const s = await projects.submit(env.auth.learner, p.id, { files: [{ name: 'map.pdf', bytes: PDF }] });
    const fileId = s.files[0]!.id;
    expect((await projects.readFile(env.auth.learner, s.id, fileId)).bytes).toEqual(Buffer.from(PDF));
    expect((await projects.readFile(env.auth.assessor, s.id, fileId)).file.name).toBe('map.pdf');
    expect((await projects.readFile(env.auth.staff, s.id, fileId)).file.type).toBe('application/pdf');
    await expectCode(projects.readFile(env.auth.learner2, s.id, fileId), 'submission_not_found');
    await expectCode(projects.readFile(env.auth.otherStaff, s.id, fileId), 'submission_not_found');
    await expectCode(projects.readFile(env.auth.anonymous, s.id, fileId), 'submission_not_found');
  });

  it('refuses bad files, links and empty submissions, writing nothing', async () => {
    const p = await project();
    await modules.selfEnrol(env.auth.learner, moduleId);
    await expectCode(projects.submit(env.auth.learner, p.id, { files: [{ name: 'run.exe', bytes: PDF }] }), 'file_type_not_allowed');
    await expectCode(projects.submit(env.auth.learner, p.id, { links: ['javascript:alert(1)'] }), 'validation_failed');
    await expectCode(projects.submit(env.auth.learner, p.id, {}), 'validation_failed');
    await expectCode(projects.submit(env.auth.learner, p.id, { files: Array.from({ length: 6 }, () => ({ name: 'a.pdf', bytes: PDF })) }), 'validation_failed');
    expect((await projects.forLearner(env.auth.learner, p.id)).submissions).toEqual([]);
    await expectCode(projects.create(env.auth.staff, moduleId, { title: 'x', brief: 'y', rubricText: 'Only | One=1*' }), 'rubric_invalid');
  });
});
