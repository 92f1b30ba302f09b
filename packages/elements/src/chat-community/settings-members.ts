import type { Member, Role } from '@hearth/sdk';
import { canActOn, canAssignRole } from '@hearth/sdk/protocol';
import { html, nothing } from 'lit';
import { format } from '../internal/strings.js';
import { fieldText } from './community-dialog.js';
import { formatTime } from '../internal/time-format.js';
import { type SettingsView, formatDuration } from './settings-view.js';

/** The time-out choices, in seconds. */
export const TIME_OUTS = [60, 300, 600, 3600, 86400, 604800] as const;

const ROLES: readonly Role[] = ['owner', 'admin', 'moderator', 'member'];

/** The label of a role: Owner, Admin, Mod, Member. */
export const roleKey = (role: Role) =>
  (({ owner: 'roleOwner', admin: 'roleAdmin', moderator: 'roleModerator', member: 'roleMember' }) as const)[role];

const CONFIRM_TEXT = { kick: 'kickConfirm', ban: 'banConfirm', timeout: 'timeOutConfirm' } as const;
const CONFIRM_BUTTON = { kick: 'kick', ban: 'ban', timeout: 'timeOut' } as const;

/** The Members tab's own state: the kick or ban that waits for its reason and confirmation. */
export class MembersState {
  confirm: { kind: 'kick' | 'ban' | 'timeout'; userId: string; seconds?: number } | undefined;
}

/**
 * Members: each member's role (a select of the roles the user may give them), a time-out (for a
 * chosen duration; Lift ends it), Kick and Ban (each asking for a reason first). Only what the
 * user's role allows on that member is offered.
 */
export function renderMembers(view: SettingsView, state: MembersState) {
  if (!view.members) return html`<p role="status">${view.t('loading')}</p>`;
  return html`<ul class="list" part="member-list">
    ${view.members.map((member) => renderMember(view, state, member))}
  </ul>`;
}

function renderMember(view: SettingsView, state: MembersState, member: Member) {
  const { t, role: actor, admin } = view;
  const { user, role } = member;
  const assignable = ROLES.filter((next) => next === role || canAssignRole(actor, role, next));
  const moderates = canActOn(actor, 'moderateMembers', role);
  const bans = canActOn(actor, 'ban', role);
  const muted = member.mutedUntil && Date.parse(member.mutedUntil) > Date.now() ? member.mutedUntil : undefined;
  const confirm = state.confirm?.userId === user.id ? state.confirm : undefined;
  const ask = (kind: 'kick' | 'ban' | 'timeout', seconds?: number) => {
    state.confirm = { kind, userId: user.id, seconds };
    view.requestUpdate();
  };
  const act = async (event: SubmitEvent) => {
    event.preventDefault();
    const reason = fieldText(event.currentTarget as HTMLFormElement, 'reason') || undefined;
    const { kind, seconds = 0 } = confirm ?? {};
    const action = () =>
      kind === 'ban'
        ? admin.ban(user.id, reason)
        : kind === 'timeout'
          ? admin.timeOut(user.id, seconds, reason)
          : admin.kick(user.id, reason);
    if (await view.attempt(action)) state.confirm = undefined;
    view.requestUpdate();
  };
  return html`<li part="member-row" data-id=${user.id}>
    <div class="row">
      <strong style="flex:1">${user.name}</strong>
      <span part="role-badge" class="badge">${t(roleKey(role))}</span>
      ${
        assignable.length > 1
          ? html`<select
              part="role-select"
              aria-label=${format(t('role'), { name: user.name })}
              @change=${(event: Event) =>
                view.attempt(() => admin.setRole(user.id, (event.target as HTMLSelectElement).value as 'admin' | 'moderator' | 'member'))}
            >
              ${assignable.map((next) => html`<option value=${next} ?selected=${next === role}>${t(roleKey(next))}</option>`)}
            </select>`
          : nothing
      }
    </div>
    ${muted ? html`<p class="muted" part="timed-out">${format(t('timedOutUntil'), { time: formatTime(muted) })}</p>` : nothing}
    ${
      moderates || bans
        ? html`<div class="row">
            ${
              moderates
                ? html`<select
                      part="timeout-select"
                      aria-label=${format(t('timeOutFor'), { name: user.name })}
                      @change=${(event: Event) => {
                        const select = event.target as HTMLSelectElement;
                        const seconds = Number(select.value);
                        select.value = '';
                        if (seconds > 0) ask('timeout', seconds);
                      }}
                    >
                      <option value="">${t('timeOut')}</option>
                      ${TIME_OUTS.map((seconds) => html`<option value=${seconds}>${formatDuration(seconds)}</option>`)}
                    </select>
                    ${muted ? html`<button part="lift-timeout" @click=${() => view.attempt(() => admin.timeOut(user.id, 0))}>${t('liftTimeOut')}</button>` : nothing}
                    <button part="kick" class="danger" @click=${() => ask('kick')}>${t('kick')}</button>`
                : nothing
            }
            ${bans ? html`<button part="ban" class="danger" @click=${() => ask('ban')}>${t('ban')}</button>` : nothing}
          </div>`
        : nothing
    }
    ${
      confirm
        ? html`<form class="row" part="confirm" @submit=${act}>
            <span>${format(t(CONFIRM_TEXT[confirm.kind]), { name: user.name, duration: formatDuration(confirm.seconds ?? 0) })}</span>
            <label style="flex:1">${t('reason')}<input name="reason" maxlength="500" autofocus /></label>
            <button part=${`confirm-${confirm.kind}`} class="primary" type="submit">${t(CONFIRM_BUTTON[confirm.kind])}</button>
            <button
              type="button"
              @click=${() => {
                state.confirm = undefined;
                view.requestUpdate();
              }}
            >
              ${t('cancel')}
            </button>
          </form>`
        : nothing
    }
  </li>`;
}
