import type { AuditEntry, Ban, Invite } from '@hearth/sdk';
import { html, nothing } from 'lit';
import { format } from '../internal/strings.js';
import { formatFull } from '../internal/time-format.js';
import { fieldText } from './community-dialog.js';
import { inviteLink } from './invite-link.js';
import { type SettingsView, formatDuration } from './settings-view.js';

/** The invite expiry choices, in seconds (0: never). */
export const INVITE_EXPIRIES = [0, 1800, 3600, 21600, 43200, 86400, 604800] as const;
/** The invite use limits (0: no limit). */
export const INVITE_USES = [0, 1, 5, 10, 25, 50, 100] as const;

/** What the Bans, Invites and Audit log tabs loaded, and the link last copied. */
export class ModerationState {
  bans: Ban[] | undefined;
  invites: Invite[] | undefined;
  audit: AuditEntry[] | undefined;
  auditHasMore = false;
  copied: string | undefined;

  /** Loads what a tab shows, once (and again after `reset`). */
  load(view: SettingsView, tab: 'bans' | 'invites' | 'audit'): void {
    const done = () => view.requestUpdate();
    if (tab === 'bans' && !this.bans) void view.attempt(async () => ((this.bans = await view.admin.bans()), done()));
    if (tab === 'invites' && !this.invites) void view.attempt(async () => ((this.invites = await view.admin.invites()), done()));
    if (tab === 'audit' && !this.audit) void this.loadAudit(view);
  }

  /** The audit log's next page (the first when none is loaded). */
  async loadAudit(view: SettingsView): Promise<void> {
    const before = this.audit?.at(-1)?.id;
    await view.attempt(async () => {
      const page = await view.admin.auditLog(before === undefined ? { limit: 50 } : { before, limit: 50 });
      this.audit = [...(this.audit ?? []), ...page.entries];
      this.auditHasMore = page.hasMore;
      view.requestUpdate();
    });
  }
}

/** Bans: who is banned, why and by whom, with Unban. */
export function renderBans(view: SettingsView, state: ModerationState) {
  const { t } = view;
  state.load(view, 'bans');
  if (!state.bans) return html`<p role="status">${t('loading')}</p>`;
  if (state.bans.length === 0) return html`<p class="muted" part="empty">${t('noBans')}</p>`;
  const unban = async (ban: Ban) => {
    if (await view.attempt(() => view.admin.unban(ban.user.id))) state.bans = state.bans?.filter((other) => other !== ban);
    view.requestUpdate();
  };
  return html`<ul class="list" part="ban-list">
    ${state.bans.map(
      (ban) =>
        html`<li part="ban-row" class="row" data-id=${ban.user.id}>
          <span style="flex:1"
            ><strong>${ban.user.name}</strong>
            <span class="muted">${format(t('bannedBy'), { name: ban.by.name })}${ban.reason ? ` — ${ban.reason}` : ''}</span></span
          >
          <button part="unban" @click=${() => unban(ban)}>${t('unban')}</button>
        </li>`,
    )}
  </ul>`;
}

