/**
 * The parts of the demo that show the rest of the product, all created through the services: a stacked
 * "Data Analyst" pathway, a module with a quiz and a rubric-marked project leading to a micro-credential, a
 * learner account whose wallet holds credentials (one public, one share link), and an employer with a verified
 * domain whose endorsement the institution accepted and who sits in the institution's outreach at "endorsing".
 */
import { updateOrganization } from '../db/repositories/organizations.repository.ts';
import { markEmailVerified } from '../db/repositories/users.repository.ts';
import type { Auth } from './auth.ts';
import type { Services } from './container.ts';

export const DEMO_LEARNER_SIGN_IN = { email: 'ada.lovelace@example.com', password: 'ada-wallet-demo-2026' } as const;
export const DEMO_EMPLOYER_SIGN_IN = { email: 'talent@harbourdata.example', password: 'harbour-demo-2026' } as const;
const EMPLOYER_DOMAIN = 'harbourdata.example';

/** Creates a signed-up account whose address counts as verified (the demo has no mailbox round trip). */
async function verifiedAccount(services: Services, input: { name: string; email: string; password: string; organizationName?: string }, employer = false) {
  const out = employer && input.organizationName
    ? await services.employers.signUp({ ...input, organizationName: input.organizationName })
    : await services.accounts.signUp(input);
  await markEmailVerified(services.deps.db, out.user.id, input.email, services.deps.clock.now().toISOString());
  return out;
}

/** The learner account (Ada Lovelace, verified address): credentials issued to her address land in its wallet. */
export async function seedLearnerAccount(services: Services): Promise<Auth> {
  const { user } = await verifiedAccount(services, { name: 'Ada Lovelace', ...DEMO_LEARNER_SIGN_IN });
  return { userId: user.id, scopes: [] };
}

/**
 * Adds "SQL Fundamentals" and the stacked "Data Analyst" target, and a pathway awarding it for Data Basics, Data
 * Visualisation and one of Git Essentials or SQL Fundamentals. Created before any award, so credential events award it.
 */
export async function seedPathway(services: Services, auth: Auth, parts: { dataBasics: string; dataViz: string; git: string; competencyIds: string[] }) {
  const sql = await services.achievements.create(auth, {
    name: 'SQL Fundamentals', description: 'Queries, joins and aggregates relational data with SQL.',
    criteriaNarrative: 'Pass the module quiz and have the query project accepted (every rubric criterion at its required level).',
    creditsAvailable: 2, level: 'Introductory', tags: ['data', 'sql'], competencyIds: parts.competencyIds, validityMonths: 36,
  });
  const analyst = await services.achievements.create(auth, {
    name: 'Data Analyst', description: 'A stacked credential: the holder cleans, explores, visualises and versions data work.',
    criteriaNarrative: 'Awarded automatically on holding Data Basics, Data Visualisation and one of Git Essentials or SQL Fundamentals.',
    creditsAvailable: 6, level: 'Intermediate', tags: ['data', 'pathway'], competencyIds: parts.competencyIds, validityMonths: 60,
  });
  const leaf = (achievementId: string) => ({ type: 'credential', achievement: { achievementId } });
  const { pathway } = await services.pathways.create(auth, {
    name: 'Data Analyst', targetAchievementId: analyst.id,
    description: 'Stack three Northbridge micro-credentials into the Data Analyst credential.',
    rule: { type: 'allOf', children: [leaf(parts.dataBasics), leaf(parts.dataViz), { type: 'nOf', n: 1, children: [leaf(parts.git), leaf(sql.id)] }] },
  });
  return { sqlId: sql.id, analystId: analyst.id, pathwayId: pathway.id };
}

