/**
 * Page registry: each feature adds one line registering its `pages/*.pages.ts` plugin.
 * Also serves the stylesheet and static assets under /assets.
 */
import { readFileSync } from 'node:fs';
import type { App } from '../http/types.ts';
import type { Services } from '../services/container.ts';
import accountPages from './pages/account.pages.ts';
import competencyPages from './pages/competencies.pages.ts';
import devMailboxPages from './pages/dev-mailbox.pages.ts';
import homePages from './pages/home.pages.ts';
import myAccountPages from './pages/my-account.pages.ts';
import issuancePages from './pages/issuance.pages.ts';
import microCredentialPages from './pages/micro-credentials.pages.ts';
import orgAccessPages from './pages/org-access.pages.ts';
import orgPages from './pages/org.pages.ts';
import learnPages from './pages/learn.pages.ts';
import assessPages from './pages/assess.pages.ts';
import authorPages from './pages/author.pages.ts';
import pathwayPages from './pages/pathways.pages.ts';
import verificationPages from './pages/verification.pages.ts';
import employerPages from './pages/employer.pages.ts';
import endorsementPages from './pages/endorsements.pages.ts';
import outreachPages from './pages/outreach.pages.ts';
import analyticsPages from './pages/analytics.pages.ts';
import walletPages from './pages/wallet.pages.ts';
import walletPublicPages from './pages/wallet-public.pages.ts';
import passwordResetPages from './pages/password-reset.pages.ts';

const ASSETS: Record<string, { type: string; body: Buffer }> = {
  'app.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('./assets/app.css', import.meta.url)) },
  'favicon.svg': { type: 'image/svg+xml', body: readFileSync(new URL('./assets/favicon.svg', import.meta.url)) },
  'pathway-builder.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('./assets/pathway-builder.js', import.meta.url)) },
};

/** Registers every feature's pages and the static assets. */
export async function registerPages(app: App, services: Services): Promise<void> {
  app.get('/assets/:name', { schema: { hide: true } }, async (request, reply) => {
    const asset = ASSETS[(request.params as { name: string }).name];
    if (!asset) return reply.callNotFound();
    return reply.header('cache-control', 'public, max-age=300').type(asset.type).send(asset.body);
  });
  await app.register(homePages, { services });
  await app.register(issuancePages, { services });
  await app.register(accountPages, { services });
  await app.register(myAccountPages, { services });
  await app.register(orgPages, { services });
  await app.register(orgAccessPages, { services });
  await app.register(devMailboxPages, { services });
  await app.register(learnPages, { services });
  await app.register(assessPages, { services });
  await app.register(authorPages, { services });
  await app.register(competencyPages, { services });
  await app.register(microCredentialPages, { services });
  await app.register(pathwayPages, { services });
  await app.register(verificationPages, { services });
  await app.register(employerPages, { services });
  await app.register(endorsementPages, { services });
  await app.register(outreachPages, { services });
  await app.register(analyticsPages, { services });
  await app.register(walletPages, { services });
  await app.register(walletPublicPages, { services });
  await app.register(passwordResetPages, { services });
}
