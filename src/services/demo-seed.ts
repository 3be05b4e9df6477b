/**
 * The demo institution `npm start` creates on an empty database: a staff user (owner), an organization
 * profile, a competency framework aligned to ESCO and O*NET, several micro-credentials (result descriptions,
 * credits, validity) and learners holding issued credentials — one revoked, one expired, one suspended — plus
 * (demo-seed-features.ts) a stacked pathway, a module with a quiz and a project, a learner's wallet and an employer.
 */
import { markEmailVerified } from '../db/repositories/users.repository.ts';
import type { Auth } from './auth.ts';
import type { Services } from './container.ts';
import { DEMO_EMPLOYER_SIGN_IN, DEMO_LEARNER_SIGN_IN, seedEmployer, seedLearnerAccount, seedModule, seedPathway, seedWallet } from './demo-seed-features.ts';

export { DEMO_EMPLOYER_SIGN_IN, DEMO_LEARNER_SIGN_IN };

export const DEMO_SIGN_IN = { email: 'staff@northbridge.example', password: 'northbridge-demo-2026' } as const;

const COMPETENCIES = [
  { code: 'DA-1', name: 'Clean and prepare data', description: 'Finds and fixes missing, duplicated and inconsistent values.',
    alignments: [{ targetName: 'manage data', targetUrl: 'http://data.europa.eu/esco/skill/0d48ad3a-4a8b-4c5c-8b58-2b4b8b7e5e31', targetFramework: 'ESCO', targetCode: 'S5.6.1' }] },
  { code: 'DA-2', name: 'Explore and visualise data', description: 'Summarises a data set and builds charts that answer a question.',
    alignments: [{ targetName: 'Data Scientists', targetUrl: 'https://www.onetonline.org/link/summary/15-2051.00', targetFramework: 'O*NET-SOC', targetCode: '15-2051.00' }] },
  { code: 'DA-3', name: 'Communicate findings', description: 'Writes a short, honest report of what the data shows and does not show.', alignments: [] },
  { code: 'SE-1', name: 'Version control with Git', description: 'Branches, commits, merges and reviews changes with Git.', alignments: [] },
];

const LEARNERS = [
  { email: 'ada.lovelace@example.com', name: 'Ada Lovelace' },
  { email: 'grace.hopper@example.com', name: 'Grace Hopper' },
  { email: 'alan.turing@example.com', name: 'Alan Turing' },
  { email: 'katherine.johnson@example.com', name: 'Katherine Johnson' },
  { email: 'tim.berners-lee@example.com', name: 'Tim Berners-Lee' },
];

export interface DemoSignIn { label: string; email: string; password: string }