/** Invites: a form that makes one (expiry, most uses), and each invite's uses and expiry, with Copy link and Revoke. */
export function renderInvites(view: SettingsView, state: ModerationState) {
  const { t } = view;
  state.load(view, 'invites');
  const create = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const [maxAgeSeconds, maxUses] = [Number(fieldText(form, 'expiry')), Number(fieldText(form, 'uses'))];
    await view.attempt(async () => {
      const invite = await view.admin.createInvite({ ...(maxAgeSeconds > 0 && { maxAgeSeconds }), ...(maxUses > 0 && { maxUses }) });
      state.invites = [invite, ...(state.invites ?? [])];
      view.requestUpdate();
    });
  };
  const copy = async (invite: Invite) => {
    if (await view.attempt(() => navigator.clipboard.writeText(inviteLink(invite.code, view.inviteBase)))) state.copied = invite.code;
    view.requestUpdate();
  };
  const revoke = async (invite: Invite) => {
    if (await view.attempt(() => view.admin.revokeInvite(invite.code))) state.invites = state.invites?.filter((other) => other !== invite);
    view.requestUpdate();
  };
  return html`<form class="row" part="create-invite" @submit=${create}>
      <label
        >${t('expiry')}<select name="expiry">
          ${INVITE_EXPIRIES.map((seconds) => html`<option value=${seconds}>${seconds ? formatDuration(seconds) : t('never')}</option>`)}
        </select></label
      >
      <label
        >${t('maxUses')}<select name="uses">
          ${INVITE_USES.map((uses) => html`<option value=${uses}>${uses || t('noLimit')}</option>`)}
        </select></label
      >
      <button class="primary" type="submit">${t('createInvite')}</button>
    </form>
    ${
      !state.invites
        ? html`<p role="status">${t('loading')}</p>`
        : state.invites.length === 0
          ? html`<p class="muted" part="empty">${t('noInvites')}</p>`
          : html`<ul class="list" part="invite-list">
              ${state.invites.map(
                (invite) =>
                  html`<li part="invite-row" class="row" data-code=${invite.code}>
                    <span style="flex:1"
                      ><code>${invite.code}</code>
                      <span class="muted"
                        >${format(t(invite.maxUses === null ? 'inviteUses' : 'inviteUsesOf'), { uses: invite.uses, max: invite.maxUses ?? 0 })},
                        ${invite.expiresAt ? format(t('expiresAt'), { time: formatFull(invite.expiresAt) }) : t('noExpiry')}</span
                      ></span
                    >
                    <button part="copy-invite" @click=${() => copy(invite)}>
                      ${state.copied === invite.code ? t('copied') : t('copyLink')}
                    </button>
                    <button part="revoke" class="danger" @click=${() => revoke(invite)}>${t('revoke')}</button>
                  </li>`,
              )}
            </ul>`
    }`;
}

/** The audit log, newest first, one readable line each ("Ada timed out Bob for 10 minutes — spam"), with Load more. */
export function renderAudit(view: SettingsView, state: ModerationState) {
  const { t } = view;
  state.load(view, 'audit');
  if (!state.audit) return html`<p role="status">${t('loading')}</p>`;
  return html`${state.audit.length === 0 ? html`<p class="muted" part="empty">${t('noAudit')}</p>` : nothing}
    <ol class="list" part="audit-list">
      ${state.audit.map(
        (entry) =>
          html`<li part="audit-entry" data-action=${entry.action}>
            <span>${auditLine(entry, t)}</span>
            <time class="muted" datetime=${entry.createdAt}>${formatFull(entry.createdAt)}</time>
          </li>`,
      )}
    </ol>
    ${state.auditHasMore ? html`<button part="load-more" @click=${() => state.loadAudit(view)}>${t('loadMore')}</button>` : nothing}`;
}

/** One audit entry as a sentence: who did what to whom, and why. */
export function auditLine(entry: AuditEntry, t: SettingsView['t']): string {
  const { details } = entry;
  const seconds = Number(details['seconds'] ?? 0);
  const key = entry.action === 'member_timeout' && seconds === 0 ? 'audit_member_timeout_lift' : `audit_${entry.action}`;
  const role = String(details['role'] ?? '');
  const roleNoun = ({ admin: 'roleNounAdmin', moderator: 'roleNounModerator', member: 'roleNounMember' } as const)[role];
  const line = format(t(key as Parameters<SettingsView['t']>[0]), {
    actor: entry.actor.name,
    target: entry.target?.label ?? '',
    role: roleNoun ? t(roleNoun) : role,
    duration: formatDuration(seconds),
    changes: Object.entries(details)
      .map(([field, value]) => `${field}: ${value}`)
      .join(', '),
  });
  return entry.reason ? `${line} — ${entry.reason}` : line;
}
