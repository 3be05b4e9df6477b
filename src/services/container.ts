/**
 * The composition root: builds the dependencies (database, clock, randomness, logger, mailer, key
 * store, config) and every service from them. Each feature adds its service with one line in
 * `createServices`. Transports (HTTP, pages, CLI, jobs) receive the `Services` object.
 */
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { AccountsService } from './accounts.service.ts';
import { ApiTokensService } from './api-tokens.service.ts';
import { AchievementPublicService } from './achievement-public.service.ts';
import { AchievementService } from './achievement.service.ts';
import { AuditService } from './audit.service.ts';
import { CompetencyService } from './competency.service.ts';
import type { Config } from './config.ts';
import type { Clock, Deps } from './deps.ts';
import { IssuerIdentityService } from './issuer-identity.service.ts';
import { JobsService, type EnqueueInput } from './jobs.service.ts';
import type { Db } from '../db/transaction.ts';
import type { IssuerSigner } from './key-store.ts';
import { CredentialEvents } from './credential-events.ts';
import { CredentialsService } from './credentials.service.ts';
import { IssuanceService } from './issuance.service.ts';
import type { IssuableAchievement } from './achievement.service.ts';
import type { Profile, ResultDescription } from '../core/ob/types.ts';
import type { Auth } from './auth.ts';
import { BulkIssuanceService } from './bulk-issuance.service.ts';
import { StatusListService } from './status-list.service.ts';
import { AwardsService } from './assessment/awards.service.ts';
import { CompletionsService } from './assessment/completions.service.ts';
import { LocalSubmissionFileStore } from './assessment/file-store.ts';
import { ModulesService } from './assessment/modules.service.ts';
import { ProjectsService } from './assessment/projects.service.ts';
import { QuizzesService } from './assessment/quizzes.service.ts';
import { HealthService, KeysService } from './keys.service.ts';
import { LocalKeyStore, type KeyStore } from './key-store.ts';
import { MailboxService, OutboxMailer, QueuedMailer, SmtpMailer, type Mailer } from './mailer.ts';
import { OrganizationsService } from './organizations.service.ts';
import { secureRandom } from './security.ts';
import { PathwaysService } from './pathways.service.ts';
import { VerificationService, type VerifiedEvent } from './verification.service.ts';
import { repositoryCatalog } from './pathways/catalog.ts';
import type { HeldCredential } from '../core/stacking/types.ts';
import { WalletService } from './wallet.service.ts';
import { WalletSharesService } from './wallet-shares.service.ts';
import { WalletDownloadsService } from './wallet-downloads.service.ts';
import { WalletImportService } from './wallet-import.service.ts';
import { WalletDataService } from './wallet-data.service.ts';
import { PasswordResetService } from './password-reset.service.ts';
import { SessionsService } from './sessions.service.ts';
import { AnalyticsService } from './analytics.service.ts';
import { EmployerService } from './employer.service.ts';
import { EndorsementService, type EmployerActivity } from './endorsement.service.ts';
import { OutreachService } from './outreach.service.ts';

export interface ServiceOverrides {
  /** An open database (tests); otherwise `config.databaseUrl` is opened. */
  handle?: DatabaseHandle;
  clock?: Clock;
  random?: (n: number) => Uint8Array;
  logger?: Logger;
  /** Wraps or replaces the mailer chosen from the config (tests pass a CapturingMailer). */
  mailer?: Mailer | ((chosen: Mailer) => Mailer);
  keyStore?: KeyStore;
}

export const systemClock: Clock = { now: () => new Date() };