/** Seeds the demo institution; returns the staff sign-in, the learner and employer sign-ins and lines for the start-up banner. */
export async function seedDemo(services: Services): Promise<{ signIn: { email: string; password: string }; signIns: DemoSignIn[]; lines: string[] }> {
  const { organization, user } = await services.accounts.signUp({
    name: 'Sam Registrar', email: DEMO_SIGN_IN.email, password: DEMO_SIGN_IN.password,
    organizationName: 'Northbridge Institute of Technology', organizationSlug: 'northbridge',
  });
  const now = services.deps.clock.now();
  await markEmailVerified(services.deps.db, user.id, DEMO_SIGN_IN.email, now.toISOString());
  const orgId = organization!.id;
  const auth: Auth = { userId: user.id, organizationId: orgId, role: 'owner', scopes: [] };
  await services.organizations.updateProfile(auth, {
    url: 'https://northbridge.example', email: 'registrar@northbridge.example',
    description: 'A public polytechnic offering short, stackable micro-credentials in data and software.',
    address: { addressLocality: 'Galway', addressCountry: 'Ireland', addressCountryCode: 'IE' },
  });

  const framework = await services.competencies.createFramework(auth, { name: 'Northbridge Digital Skills', description: 'Competencies taught across the data and software programmes.' });
  const comp: Record<string, string> = {};
  for (const c of COMPETENCIES) comp[c.code] = (await services.competencies.createCompetency(auth, { frameworkId: framework.id, ...c })).id;

  const quiz = (name: string) => ({ name, resultType: 'Percent', valueMin: '0', valueMax: '100', requiredValue: '70' });
  const dataBasics = await services.achievements.create(auth, {
    name: 'Data Basics', description: 'Cleans and explores a tabular data set with a spreadsheet and Python.',
    criteriaNarrative: '# Requirements\n- Score at least 70% on the final quiz\n- Clean the sample data set', creditsAvailable: 2,
    level: 'Introductory', tags: ['data', 'python'], competencyIds: [comp['DA-1'], comp['DA-2']], resultDescriptions: [quiz('Final quiz score')],
    validityMonths: 36,
  });
  const dataViz = await services.achievements.create(auth, {
    name: 'Data Visualisation', description: 'Builds charts and dashboards that answer a stated question.',
    criteriaNarrative: 'Submit a dashboard project reaching *Proficient* on every rubric criterion.', creditsAvailable: 3, level: 'Intermediate',
    tags: ['data', 'visualisation'], competencyIds: [comp['DA-2'], comp['DA-3']],
    resultDescriptions: [{
      name: 'Project: dashboard', resultType: 'RubricCriterion',
      rubricCriterionLevel: [{ name: 'Beginning', level: '1', points: '1' }, { name: 'Proficient', level: '2', points: '3' }, { name: 'Exemplary', level: '3', points: '4' }],
      requiredLevel: 'Proficient',
    }],
    validityMonths: 36,
  });
  const git = await services.achievements.create(auth, {
    name: 'Git Essentials', description: 'Uses Git for everyday work: branches, commits, merges and code review.',
    criteriaNarrative: 'Pass the practical assessment.', creditsAvailable: 1, level: 'Introductory', tags: ['software'], competencyIds: [comp['SE-1']],
    validityMonths: 1, resultDescriptions: [quiz('Practical assessment')],
  });
  // Before any award: the learner account (her credentials land in its wallet) and the pathway (credential events award it).
  const learner = await seedLearnerAccount(services);
  const { sqlId } = await seedPathway(services, auth, { dataBasics: dataBasics.id, dataViz: dataViz.id, git: git.id, competencyIds: [comp['DA-1']!, comp['DA-2']!] });

  const notify = !services.mailer.delivers;
  const award = (achievementId: string, who: { email: string; name: string }, extra: Record<string, unknown> = {}) =>
    services.issuance.awardCredential(orgId, { achievementId, recipient: who, ...extra }, { source: 'demo', notify, actorUserId: user.id });
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
  const quizResult = (m: typeof dataBasics, value: string) => {
    const rdId = m.definition.resultDescriptions[0]?.id;
    return rdId ? { results: [{ resultDescription: rdId, value }] } : {};
  };

  const first = await award(dataBasics.id, LEARNERS[0]!, { validFrom: daysAgo(40), ...quizResult(dataBasics, '92') });
  await award(dataViz.id, LEARNERS[0]!, { validFrom: daysAgo(10) });
  await award(dataBasics.id, LEARNERS[1]!, { validFrom: daysAgo(30), ...quizResult(dataBasics, '81') });
  const revoked = await award(dataBasics.id, LEARNERS[2]!, { validFrom: daysAgo(20), ...quizResult(dataBasics, '74') });
  await services.credentials.revoke(auth, revoked.credential.id, 'Issued in error: the final quiz was retaken under supervision.');
  await award(git.id, LEARNERS[3]!, { validFrom: daysAgo(70), ...quizResult(git, '88') }); // one-month validity: expired
  await award(git.id, LEARNERS[1]!, { validFrom: daysAgo(5), ...quizResult(git, '95') });
  const suspended = await award(dataViz.id, LEARNERS[4]!, { validFrom: daysAgo(3) });
  await services.credentials.suspend(auth, suspended.credential.id, 'Under review after a plagiarism report.');
  // Ada's third part completes the Data Analyst pathway (auto-awarded); Grace lacks Data Visualisation (in progress).
  await award(git.id, LEARNERS[0]!, { validFrom: daysAgo(2), ...quizResult(git, '90') });
  await settled(services);

  await seedModule(services, auth, sqlId, LEARNERS[0]!);
  const wallet = await seedWallet(services, learner, 'Data Analyst');
  await seedEmployer(services, auth, dataBasics.id);

  const url = services.config.publicUrl;
  return {
    signIn: { ...DEMO_SIGN_IN },
    signIns: [{ label: 'learner', ...DEMO_LEARNER_SIGN_IN }, { label: 'employer', ...DEMO_EMPLOYER_SIGN_IN }],
    lines: [
      `demo institution: ${url}/issuers/northbridge`,
      `verify a demo credential: ${url}/v/${first.credential.verificationCode}`,
      `a learner's public profile: ${wallet.profileUrl} · share link: ${wallet.shareUrl}`,
    ],
  };
}

/** Waits until every credential event (and the awards and events they caused) has been handled. */
async function settled(services: Services): Promise<void> {
  for (let p = services.credentialEvents.idle(); ; ) {
    await p;
    const next = services.credentialEvents.idle();
    if (next === p) return;
    p = next;
  }
}
