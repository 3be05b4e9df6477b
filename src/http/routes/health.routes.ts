/** GET /health: the process is up and the database answers. */
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.ts';
import { ErrorResponse } from '../schemas/common.ts';
import type { App, PluginOptions } from '../types.ts';

export default async function healthRoutes(app: App, { services }: PluginOptions): Promise<void> {
  app.get('/health', {
    schema: {
      tags: ['platform'], summary: 'Liveness and database check',
      response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.String(), time: Type.String() }), 503: ErrorResponse },
    },
  }, async () => {
    let database: string;
    try {
      ({ database } = await services.health.check());
    } catch (e) {
      throw new AppError('service_unavailable', 'The database does not answer.', { cause: e });
    }
    return { status: 'ok' as const, database, time: services.deps.clock.now().toISOString() };
  });
}
