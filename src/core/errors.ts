/**
 * The one error catalog. Every failure a person can act on has a snake_case code here.
 * HTTP statuses and CLI exit codes are tables derived from this catalog; services throw
 * `AppError` with a code and never know about HTTP.
 *
 * Add new codes in the section of your feature; keep messages written for the person
 * who has to fix the input.
 */

/** Kinds of failure, each mapped to one HTTP status and one CLI exit code. */
export type ErrorKind =
  | 'invalid_input' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'gone' // 410
  | 'too_large' // 413
  | 'unsupported_media' // 415
  | 'unprocessable' // 422
  | 'rate_limited' // 429
  | 'unavailable' // 503
  | 'internal'; // 500

export const ERROR_CATALOG = {
  // generic
  validation_failed: { kind: 'invalid_input', message: 'The request is not valid.' },
  malformed_json: { kind: 'invalid_input', message: 'The body is not valid JSON.' },
  payload_too_large: { kind: 'too_large', message: 'The request body is too large.' },
  unsupported_media_type: { kind: 'unsupported_media', message: 'This content type is not accepted here.' },
  not_found: { kind: 'not_found', message: 'Nothing was found at this address.' },
  rate_limited: { kind: 'rate_limited', message: 'Too many requests; wait a moment and try again.' },
  internal_error: { kind: 'internal', message: 'Something went wrong on our side.' },
  service_unavailable: { kind: 'unavailable', message: 'The service is not available right now.' },
  config_invalid: { kind: 'invalid_input', message: 'The configuration is not valid.' },

  // accounts, sessions, tokens, tenancy
  unauthenticated: { kind: 'unauthenticated', message: 'Sign in or send a valid API token.' },
  invalid_credentials: { kind: 'unauthenticated', message: 'The email or password is not right.' },
  csrf_invalid: { kind: 'forbidden', message: 'The form expired or did not come from this site; reload and try again.' },
  forbidden: { kind: 'forbidden', message: 'You do not have permission to do this.' },
  token_scope_missing: { kind: 'forbidden', message: 'The API token lacks the scope this action needs.' },
  email_taken: { kind: 'conflict', message: 'An account with this email already exists.' },
  email_not_verified: { kind: 'forbidden', message: 'Verify this email address first.' },
  verification_link_invalid: { kind: 'invalid_input', message: 'The link is invalid or has expired.' },
  password_reset_link_invalid: { kind: 'gone', message: 'This password reset link is invalid, was already used or has expired.' },
  organization_slug_taken: { kind: 'conflict', message: 'This organization address is taken.' },

  // keys and identity
  key_not_found: { kind: 'not_found', message: 'No such key.' },
  master_key_invalid: { kind: 'invalid_input', message: 'The master key must be 32 bytes, base64 or hex encoded.' },
  key_file_invalid: { kind: 'invalid_input', message: 'The key file is not a valid microcred key file.' },

  // credentials (engine)
  credential_invalid: { kind: 'unprocessable', message: 'The credential is not valid.' },
  credential_schema_invalid: { kind: 'unprocessable', message: 'The credential does not pass the Open Badges 3.0 schema.' },
  jsonld_invalid: { kind: 'unprocessable', message: 'The document uses an unknown context or an undefined term.' },
  unknown_context: { kind: 'unprocessable', message: 'The document uses a JSON-LD context that is not known here.' },
  proof_suite_unsupported: { kind: 'invalid_input', message: 'This proof format is not supported.' },
  bake_failed: { kind: 'invalid_input', message: 'The image could not be baked.' },
  unbake_failed: { kind: 'invalid_input', message: 'No credential was found in this image.' },
  image_invalid: { kind: 'invalid_input', message: 'The image must be a PNG or SVG within the size limit.' },
  status_list_full: { kind: 'conflict', message: 'The status list has no free index left; start a new list.' },
  status_list_invalid: { kind: 'unprocessable', message: 'The status list credential is not valid.' },
  jwt_invalid: { kind: 'invalid_input', message: 'The VC-JWT is not valid.' },
  key_invalid: { kind: 'invalid_input', message: 'The key is not valid for this algorithm.' },

  // issuing platform
  achievement_not_found: { kind: 'not_found', message: 'No such micro-credential.' },
  competency_not_found: { kind: 'not_found', message: 'No such competency.' },
  framework_not_found: { kind: 'not_found', message: 'No such competency framework.' },
  credential_not_found: { kind: 'not_found', message: 'No such credential.' },
  csv_invalid: { kind: 'invalid_input', message: 'The CSV file has errors; nothing was imported.' },
  idempotency_conflict: { kind: 'conflict', message: 'This Idempotency-Key was used with a different request.' },
  already_revoked: { kind: 'conflict', message: 'This credential is already revoked.' },
  not_suspended: { kind: 'conflict', message: 'This credential is not suspended.' },
  already_suspended: { kind: 'conflict', message: 'This credential is already suspended.' },
  bulk_too_many_errors: { kind: 'invalid_input', message: 'The CSV file has too many invalid rows; fix them and upload again.' },
  idempotency_key_invalid: { kind: 'invalid_input', message: 'The Idempotency-Key header must be 1 to 200 visible characters.' },
  job_not_found: { kind: 'not_found', message: 'No such job.' },
  // competencies and micro-credentials (catalog)
  competency_code_taken: { kind: 'conflict', message: 'This code is already used in the framework.' },
  framework_name_taken: { kind: 'conflict', message: 'A competency framework with this name already exists.' },
  achievement_archived: { kind: 'conflict', message: 'This micro-credential is archived; restore it before issuing.' },
  achievement_issued: { kind: 'conflict', message: 'This micro-credential has been issued; archive it instead of deleting it.' },

  // assessment (modules, quizzes, projects, awards)
  question_invalid: { kind: 'invalid_input', message: 'The question is not valid.' },
  question_bank_too_small: { kind: 'unprocessable', message: 'The question bank has fewer questions than the quiz draws.' },
  rubric_invalid: { kind: 'invalid_input', message: 'The rubric is not valid.' },
  rubric_score_invalid: { kind: 'invalid_input', message: 'Choose one level of the rubric for every criterion.' },
  award_rule_invalid: { kind: 'invalid_input', message: 'The award rule is not valid.' },
  attempt_time_expired: { kind: 'gone', message: 'The time limit for this attempt has passed; the submission was not accepted.' },
  attempt_already_submitted: { kind: 'conflict', message: 'This attempt was already submitted.' },
  attempt_limit_reached: { kind: 'conflict', message: 'No attempts are left for this quiz.' },
  attempt_not_found: { kind: 'not_found', message: 'No such quiz attempt.' },
  module_not_found: { kind: 'not_found', message: 'No such module.' },
  quiz_not_found: { kind: 'not_found', message: 'No such quiz.' },
  project_not_found: { kind: 'not_found', message: 'No such project.' },
  submission_not_found: { kind: 'not_found', message: 'No such project submission.' },
  question_not_found: { kind: 'not_found', message: 'No such question in this bank.' },
  enrolment_closed: { kind: 'forbidden', message: 'This module takes enrolments from staff only.' },
  not_enrolled: { kind: 'forbidden', message: 'Enrol in the module first.' },
  submission_already_reviewed: { kind: 'conflict', message: 'This submission has already been reviewed.' },
  submission_pending: { kind: 'conflict', message: 'Your previous submission is still waiting for review.' },
  file_type_not_allowed: { kind: 'unsupported_media', message: 'This type of file is not accepted.' },
  file_too_large: { kind: 'too_large', message: 'The file is larger than the limit.' },
  completion_conflict: { kind: 'conflict', message: 'This external event id was already used with different data.' },
  xapi_statement_invalid: { kind: 'invalid_input', message: 'The xAPI statement is not one this service can use.' },

  // pathways (stackable credentials)
  pathway_not_found: { kind: 'not_found', message: 'No such pathway.' },
  pathway_rule_invalid: { kind: 'invalid_input', message: 'The pathway rule is not valid.' },
  pathway_target_taken: { kind: 'conflict', message: 'Another pathway already awards this micro-credential.' },
  pathway_version_conflict: { kind: 'conflict', message: 'The pathway was changed by someone else; reload it and apply your change again.' },
  pathway_not_awarded: { kind: 'not_found', message: 'This pathway has not been awarded to you yet.' },

  // employers, endorsements, outreach
  employer_only: { kind: 'forbidden', message: 'Only an employer organization can do this.' },
  employer_domain_unverified: { kind: 'forbidden', message: 'Verify your organization\'s email domain before endorsing.' },
  endorsement_not_found: { kind: 'not_found', message: 'No such endorsement.' },
  endorsement_exists: { kind: 'conflict', message: 'Your organization already has a pending or accepted endorsement of this micro-credential.' },
  endorsement_decided: { kind: 'conflict', message: 'This endorsement was already accepted or declined.' },
  candidate_not_found: { kind: 'not_found', message: 'No such candidate.' },
  partner_not_found: { kind: 'not_found', message: 'No such employer partner.' },
  // wallet (learner-held credentials, claims, sharing, imports)
  claim_link_invalid: { kind: 'not_found', message: 'This claim link is not valid or has already been used.' },
  claim_email_taken: { kind: 'conflict', message: 'This address belongs to another account: sign in with that account to claim the credential.' },
  share_link_not_found: { kind: 'not_found', message: 'No such share link.' },
  share_link_withdrawn: { kind: 'gone', message: 'This link was withdrawn by its owner.' },
  share_link_expired: { kind: 'gone', message: 'This link has expired.' },
  profile_slug_taken: { kind: 'conflict', message: 'Another profile already uses this address.' },
  import_not_verified: { kind: 'unprocessable', message: 'The credential did not pass verification, so it was not added.' },
  import_duplicate: { kind: 'conflict', message: 'This credential is already in your wallet.' },
} as const satisfies Record<string, { kind: ErrorKind; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/** HTTP status for each error kind. */
export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** CLI exit code for each error kind (2 = usage / bad input, 1 = failed). */
export const EXIT_CODE: Record<ErrorKind, number> = {
  invalid_input: 2,
  unauthenticated: 1,
  forbidden: 1,
  not_found: 1,
  conflict: 1,
  gone: 1,
  too_large: 2,
  unsupported_media: 2,
  unprocessable: 1,
  rate_limited: 1,
  unavailable: 1,
  internal: 1,
};

/** One problem with one field or row of the input. */
export interface FieldIssue {
  /** JSON-pointer-ish path or form field name, e.g. `recipient.email` or `row 4: email`. */
  field: string;
  message: string;
}

/**
 * A domain error: a catalog code, a message for a person, and the field(s) at fault.
 * @example throw new AppError('validation_failed', 'Email is not a valid address.', { field: 'email' })
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly issues: FieldIssue[];
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message?: string,
    opts: { field?: string; issues?: FieldIssue[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message ?? ERROR_CATALOG[code].message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = opts.field ?? opts.issues?.[0]?.field;
    this.issues = opts.issues ?? (opts.field ? [{ field: opts.field, message: this.message }] : []);
    this.details = opts.details;
  }

  get kind(): ErrorKind {
    return ERROR_CATALOG[this.code].kind;
  }
}

/** HTTP status for an error code. */
export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[ERROR_CATALOG[code].kind];
}

/** CLI exit code for an error code. */
export function exitCodeOf(code: ErrorCode): number {
  return EXIT_CODE[ERROR_CATALOG[code].kind];
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
