import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModulesService } from '../../../src/services/assessment/modules.service.ts';
import { DIALECTS } from '../../helpers/db.ts';
import { expectCode, setupAssessment } from './setup.ts';

describe.each(DIALECTS)('modules service on %s', (dialect) => {
  let env: Awaited<ReturnType<typeof setupAssessment>>;
  let modules: ModulesService;

  beforeEach(async () => {
    env = await setupAssessment(dialect);
    modules = new ModulesService(env);
  });
  afterEach(async () => env.close());

  it('staff enrol by CSV: row errors are reported by row, valid rows enrolled, re-uploads count as already enrolled', async () => {
    const m = await modules.create(env.auth.staff, { title: 'Staff only', enrolment: 'staff', status: 'published' });
    const csv = 'Email,Name\nada@example.com,Ada\nnot-an-email,Broken\n,\nbob@example.com,Bob\nada@example.com,Ada again\n';
    const first = await modules.enrolCsv(env.auth.staff, m.id, csv);
    expect(first).toEqual({
      enrolled: 2, alreadyEnrolled: 0,
      errors: [
        { field: 'row 3: email', message: expect.stringContaining('valid email') },
        { field: 'row 6: email', message: 'ada@example.com appears twice in the file.' },
      ],
    });
    expect((await modules.enrolCsv(env.auth.staff, m.id, 'email\nbob@example.com\ncy@example.com\n'))).toMatchObject({ enrolled: 1, alreadyEnrolled: 1 });
    expect((await modules.enrolled(env.auth.staff, m.id)).map((l) => l.email).sort()).toEqual(['ada@example.com', 'bob@example.com', 'cy@example.com']);
    await expectCode(modules.enrolCsv(env.auth.staff, m.id, 'name\nAda\n'), 'csv_invalid');
    await expectCode(modules.enrolCsv(env.auth.otherStaff, m.id, csv), 'module_not_found');

    // The learner enrolled by staff sees the module as enrolled once signed in with that verified email.
    expect((await modules.forLearner(env.auth.learner, m.id)).enrolled).toBe(true);
    await expectCode(modules.selfEnrol(env.auth.learner2, m.id), 'enrolment_closed');
    expect((await modules.myModules(env.auth.learner)).map((x) => x.id)).toEqual([m.id]);
  });

  it('drafts are hidden from learners; references must belong to the organization; progress counts enrolments', async () => {
    const draft = await modules.create(env.auth.staff, { title: 'Draft' });
    await expectCode(modules.forLearner(env.auth.learner, draft.id), 'module_not_found');
    await expectCode(modules.selfEnrol(env.auth.learner, draft.id), 'module_not_found');
    expect(await modules.catalogue()).toEqual([]);
    await expectCode(modules.create(env.auth.staff, { title: 'X', competencyIds: ['nope'] }), 'competency_not_found');
    await expectCode(modules.update(env.auth.staff, draft.id, { achievementIds: ['nope'] }), 'achievement_not_found');
    await expectCode(modules.create(env.auth.assessor, { title: 'X' }), 'forbidden');

    const open = await modules.update(env.auth.staff, draft.id, { status: 'published' });
    expect((await modules.catalogue()).map((x) => x.id)).toEqual([open.id]);
    await modules.selfEnrol(env.auth.learner, open.id);
    expect((await modules.selfEnrol(env.auth.learner, open.id)).created).toBe(false);
    await modules.enrol(env.auth.staff, open.id, { email: 'Zed@Example.com', name: 'Zed' });
    expect(await modules.progress(env.auth.assessor, open.id)).toEqual({ moduleId: open.id, enrolled: 2, attempted: 0, passed: 0, projectsAccepted: 0, awarded: 0 });
    await expectCode(modules.progress(env.auth.otherStaff, open.id), 'module_not_found');
  });
});
