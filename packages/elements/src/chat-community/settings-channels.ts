import type { Channel } from '@hearth/sdk';
import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { format } from '../internal/strings.js';
import { fieldText } from './community-dialog.js';
import { type SettingsView, formatDuration } from './settings-view.js';

/** The slow mode choices, in seconds (0: off). */
export const SLOW_MODES = [0, 5, 10, 30, 60, 300, 900, 3600, 21600] as const;

/** The Channels tab's own state: the channel whose delete waits for a confirmation. */
export class ChannelsState {
  confirmDelete: string | undefined;
}

/**
 * Channels: a form that creates one; each channel's name, topic and slow mode (saved as they
 * change), Move up and Move down buttons, and Delete (after a confirmation).
 */
export function renderChannels(view: SettingsView, state: ChannelsState) {
  const { t, admin } = view;
  const channels = [...view.server.channels].sort((a, b) => a.position - b.position);
  const create = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const topic = fieldText(form, 'topic');
    if (await view.attempt(() => admin.createChannel({ name: fieldText(form, 'name'), ...(topic && { topic }) }))) form.reset();
  };
  const move = async (index: number, by: number) => {
    const order = channels.map((channel) => channel.id);
    const [moved] = order.splice(index, 1) as [string];
    order.splice(index + by, 0, moved);
    // The focus follows the channel to its new place (or to the other button at an end of the list).
    const part = index + by === 0 ? 'move-down' : index + by === channels.length - 1 ? 'move-up' : by < 0 ? 'move-up' : 'move-down';
    view.focusWhen(
      `[data-id="${moved}"] [part="${part}"]`,
      (server) => server.channels.find((channel) => channel.id === moved)?.position === index + by,
    );
    await view.attempt(() => admin.reorderChannels(order));
  };
  const update = (channel: Channel, patch: { name?: string; topic?: string; slowModeSeconds?: number }) =>
    view.attempt(() => admin.updateChannel(channel.id, patch));
  return html`<form class="row" part="create-channel" @submit=${create}>
      <label style="flex:1">${t('channelName')}<input name="name" required maxlength="32" pattern="[A-Za-z0-9_\\-]+" autofocus /></label>
      <label style="flex:2">${t('topic')}<input name="topic" maxlength="300" /></label>
      <button class="primary" type="submit">${t('createChannel')}</button>
    </form>
    <ul class="list" part="channel-list">
      ${repeat(
        channels,
        (channel) => channel.id,
        (channel, index) =>
          html`<li part="channel-row" data-id=${channel.id}>
            <div class="row">
              <label style="flex:1"
                >${t('channelName')}<input
                  name="name"
                  .value=${channel.name}
                  @change=${(event: Event) => update(channel, { name: (event.target as HTMLInputElement).value })}
              /></label>
              <label style="flex:2"
                >${t('topic')}<input
                  name="topic"
                  .value=${channel.topic}
                  @change=${(event: Event) => update(channel, { topic: (event.target as HTMLInputElement).value })}
              /></label>
              <label
                >${t('slowMode')}<select
                  name="slowMode"
                  @change=${(event: Event) => update(channel, { slowModeSeconds: Number((event.target as HTMLSelectElement).value) })}
                >
                  ${SLOW_MODES.map(
                    (seconds) =>
                      html`<option value=${seconds} ?selected=${(channel.slowModeSeconds ?? 0) === seconds}>
                        ${seconds === 0 ? t('off') : formatDuration(seconds)}
                      </option>`,
                  )}
                </select></label
              >
            </div>
            <div class="row">
              <button
                part="move-up"
                aria-label=${format(t('moveUp'), { channel: channel.name })}
                ?disabled=${index === 0}
                @click=${() => move(index, -1)}
              >
                ↑
              </button>
              <button
                part="move-down"
                aria-label=${format(t('moveDown'), { channel: channel.name })}
                ?disabled=${index === channels.length - 1}
                @click=${() => move(index, 1)}
              >
                ↓
              </button>
              ${
                state.confirmDelete === channel.id
                  ? html`<span role="alert">${format(t('deleteChannelConfirm'), { channel: channel.name })}</span>
                      <button part="confirm-delete" class="danger" @click=${() => view.attempt(() => admin.deleteChannel(channel.id))}>
                        ${t('delete')}
                      </button>
                      <button
                        @click=${() => {
                          state.confirmDelete = undefined;
                          view.requestUpdate();
                        }}
                      >
                        ${t('cancel')}
                      </button>`
                  : html`<button
                      part="delete-channel"
                      class="danger"
                      aria-label=${format(t('deleteChannel'), { channel: channel.name })}
                      @click=${() => {
                        state.confirmDelete = channel.id;
                        view.requestUpdate();
                      }}
                    >
                      ${t('delete')}
                    </button>`
              }
            </div>
          </li>`,
      )}
    </ul>
    ${channels.length === 0 ? html`<p class="muted">—</p>` : nothing}`;
}
