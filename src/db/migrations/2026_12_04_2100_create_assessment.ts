/**
 * Assessment tables: learning modules, enrolments, question banks, quizzes and attempts, projects and
 * submissions, award rules, awards (exactly once per learner and micro-credential) and external completions.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('modules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('sections_json', 'text', (c) => c.notNull()) // [{ id, kind: markdown|link|media, title, body?, url? }]
    .addColumn('competency_ids_json', 'text', (c) => c.notNull())
    .addColumn('achievement_ids_json', 'text', (c) => c.notNull()) // the micro-credentials it leads to
    .addColumn('enrolment', 'text', (c) => c.notNull()) // open | staff
    .addColumn('status', 'text', (c) => c.notNull()) // draft | published | archived
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('modules_org').on('modules').columns(['organization_id', 'status']).execute();

  await db.schema
    .createTable('module_enrolments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('module_id', 'text', (c) => c.notNull().references('modules.id').onDelete('cascade'))
    .addColumn('learner_id', 'text', (c) => c.notNull().references('learners.id').onDelete('cascade'))
    .addColumn('enrolled_by', 'text') // user id of staff, null for self-enrolment
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('module_enrolments_unique', ['module_id', 'learner_id'])
    .execute();
  await db.schema.createIndex('module_enrolments_learner').on('module_enrolments').column('learner_id').execute();

  // The module's question bank: one row per question, the full definition (answers included) as JSON.
  await db.schema
    .createTable('bank_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('module_id', 'text', (c) => c.notNull().references('modules.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('definition_json', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bank_questions_module').on('bank_questions').columns(['module_id', 'position']).execute();

  await db.schema
    .createTable('quizzes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('module_id', 'text', (c) => c.notNull().references('modules.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('instructions', 'text', (c) => c.notNull())
    .addColumn('question_ids_json', 'text', (c) => c.notNull()) // [] = the whole bank
    .addColumn('draw_count', 'integer') // null = every question
    .addColumn('shuffle_questions', 'integer', (c) => c.notNull())
    .addColumn('shuffle_options', 'integer', (c) => c.notNull())
    .addColumn('time_limit_seconds', 'integer')
    .addColumn('attempt_limit', 'integer')
    .addColumn('pass_mark', 'real', (c) => c.notNull())
    .addColumn('review_policy', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // One attempt; (quiz, learner, number) is unique so two concurrent starts cannot exceed the attempt limit.
  await db.schema
    .createTable('quiz_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('quiz_id', 'text', (c) => c.notNull().references('quizzes.id').onDelete('cascade'))
    .addColumn('learner_id', 'text', (c) => c.notNull().references('learners.id').onDelete('cascade'))
    .addColumn('attempt_number', 'integer', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique()) // one-time submission token (sha256)
    .addColumn('questions_json', 'text', (c) => c.notNull()) // drawn questions with answers: server only
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('deadline_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // open | submitted
    .addColumn('submitted_at', 'text')
    .addColumn('responses_json', 'text')
    .addColumn('result_json', 'text')
    .addColumn('score', 'real')
    .addColumn('percent', 'real')
    .addColumn('passed', 'integer')
    .addUniqueConstraint('quiz_attempts_number', ['quiz_id', 'learner_id', 'attempt_number'])
    .execute();
  await db.schema.createIndex('quiz_attempts_learner').on('quiz_attempts').columns(['learner_id', 'quiz_id']).execute();

  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('module_id', 'text', (c) => c.notNull().references('modules.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('brief', 'text', (c) => c.notNull())
    .addColumn('rubric_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('project_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('learner_id', 'text', (c) => c.notNull().references('learners.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('links_json', 'text', (c) => c.notNull())
    .addColumn('files_json', 'text', (c) => c.notNull()) // [{ id, name, type, size, storedName }]
    .addColumn('status', 'text', (c) => c.notNull()) // submitted | accepted | resubmission_requested
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewer_user_id', 'text')
    .addColumn('rubric_levels_json', 'text')
    .addColumn('rubric_score_json', 'text')
    .addColumn('feedback', 'text')
    .execute();
  await db.schema.createIndex('project_submissions_queue').on('project_submissions').columns(['organization_id', 'status', 'submitted_at']).execute();
  await db.schema.createIndex('project_submissions_learner').on('project_submissions').columns(['learner_id', 'project_id']).execute();

  await db.schema
    .createTable('award_rules')
    .addColumn('achievement_id', 'text', (c) => c.primaryKey().references('achievements.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('rule_json', 'text', (c) => c.notNull())
    .addColumn('credits', 'real')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Exactly once: the unique (learner, achievement) row is claimed in the same transaction that issues.
  await db.schema
    .createTable('awards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('learner_id', 'text', (c) => c.notNull().references('learners.id').onDelete('cascade'))
    .addColumn('achievement_id', 'text', (c) => c.notNull().references('achievements.id').onDelete('cascade'))
    .addColumn('credential_id', 'text')
    .addColumn('evaluation_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('awards_learner_achievement', ['learner_id', 'achievement_id'])
    .execute();

  await db.schema
    .createTable('external_completions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('external_event_id', 'text', (c) => c.notNull())
    .addColumn('learner_id', 'text', (c) => c.notNull().references('learners.id').onDelete('cascade'))
    .addColumn('target_kind', 'text', (c) => c.notNull()) // quiz | module
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('percent', 'real')
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('completed_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // api | xapi
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('external_completions_event', ['organization_id', 'external_event_id'])
    .execute();
  await db.schema.createIndex('external_completions_learner').on('external_completions').column('learner_id').execute();
}
