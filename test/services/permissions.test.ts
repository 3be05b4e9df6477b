import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import { can, requireAuth, requirePermission, requireUser, systemAuth, type Auth } from '../../src/services/auth.ts';
import { ROLE_ACTIONS, ROLES, roleAllows, TOKEN_SCOPES } from '../../src/services/permissions.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as AppError).code;
  }
};

describe('permission table', () => {
  it.each([
    ['owner', 'keys:manage', true], ['admin', 'keys:manage', true], ['issuer', 'keys:manage', false], ['assessor', 'keys:manage', false],
    ['issuer', 'credentials:issue', true], ['assessor', 'credentials:issue', false], ['assessor', 'assessments:review', true],
    ['member', 'org:read', true], ['member', 'credentials:read', false], ['admin', 'members:manage', true], ['issuer', 'members:manage', false],
    ['owner', 'anything:new', true], ['nobody', 'org:read', false],
  ])('%s may %s: %s', (role, action, allowed) => {
    expect(roleAllows(role, action)).toBe(allowed);
  });

  it('every token scope is an action some role has', () => {
    for (const scope of TOKEN_SCOPES) expect(ROLES.some((r) => ROLE_ACTIONS[r].includes(scope) || ROLE_ACTIONS[r].includes('*'))).toBe(true);
  });
});

describe('requirePermission', () => {
  const user: Auth = { userId: 'u', organizationId: 'o', role: 'issuer', scopes: [] };
  const token: Auth = { tokenId: 't', organizationId: 'o', scopes: ['credentials:read'] };

  it('answers unauthenticated, forbidden or token_scope_missing', () => {
    expect(codeOf(() => requirePermission({ scopes: [] }, 'org:read'))).toBe('unauthenticated');
    expect(codeOf(() => requirePermission({ userId: 'u', scopes: [] }, 'org:read'))).toBe('forbidden');
    expect(codeOf(() => requirePermission(user, 'keys:manage'))).toBe('forbidden');
    expect(codeOf(() => requirePermission(user, 'credentials:issue'))).toBe('ok');
    expect(codeOf(() => requirePermission(token, 'credentials:issue'))).toBe('token_scope_missing');
    expect(codeOf(() => requirePermission(token, 'credentials:read'))).toBe('ok');
    expect(requirePermission(systemAuth('o2'), 'keys:manage').organizationId).toBe('o2');
  });

  it('a token never acts with a role, even if one is attached', () => {
    expect(can({ ...token, role: 'owner' }, 'keys:manage')).toBe(false);
  });

  it('requireUser refuses API tokens; requireAuth accepts them', () => {
    expect(codeOf(() => requireUser(token))).toBe('unauthenticated');
    expect(codeOf(() => requireAuth(token))).toBe('ok');
    expect(requireUser(user)).toBe('u');
  });
});
