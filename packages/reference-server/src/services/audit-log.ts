import type { AuditAction, AuditEntry, AuditTarget, User } from '../domain/types.js';
import type { AuditPage, Storage } from '../storage/types.js';
import { ChatError, ErrorCode } from './chat-error.js';
import type { ServerAccess } from './server-access.js';

/** The largest page of the audit log, and the one given when no `limit` is asked. */
export const MAX_AUDIT_LIMIT = 100;
const DEFAULT_AUDIT_LIMIT = 50;

/** What changed in an audited action, as its entry keeps it. */
export type AuditDetails = Record<string, string | number | boolean | null>;

/** One action to record: who did what to what in which server, why, and what changed. */
export interface AuditRecord {
  actor: User;
  serverId: string;
  action: AuditAction;
  target: AuditTarget | null;
  reason?: string | null | undefined;
  details?: AuditDetails | undefined;
}

/**
 * A server's audit log: every management and moderation action is appended once it is stored;
 * admins and the owner read it newest first.
 */
export class AuditLog {
  constructor(
    private readonly storage: Storage,
    private readonly access: ServerAccess,
  ) {}

  record({ actor, serverId, action, target, reason, details }: AuditRecord): Promise<AuditEntry> {
    return this.storage.audit.append({
      serverId,
      actorId: actor.id,
      action,
      target,
      reason: reason ?? null,
      details: details ?? {},
    });
  }

  /** A page of the log, newest first: entries below `before`, at most `limit` (default 50, capped at 100). */
  async page(user: User, serverId: string, query: { before?: number | undefined; limit?: number | undefined }): Promise<AuditPage> {
    await this.access.require(user, serverId, 'viewAuditLog');
    const { before, limit } = query;
    if (before !== undefined && (!Number.isSafeInteger(before) || before < 1)) {
      throw new ChatError(ErrorCode.invalidInput, 'before must be a positive integer', { field: 'before' });
    }
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
      throw new ChatError(ErrorCode.invalidInput, 'limit must be a positive integer', { field: 'limit' });
    }
    return this.storage.audit.page(serverId, { before, limit: Math.min(limit ?? DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT) });
  }
}
