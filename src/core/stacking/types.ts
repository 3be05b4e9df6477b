/**
 * Types of the stacking rule language and of the credentials a rule is evaluated against.
 * See README.md in this folder for the language, with examples.
 */

/**
 * A minimum result a credential must carry to count, e.g. a Percent result ≥ 80.
 * Without `scale` the result value is read as a number ("85", "85%", "3.5").
 * With `scale` (an ordered list, low → high, like a ResultDescription's `allowedValue` or its
 * rubric level ids) the result's `value` or `achievedLevel` must sit at or above `minValue` in it.
 */
export interface MinResult {
  /** Id of the ResultDescription in the achievement (the `resultDescription` of the Result). */
  resultDescription: string;
  minValue: number | string;
  scale?: string[];
  /** Human name of the result ("Final quiz"), used in explanations. */
  name?: string;
}

/**
 * Names an achievement a credential must be for. Without `issuerId` it is one of ours: only
 * credentials issued by this platform count. With `issuerId` (a DID or URL) it is external: a
 * credential (usually imported) whose issuer is exactly that id.
 */
export interface AchievementRef {
  achievementId: string;
  issuerId?: string;
  minResult?: MinResult;
}

/** Modifiers any node may carry. */
export interface NodeModifiers {
  /** Short name shown in traces and in the progress map ("Foundations"). */
  label?: string;
  /** Groups only: every component counted under this node must be earned within this ISO-8601 duration of each other. */
  within?: string;
  /** Revoked credentials never count; with `validOnly`, suspended and expired ones do not count either. Inherited. */
  validOnly?: boolean;
}

/** A leaf: one micro-credential, or any of its accepted equivalents. */
export interface CredentialLeaf extends NodeModifiers {
  type: 'credential';
  /** Unique within the rule; what `after` refers to. */
  key?: string;
  /** Name used in explanations; defaults to the achievement's name. */
  name?: string;
  achievement: AchievementRef;
  /** Other achievements accepted as this same component. */
  equivalents?: AchievementRef[];
  /** Keys of leaves that must have been earned before this one. */
  after?: string[];
  /** Credits when the credential carries no `creditsEarned`. */
  credits?: number;
}

/** A leaf: the target credential of another pathway (nested pathways). */
export interface PathwayLeaf extends NodeModifiers {
  type: 'pathway';
  key?: string;
  name?: string;
  pathwayId: string;
  after?: string[];
  credits?: number;
}

export interface AllOfNode extends NodeModifiers {
  type: 'allOf';
  children: Rule[];
}
export interface AnyOfNode extends NodeModifiers {
  type: 'anyOf';
  children: Rule[];
}
export interface NOfNode extends NodeModifiers {
  type: 'nOf';
  n: number;
  children: Rule[];
}
export interface MinCreditsNode extends NodeModifiers {
  type: 'minCredits';
  credits: number;
  children: Rule[];
}

export type GroupNode = AllOfNode | AnyOfNode | NOfNode | MinCreditsNode;
export type LeafNode = CredentialLeaf | PathwayLeaf;
/** A stacking rule: a JSON tree of groups over leaves. */
export type Rule = GroupNode | LeafNode;

/** A pathway as far as rules are concerned: what it awards and what it requires. */
export interface PathwayDefinition {
  id: string;
  name?: string;
  targetAchievementId: string;
  rule: Rule;
}

/** A result carried by a held credential (an OB 3.0 `Result`). */
export interface HeldResult {
  resultDescription?: string;
  value?: string;
  achievedLevel?: string;
}

export type HeldStatus = 'valid' | 'revoked' | 'suspended' | 'expired';

/**
 * A credential a learner holds, as the rule engine sees it. The platform maps its rows into this:
 * - `id`: the credential id (`urn:uuid:…`); `achievementId`: `credentialSubject.achievement.id`;
 * - `issuerId`: the issuer profile id or DID; `origin`: `issued` for credentials this platform signed,
 *   `imported` for ones the learner brought (a leaf without `issuerId` only accepts `issued` ones);
 * - `issuedAt`: `awardedDate`, else `validFrom`; `validUntil`: the credential's `validUntil`;
 * - `status`: from the status list / revocation table (`expired` may also be derived from `validUntil`);
 *   `statusChangedAt`: when it was revoked or suspended, for explanations;
 * - `credits`: `credentialSubject.creditsEarned`; `results`: `credentialSubject.result`.
 */
export interface HeldCredential {
  id: string;
  achievementId: string;
  achievementName?: string;
  issuerId: string;
  origin: 'issued' | 'imported';
  issuedAt: Date;
  validUntil?: Date | null;
  status: HeldStatus;
  statusChangedAt?: Date | null;
  credits?: number | null;
  results?: HeldResult[];
}

/** Progress of a node: `earned` of `required` units (components, or credits for minCredits). */
export interface Progress {
  earned: number;
  required: number;
  fraction: number;
  unit: 'components' | 'credits';
}

/** One node of the explanation tree. */
export interface TraceNode {
  /** JSON pointer of the node in the rule ("" for the root, "/children/1"). */
  path: string;
  type: Rule['type'];
  label: string;
  satisfied: boolean;
  /** Plain-language explanation ("needs 2 more of: Data Basics, SQL"). */
  message: string;
  progress: Progress;
  /** Ids of the credentials counted at this node. */
  credentialIds: string[];
  children: TraceNode[];
}

/** The outcome of evaluating a rule for one learner. */
export interface RuleEvaluation {
  satisfied: boolean;
  progress: Progress;
  trace: TraceNode;
  /** Credentials counted, to cite as evidence of the stacked credential. */
  used: HeldCredential[];
  /** Sum of the credits of `used` (the stacked credential's `creditsEarned`). */
  creditsEarned: number;
}

/** One problem found in a rule, with a JSON pointer to the node or field at fault. */
export interface RuleIssue {
  path: string;
  message: string;
}

/** What `evaluateRule` may know besides the rule: names for messages and other pathways for nesting. */
export interface EvaluationContext {
  /** Achievement names by id, for explanations. */
  achievementNames?: Record<string, string>;
  /** Other pathways, by id, for `pathway` leaves. */
  pathways?: Record<string, PathwayDefinition>;
}