/** Builds every service; `closeServices` releases the database. */
export async function createServices(config: Config, overrides: ServiceOverrides = {}) {
  const handle = overrides.handle ?? (await openDatabase({ url: config.databaseUrl }));
  const logger = overrides.logger ?? pino({ level: config.logLevel, redact: ['*.password', '*.secret', '*.masterKey', '*.token', 'req.headers.authorization', 'req.headers.cookie'] });
  const clock = overrides.clock ?? systemClock;
  const random = overrides.random ?? secureRandom;
  const db = handle.db;
  const chosen: Mailer = config.smtpUrl
    ? new QueuedMailer(new SmtpMailer(config.smtpUrl, config.mailFrom), { db, clock })
    : new OutboxMailer({ db, clock, dir: join(config.dataDir, 'outbox'), from: config.mailFrom });
  const mailer = typeof overrides.mailer === 'function' ? overrides.mailer(chosen) : (overrides.mailer ?? chosen);
  const keyStore = overrides.keyStore ?? new LocalKeyStore({ db, clock, random, config });
  const deps: Deps = { db, dialect: handle.dialect, clock, random, logger, mailer, keyStore, config };

  // Issuance: status lists, credential lifecycle events, issuing, revocation, bulk CSV.
  const statusLists = new StatusListService(deps);
  const credentialEvents = new CredentialEvents(logger);
  // Assessment: new evidence (a graded attempt, an accepted project, a completion) re-evaluates the award rules.
  const assessmentEvidence = { evidenceChanged: async (orgId: string, learnerId: string): Promise<void> => { await services.awards.evidenceChanged(orgId, learnerId); } };
  // Employer side: outreach timelines hear employers' activity; accepted endorsements reach the catalog (below).
  const outreach = new OutreachService(deps);
  const activity = async (e: EmployerActivity): Promise<void> => { await outreach.recordActivity(e); };
  const endorsements = new EndorsementService({
    ...deps, activity,
    issuerIdentity: {
      forOrganization: (orgId: string): ReturnType<IssuerIdentityService['forOrganization']> => services.issuerIdentity.forOrganization(orgId),
      profileOf: (identity: Parameters<IssuerIdentityService['profileOf']>[0], issuerId: string): Profile => services.issuerIdentity.profileOf(identity, issuerId),
    },
    achievementPages: { getPublicAchievement: (id: string, version?: number): ReturnType<AchievementPublicService['getPublicAchievement']> => services.achievementPages.getPublicAchievement(id, version) },
  });
  const analytics = new AnalyticsService({ ...deps, activity });
  // Wallet: the learner's credentials (claims, privacy, share links, downloads, imports, data export).
  const wallet = new WalletService(deps);
  const walletShares = new WalletSharesService({ ...deps, wallet });
  const walletDownloads = new WalletDownloadsService({
    ...deps,
    ports: {
      achievementImage: async (id: string, version: number): Promise<{ mediaType: string; bytes: Uint8Array }> => services.achievementPages.getImage(id, version),
      prepare: (orgId: string): Promise<{ signer: IssuerSigner; issuer: Profile }> => services.issuance.prepare(orgId),
    },
  });
  const walletImport = new WalletImportService({
    ...deps,
    ports: {
      verify: (input: string | Uint8Array): ReturnType<VerificationService['verifyInput']> => services.verification.verifyInput(input),
      onImported: (userId: string): Promise<unknown> => services.pathways.onCredentialImported(userId),
    },
  });
  const walletData = new WalletDataService({ ...deps, wallet, shares: walletShares, downloads: walletDownloads });
  const services = {
    deps,
    handle,
    config,
    logger,
    mailer,
    keyStore,
    health: new HealthService(deps),
    audit: new AuditService(deps),
    keys: new KeysService(deps),
    accounts: new AccountsService(deps),
    sessions: new SessionsService(deps),
    passwordReset: new PasswordResetService(deps),
    apiTokens: new ApiTokensService(deps),
    organizations: new OrganizationsService(deps),
    issuerIdentity: new IssuerIdentityService(deps),
    jobs: new JobsService(deps),
    mailbox: new MailboxService(deps),
    // Feature services: add one line each below.
    verification: new VerificationService({
      db, clock, config, logger, statusLists,
      issuerIdentity: {
        didDocument: (slug: string): ReturnType<IssuerIdentityService['didDocument']> => services.issuerIdentity.didDocument(slug),
        publicProfile: (slug: string): ReturnType<IssuerIdentityService['publicProfile']> => services.issuerIdentity.publicProfile(slug),
      },
    }),
    statusLists,
    credentialEvents,
    issuance: new IssuanceService({
      ...deps, statusLists, events: credentialEvents,
      achievements: { getAchievementForIssuance: (orgId: string, id: string): Promise<IssuableAchievement> => services.achievements.getAchievementForIssuance(orgId, id) },
      issuerProfile: async (orgId: string, issuerId: string): Promise<Profile> => services.issuerIdentity.profileOf(await services.issuerIdentity.forOrganization(orgId), issuerId),
    }),
    credentials: new CredentialsService({ ...deps, statusLists, events: credentialEvents }),
    bulkIssuance: new BulkIssuanceService({ ...deps, issuance: (): IssuanceService => services.issuance, jobs: (): JobsService => services.jobs }),
    competencies: new CompetencyService({ db, clock, publicUrl: config.publicUrl }),
    // Endorsements accepted by the issuer reach micro-credentials through `endorsements` (an AcceptedEndorsementSource).
    achievements: new AchievementService({ db, clock, publicUrl: config.publicUrl, endorsements }),
    achievementPages: new AchievementPublicService({ db, publicUrl: config.publicUrl, endorsements }),
    // Assessment: modules, question banks and quizzes, projects and reviews, award rules, external completions.
    modules: new ModulesService(deps),
    quizzes: new QuizzesService({ ...deps, evidence: assessmentEvidence }),
    projects: new ProjectsService({ ...deps, files: new LocalSubmissionFileStore(config.dataDir), publicUrl: config.publicUrl, evidence: assessmentEvidence }),
    completions: new CompletionsService({ ...deps, publicUrl: config.publicUrl, evidence: assessmentEvidence }),
    awards: new AwardsService({
      db, clock, logger, publicUrl: config.publicUrl,
      ports: {
        awardCredential: (orgId: string, request: unknown, opts: { source: 'assessment'; batchKey: string }): Promise<{ credential: { id: string }; replayed: boolean }> => services.issuance.awardCredential(orgId, request, opts),
        achievementResultDescriptions: async (orgId: string, id: string): Promise<{ name: string; resultDescriptions: ResultDescription[] }> => {
          // A read, not an issuance: getAchievementDefinition does not freeze the version.
          const a = await services.achievements.getAchievementDefinition(orgId, id);
          return { name: a.name, resultDescriptions: a.definition.resultDescriptions };
        },
        setResultDescriptions: (auth: Auth, id: string, rds: ResultDescription[]): Promise<unknown> => services.achievements.setResultDescriptions(auth, id, rds),
      },
    }),
    wallet, walletShares, walletDownloads, walletImport, walletData,
    // Pathways: stackable credentials, re-evaluated for the learner on every credential event (subscribed below).
    pathways: new PathwaysService({
      ...deps, catalog: repositoryCatalog(db),
      external: (orgId: string, learnerIds: readonly string[]): Promise<Map<string, HeldCredential[]>> => walletImport.holdings(orgId, learnerIds),
      issuance: {
        awardCredential: (orgId: string, raw: unknown, opts: { source: 'pathway'; batchKey: string; notify?: boolean }): Promise<{ credential: { id: string }; replayed: boolean }> => services.issuance.awardCredential(orgId, raw, opts),
        prepare: (orgId: string): Promise<{ signer: IssuerSigner; issuer: Profile }> => services.issuance.prepare(orgId),
      },
      credentials: { changeAsOrganization: (orgId: string, id: string, change: 'revoked' | 'suspended' | 'reinstated', reason: string): Promise<unknown> => services.credentials.changeAsOrganization(orgId, id, change, reason) },
      jobs: { enqueue: (input: EnqueueInput, on?: Db): Promise<string> => services.jobs.enqueue(input, on) },
    }),
    // Employer side: employer organizations and candidates, endorsements, issuers' outreach, analytics.
    employers: new EmployerService({
      ...deps,
      accounts: { signUp: (input: Parameters<AccountsService['signUp']>[0]): ReturnType<AccountsService['signUp']> => services.accounts.signUp(input) },
      verification: {
        verifyInput: (input: string | Uint8Array | object, viewer?: Auth): ReturnType<VerificationService['verifyInput']> => services.verification.verifyInput(input, viewer),
        verifyCode: (input: unknown, client: string, viewer?: Auth): ReturnType<VerificationService['verifyCode']> => services.verification.verifyCode(input, client, viewer),
      },
      shares: { open: (token: string, opts: { viewer?: Auth }): ReturnType<WalletSharesService['open']> => services.walletShares.open(token, opts) },
    }),
    endorsements,
    outreach,
    analytics,
  };
  // The wallet links a credential to the account of its (verified) address before pathways re-evaluate.
  credentialEvents.subscribeBatch((events) => wallet.onCredentialsIssued(events));
  services.accounts.onEmailVerified.push((e) => wallet.onEmailVerified(e));
  services.pathways.listen(credentialEvents);
  services.walletShares.onViewed.push(async (e: { shareId: string; credentials: Array<{ kind: string; id: string }>; viewer?: Auth }): Promise<void> => {
    for (const c of e.credentials) if (c.kind === 'issued') await services.analytics.recordShareView({ credentialId: c.id, shareId: e.shareId, ...(e.viewer ? { viewer: e.viewer } : {}) });
  });
  services.verification.onVerified.push((e: VerifiedEvent) => services.analytics.recordVerification(e).then(() => undefined));
  return services;
}

export type Services = Awaited<ReturnType<typeof createServices>>;

/** Releases what `createServices` opened (the database pool). */
export async function closeServices(services: Services): Promise<void> {
  await services.handle.close();
}
