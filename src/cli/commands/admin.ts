// Admin commands a script needs, calling the services directly (same config as the server: DATABASE_URL, …):
// `db migrate`, `org create`, `token create`, `issue`, `issue-csv <file>` (with a progress bar).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../core/errors.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { findOrganizationBySlug } from '../../db/repositories/organizations.repository.ts';
import { registerJobHandlers } from '../../jobs/index.ts';
import { JobRunner, type JobContext } from '../../jobs/runner.ts';
import { systemAuth } from '../../services/auth.ts';
import { BULK_JOB_KIND, type BulkJobPayload, type BulkJobResult } from '../../services/bulk-issuance.service.ts';
import { loadConfig } from '../../services/config.ts';
import { closeServices, createServices, type Services } from '../../services/container.ts';
import { TOKEN_SCOPES } from '../../services/permissions.ts';
import { action, EXIT, UsageError } from '../io.ts';

/** Opens the services with the server's configuration and brings the schema up to date. */
async function withServices<T>(fn: (s: Services) => Promise<T>): Promise<T> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...process.env });
  const services = await createServices(config);
  try {
    await migrateToLatest(services.handle.db);
    return await fn(services);
  } finally {
    await closeServices(services);
  }
}

async function orgIdOf(services: Services, slug: string): Promise<string> {
  const org = await findOrganizationBySlug(services.deps.db, slug);
  if (!org) throw new AppError('not_found', `No organization with the address "${slug}".`, { field: '--org' });
  return org.id;
}

const print = (json: boolean, value: unknown, text: string) => process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);

