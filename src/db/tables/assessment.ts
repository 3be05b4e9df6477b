/** Row types of the assessment tables (see migrations/2026_12_04_2100_create_assessment.ts and later). */
import type { Generated } from 'kysely';

export interface ModulesTable {
  id: string; organization_id: string; title: string; summary: string; sections_json: string;
  competency_ids_json: string; achievement_ids_json: string; enrolment: string; status: string;
  created_at: string; updated_at: string;
}
export interface ModuleEnrolmentsTable {
  id: string; organization_id: string; module_id: string; learner_id: string; enrolled_by: string | null; created_at: string;
}
export interface BankQuestionsTable {
  id: string; organization_id: string; module_id: string; position: number; definition_json: string;
  archived_at: string | null; created_at: string; updated_at: string;
}
export interface QuizzesTable {
  id: string; organization_id: string; module_id: string; title: string; instructions: string; question_ids_json: string;
  draw_count: number | null; shuffle_questions: number; shuffle_options: number; time_limit_seconds: number | null;
  attempt_limit: number | null; pass_mark: number; review_policy: string; created_at: string; updated_at: string;
}
export interface QuizAttemptsTable {
  id: string; organization_id: string; quiz_id: string; learner_id: string; attempt_number: number; token_hash: string;
  questions_json: string; started_at: string; deadline_at: string | null; status: string; submitted_at: string | null;
  responses_json: string | null; result_json: string | null; score: number | null; percent: number | null; passed: number | null;
}
export interface ProjectsTable {
  id: string; organization_id: string; module_id: string; title: string; brief: string; rubric_json: string;
  created_at: string; updated_at: string;
}
export interface ProjectSubmissionsTable {
  id: string; organization_id: string; project_id: string; learner_id: string; text: string; links_json: string;
  files_json: string; status: string; submitted_at: string; reviewed_at: string | null; reviewer_user_id: string | null;
  rubric_levels_json: string | null; rubric_score_json: string | null; feedback: string | null; evidence_public: Generated<number>;
}
export interface AwardRulesTable {
  achievement_id: string; organization_id: string; rule_json: string; credits: number | null; created_at: string; updated_at: string;
}
export interface AwardsTable {
  id: string; organization_id: string; learner_id: string; achievement_id: string; credential_id: string | null;
  evaluation_json: string; created_at: string;
}
export interface ExternalCompletionsTable {
  id: string; organization_id: string; external_event_id: string; learner_id: string; target_kind: string; target_id: string;
  percent: number | null; passed: number; completed_at: string; source: string; request_hash: string; created_at: string;
}

export interface AssessmentTables {
  modules: ModulesTable; module_enrolments: ModuleEnrolmentsTable; bank_questions: BankQuestionsTable; quizzes: QuizzesTable;
  quiz_attempts: QuizAttemptsTable; projects: ProjectsTable; project_submissions: ProjectSubmissionsTable;
  award_rules: AwardRulesTable; awards: AwardsTable; external_completions: ExternalCompletionsTable;
}
