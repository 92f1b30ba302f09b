import { describe, expect, it } from 'vitest';
import { can, canActOn, canAssignRole, type RoleName } from './permissions.js';

const roles: RoleName[] = ['owner', 'admin', 'moderator', 'member'];

describe('permissions', () => {
  it('lets admins and the owner manage the server, and nobody without a role', () => {
    expect(roles.filter((role) => can(role, 'manageServer'))).toEqual(['owner', 'admin']);
    expect(can(undefined, 'manageServer')).toBe(false);
    expect(can(null, 'bypassSlowMode')).toBe(false);
  });

  it('lets moderators and up delete messages and time out, but only members below them', () => {
    expect(roles.filter((role) => can(role, 'deleteOthersMessages'))).toEqual(['owner', 'admin', 'moderator']);
    expect(canActOn('moderator', 'moderateMembers', 'member')).toBe(true);
    expect(canActOn('moderator', 'moderateMembers', 'moderator')).toBe(false);
    expect(canActOn('admin', 'moderateMembers', 'owner')).toBe(false);
    expect(canActOn('member', 'moderateMembers', 'member')).toBe(false);
  });

  it('lets the owner name admins, admins name moderators, and nobody name an owner', () => {
    expect(canAssignRole('owner', 'member', 'admin')).toBe(true);
    expect(canAssignRole('admin', 'member', 'moderator')).toBe(true);
    expect(canAssignRole('admin', 'member', 'admin')).toBe(false);
    expect(canAssignRole('admin', 'admin', 'member')).toBe(false);
    expect(canAssignRole('owner', 'admin', 'owner')).toBe(false);
    expect(canAssignRole('moderator', 'member', 'moderator')).toBe(false);
  });
});