/** A progress bar on stderr (a line per 10% when stderr is not a terminal). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastDecile = -1;
  return (done: number, total: number) => {
    const pct = total ? Math.floor((100 * done) / total) : 100;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((width * pct) / 100);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${done}/${total}`);
      if (done >= total) stream.write('\n');
    } else if (Math.floor(pct / 10) !== lastDecile) {
      lastDecile = Math.floor(pct / 10);
      stream.write(`${label} ${pct}% (${done}/${total})\n`);
    }
  };
}

/** Registers the admin commands. */
export function register(program: Command): void {
  program.command('db').description('Database administration')
    .command('migrate').description('Apply pending migrations to DATABASE_URL')
    .action(action(async () => {
      const config = loadConfig({ LOG_LEVEL: 'silent', ...process.env });
      const services = await createServices(config);
      try {
        const { applied } = await migrateToLatest(services.handle.db);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'the database is up to date\n');
      } finally {
        await closeServices(services);
      }
    }));

  program.command('org').description('Organizations')
    .command('create').description('Create an issuing organization (and its signing key); optionally its owner account')
    .requiredOption('--name <name>', 'organization name')
    .option('--slug <slug>', 'public address, e.g. northbridge (default: from the name)')
    .option('--did <method>', 'issuer DID method: web (needs an https public URL) or key', 'web')
    .option('--owner-email <email>', 'create an owner account with this email')
    .option('--owner-password <password>', 'password of the owner account (10+ characters)')
    .option('--json', 'print JSON')
    .action(action(async (o: { name: string; slug?: string; did: string; ownerEmail?: string; ownerPassword?: string; json?: boolean }) => {
      if (o.did !== 'web' && o.did !== 'key') throw new UsageError('--did must be web or key.');
      if (Boolean(o.ownerEmail) !== Boolean(o.ownerPassword)) throw new UsageError('--owner-email and --owner-password go together.');
      return withServices(async (s) => {
        let orgId: string;
        if (o.ownerEmail) {
          const r = await s.accounts.signUp({ name: o.ownerEmail.split('@')[0]!, email: o.ownerEmail, password: o.ownerPassword!, organizationName: o.name, ...(o.slug ? { organizationSlug: o.slug } : {}) });
          orgId = r.organization!.id;
        } else {
          orgId = (await s.deps.db.transaction().execute((trx) => s.accounts.createOrganization(trx, { name: o.name, kind: 'issuer', ...(o.slug ? { slug: o.slug } : {}) }))).id;
        }
        if (o.did === 'key') await s.organizations.setDidMethod(systemAuth(orgId), 'key');
        const identity = await s.issuerIdentity.forOrganization(orgId);
        const out = { id: orgId, slug: identity.organization.slug, name: identity.organization.name, issuerId: identity.issuerId, profileUrl: identity.profileUrl };
        print(!!o.json, out, `created ${out.name} (${out.slug})\n  issuer id: ${out.issuerId}\n  profile:   ${out.profileUrl}`);
      });
    }));

  program.command('token').description('API tokens')
    .command('create').description('Create an API token for an organization (printed once)')
    .requiredOption('--org <slug>', 'organization address')
    .option('--name <name>', 'what the token is for', 'cli')
    .option('--scopes <list>', `comma-separated scopes (${TOKEN_SCOPES.join(', ')})`, 'credentials:issue,credentials:read,credentials:revoke')
    .option('--json', 'print JSON')
    .action(action(async (o: { org: string; name: string; scopes: string; json?: boolean }) => withServices(async (s) => {
      const scopes = o.scopes.split(',').map((x) => x.trim()).filter(Boolean);
      const created = await s.apiTokens.create(systemAuth(await orgIdOf(s, o.org)), { name: o.name, scopes });
      print(!!o.json, { id: created.token.id, token: created.secret, scopes }, `${created.secret}\n(shown once; scopes: ${scopes.join(', ')})`);
    })));

  program.command('issue').description('Issue one credential to a recipient by email')
    .requiredOption('--org <slug>', 'organization address')
    .requiredOption('--achievement <id>', 'micro-credential id')
    .requiredOption('--email <email>', 'recipient email')
    .option('--name <name>', 'recipient name')
    .option('--valid-from <date>', 'valid from (2026-12-04 or a date-time); default now')
    .option('--no-notify', 'do not send the award email')
    .option('--json', 'print the credential (with its signed document) as JSON')
    .action(action(async (o: { org: string; achievement: string; email: string; name?: string; validFrom?: string; notify: boolean; json?: boolean }) => withServices(async (s) => {
      const orgId = await orgIdOf(s, o.org);
      const { credential } = await s.issuance.awardCredential(orgId, {
        achievementId: o.achievement, recipient: { email: o.email, name: o.name ?? null }, ...(o.validFrom ? { validFrom: o.validFrom } : {}),
      }, { source: 'api', notify: o.notify });
      print(!!o.json, credential, `issued ${credential.credentialId}\n  code:   ${credential.verificationCode}\n  verify: ${credential.verifyUrl}`);
    })));

  program.command('issue-csv').description('Bulk-issue from a CSV file (email,name,achievement_id[,valid_from]) with a progress bar')
    .argument('<file>', 'the CSV file')
    .requiredOption('--org <slug>', 'organization address')
    .option('--no-notify', 'do not send award emails')
    .option('--dry-run', 'check every row and issue nothing')
    .option('--json', 'print the outcome as JSON')
    .action(action(async (file: string, o: { org: string; notify: boolean; dryRun?: boolean; json?: boolean }) => {
      await stat(file).catch(() => { throw new UsageError(`${file}: no such file.`); });
      return withServices(async (s) => {
        const orgId = await orgIdOf(s, o.org);
        const upload = await s.bulkIssuance.upload(systemAuth(orgId), createReadStream(file), { dryRun: !!o.dryRun, notify: o.notify, fileName: file });
        for (const e of upload.errors) process.stderr.write(`row ${e.row}: ${e.field}: ${e.message}\n`);
        if (upload.rejected > upload.errors.length) process.stderr.write(`… and ${upload.rejected - upload.errors.length} more refused rows\n`);
        if (!upload.jobId) {
          print(!!o.json, upload, `${upload.accepted} of ${upload.total} rows can be issued (dry run: nothing issued)`);
          return upload.rejected ? EXIT.failed : EXIT.ok;
        }
        // Run the queued job here (claimed through the jobs table, so a running server never runs it twice).
        const bar = progressBar('issuing');
        const runner = new JobRunner(s.deps);
        registerJobHandlers({
          register: (kind: string, handler: (p: unknown, ctx: JobContext) => Promise<unknown>, opts?: { maxAttempts?: number }) => {
            if (kind !== BULK_JOB_KIND) return runner;
            return runner.register(kind, (p: BulkJobPayload, ctx: JobContext) => handler(p, { ...ctx, progress: async (done, total) => { bar(done, total ?? upload.accepted); await ctx.progress(done, total); } }), opts);
          },
        } as unknown as JobRunner, s);
        await runner.runUntilIdle();
        const job = await s.jobs.getSystem(upload.jobId);
        const result = (job?.result ?? null) as BulkJobResult | null;
        if (!result) throw new AppError('internal_error', `The bulk job ${upload.jobId} did not finish: ${job?.error ?? job?.status ?? 'unknown'}.`);
        print(!!o.json, { ...upload, result }, `${result.issued} issued, ${result.skipped} already issued before, ${result.failed} failed, ${upload.rejected} refused`);
        return result.failed || upload.rejected ? EXIT.failed : EXIT.ok;
      });
    }));
}