/** A published module (content, a five-question quiz, a rubric-marked project) whose award rule issues SQL Fundamentals. */
export async function seedModule(services: Services, auth: Auth, sqlId: string, enrol: { email: string; name: string }) {
  const mod = await services.modules.create(auth, {
    title: 'SQL for Analysts', summary: 'Four short lessons, a quiz and a query project. Pass both to earn SQL Fundamentals.',
    status: 'published', enrolment: 'open', achievementIds: [sqlId],
    sections: [
      { kind: 'markdown', title: 'Selecting rows', body: '## SELECT and WHERE\n\n`SELECT name, city FROM customers WHERE city = \'Galway\';`\n\nFilter early, name the columns you need.' },
      { kind: 'markdown', title: 'Joining tables', body: '`JOIN … ON` combines rows that match; a `LEFT JOIN` keeps every row of the left table.' },
      { kind: 'markdown', title: 'Aggregating', body: '`GROUP BY` with `COUNT`, `SUM` and `AVG`; filter groups with `HAVING`.' },
      { kind: 'link', title: 'SQLite documentation: SELECT', url: 'https://www.sqlite.org/lang_select.html' },
    ],
  });
  const q = (input: Parameters<Services['quizzes']['addQuestion']>[2]) => services.quizzes.addQuestion(auth, mod.id, input);
  const questions = [
    await q({ type: 'single_choice', prompt: 'Which clause filters groups after aggregation?', options: [{ text: 'WHERE' }, { text: 'HAVING', correct: true }, { text: 'ORDER BY' }] }),
    await q({ type: 'multiple_choice', prompt: 'Which are aggregate functions?', options: [{ text: 'COUNT', correct: true }, { text: 'AVG', correct: true }, { text: 'UPPER' }] }),
    await q({ type: 'true_false', prompt: 'A LEFT JOIN keeps every row of the left table.', correct: true }),
    await q({ type: 'numeric', prompt: 'A table has 12 rows, 3 with a NULL price. What does COUNT(price) return?', answer: 9 }),
    await q({ type: 'short_text', prompt: 'Which keyword removes duplicate rows from a result?', acceptedAnswers: ['DISTINCT'] }),
  ];
  const quiz = await services.quizzes.createQuiz(auth, mod.id, {
    title: 'SQL check', instructions: 'Five questions; 70% passes. You may retry.', questionIds: questions.map((x) => x.id), passMark: 70, attemptLimit: 3,
  });
  const project = await services.projects.create(auth, mod.id, {
    title: 'Sales report query', brief: 'Write one query listing each city\'s number of orders and revenue in 2026, highest revenue first. Upload the .sql file and a screenshot of the result.',
    rubricText: 'Correct result | Wrong=0 | Mostly right=2* | Exact=3\nReadable SQL | Hard to follow=0 | Clear=1* | Exemplary=2',
  });
  await services.awards.setRule(auth, sqlId, { rule: { requirements: [{ kind: 'quiz', quizId: quiz.id }, { kind: 'project', projectId: project.id }] } });
  await services.modules.enrol(auth, mod.id, enrol);
  return { moduleId: mod.id, quizId: quiz.id, projectId: project.id };
}

/** Makes the named credential public in the learner's wallet (and her profile page) and shares the others by link. */
export async function seedWallet(services: Services, learner: Auth, publicName: string) {
  const held = await services.wallet.list(learner);
  const pub = held.find((c) => c.name === publicName);
  if (pub) await services.wallet.setVisibility(learner, pub.kind, pub.id, 'public');
  await services.wallet.saveProfile(learner, { publicProfile: true, slug: 'ada-lovelace' });
  const shared = held.filter((c) => c !== pub && c.state === 'valid');
  const share = await services.walletShares.create(learner, { items: shared.map((c) => ({ kind: c.kind, id: c.id })), label: 'For job applications', expiry: 'never' });
  return { shareUrl: share.url, profileUrl: `${services.config.publicUrl}/u/ada-lovelace` };
}

/** An employer (verified domain) in the issuer's outreach at "endorsing", whose endorsement of `achievementId` was accepted. */
export async function seedEmployer(services: Services, issuer: Auth, achievementId: string) {
  const { user, organization } = await verifiedAccount(services, { name: 'Priya Natarajan', ...DEMO_EMPLOYER_SIGN_IN, organizationName: 'Harbour Data Ltd' }, true);
  const orgId = organization!.id;
  // The confirmation link would go to an address at the domain; the demo marks the domain verified directly.
  await updateOrganization(services.deps.db, orgId, { emailDomain: EMPLOYER_DOMAIN, domainVerifiedAt: services.deps.clock.now().toISOString() });
  const employer: Auth = { userId: user.id, organizationId: orgId, role: 'owner', scopes: [] };
  const partner = await services.outreach.create(issuer, {
    name: 'Harbour Data Ltd', website: `https://${EMPLOYER_DOMAIN}`, stage: 'engaged', achievementIds: [achievementId],
    notes: 'Hires junior analysts every spring.', contacts: [{ name: 'Priya Natarajan', email: DEMO_EMPLOYER_SIGN_IN.email, role: 'Head of Talent' }],
  });
  const endorsement = await services.endorsements.endorse(employer, { achievement: achievementId, comment: 'We hire graduates of this micro-credential: it covers exactly the data cleaning our analysts do on day one.' });
  await services.endorsements.decide(issuer, endorsement.id, 'accepted', 'Thank you, Harbour Data.');
  await services.outreach.moveStage(issuer, partner.id, 'endorsing');
  return { employerOrganizationId: orgId, endorsementId: endorsement.id, partnerId: partner.id };
}
