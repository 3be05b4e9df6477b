/**
 * Roles, actions and API-token scopes. An action is `resource:verb`; an API token's scopes are actions.
 * Add your feature's actions to ROLE_ACTIONS (and to TOKEN_SCOPES when a token may hold them).
 */

export type Role = 'owner' | 'admin' | 'issuer' | 'assessor' | 'member';
export const ROLES: Role[] = ['owner', 'admin', 'issuer', 'assessor', 'member'];

/** What each role may do inside its organization. */
export const ROLE_ACTIONS: Record<Role, readonly string[]> = {
  owner: ['*'],
  admin: [
    'org:read', 'org:manage', 'members:manage', 'keys:manage', 'tokens:manage', 'audit:read',
    'competencies:write', 'achievements:write', 'credentials:issue', 'credentials:read', 'credentials:revoke',
    'completions:write', 'assessments:write', 'assessments:review', 'pathways:write', 'endorsements:write',
    'partners:write', 'analytics:read', 'verifications:read',
  ],
  issuer: [
    'org:read', 'audit:read', 'competencies:write', 'achievements:write', 'credentials:issue', 'credentials:read',
    'credentials:revoke', 'completions:write', 'assessments:write', 'pathways:write', 'partners:write', 'analytics:read',
    'endorsements:write', 'verifications:read',
  ],
  assessor: ['org:read', 'credentials:read', 'assessments:review'],
  member: ['org:read', 'verifications:read'],
};

/** Scopes an API token may be given (each one an action it allows). */
export const TOKEN_SCOPES = [
  'credentials:issue', 'credentials:read', 'credentials:revoke', 'achievements:write', 'competencies:write',
  'completions:write', 'pathways:write',
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Human labels for roles (pages). */
export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner', admin: 'Administrator', issuer: 'Issuer', assessor: 'Assessor', member: 'Member',
};

/** True when `role` may perform `action`. */
export function roleAllows(role: string | undefined, action: string): boolean {
  if (!role || !(ROLES as string[]).includes(role)) return false;
  const actions = ROLE_ACTIONS[role as Role];
  return actions.includes('*') || actions.includes(action);
}

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as string[]).includes(v);
}
