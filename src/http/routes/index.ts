/**
 * Route registry: each feature adds one line registering its `*.routes.ts` plugin.
 * JSON API routes live under /api/v1 (the public issuer, DID and status endpoints at the root).
 */
import type { Services } from '../../services/container.ts';
import type { App } from '../types.ts';
import accountRoutes from './account.routes.ts';
import achievementRoutes from './achievements.routes.ts';
import competencyRoutes from './competencies.routes.ts';
import healthRoutes from './health.routes.ts';
import credentialRoutes from './credentials.routes.ts';
import statusRoutes from './status.routes.ts';
import issuerRoutes from './issuers.routes.ts';
import publicCatalogRoutes from './public-catalog.routes.ts';
import assessmentRoutes from './assessment.routes.ts';
import pathwayRoutes from './pathways.routes.ts';
import verificationRoutes from './verification.routes.ts';
import employerRoutes from './employer.routes.ts';
import walletRoutes from './wallet.routes.ts';

/** Registers every feature's JSON routes. */
export async function registerRoutes(app: App, services: Services): Promise<void> {
  await app.register(healthRoutes, { services });
  await app.register(statusRoutes, { services });
  await app.register(credentialRoutes, { services, prefix: '/api/v1' });
  await app.register(issuerRoutes, { services });
  await app.register(accountRoutes, { services, prefix: '/api/v1' });
  await app.register(competencyRoutes, { services, prefix: '/api/v1' });
  await app.register(achievementRoutes, { services, prefix: '/api/v1' });
  await app.register(publicCatalogRoutes, { services });
  await app.register(assessmentRoutes, { services, prefix: '/api/v1' });
  await app.register(pathwayRoutes, { services, prefix: '/api/v1' });
  await app.register(verificationRoutes, { services });
  await app.register(employerRoutes, { services, prefix: '/api/v1' });
  await app.register(walletRoutes, { services, prefix: '/api/v1' });
}
