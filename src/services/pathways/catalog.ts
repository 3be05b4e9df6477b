/** What pathways need to know about an organization's micro-credentials (names, credits, result descriptions). */
import { AchievementRepository } from '../../db/repositories/achievement.repository.ts';
import type { Db } from '../../db/transaction.ts';

export interface AchievementFacts {
  id: string;
  name: string;
  status: string;
  creditsAvailable: number | null;
  resultDescriptionIds: string[];
}

/** The port pathways read micro-credentials through. */
export interface AchievementCatalog {
  /** Facts of the organization's micro-credentials (only `ids`, when given; unknown ids are skipped). */
  facts(organizationId: string, ids?: readonly string[]): Promise<AchievementFacts[]>;
}

/** The catalog backed by the micro-credential repository (current definitions). */
export function repositoryCatalog(db: Db): AchievementCatalog {
  const repo = new AchievementRepository(db);
  return {
    async facts(organizationId, ids) {
      const wanted = ids ?? (await repo.list(organizationId)).map((s) => s.id);
      const out: AchievementFacts[] = [];
      for (const id of wanted) {
        const m = await repo.find(organizationId, id);
        if (!m) continue;
        out.push({
          id: m.id, name: m.definition.name, status: m.status, creditsAvailable: m.definition.creditsAvailable,
          resultDescriptionIds: (m.definition.resultDescriptions ?? []).map((r) => r.id),
        });
      }
      return out;
    },
  };
}
