import { html, nothing } from 'lit';
import { mediaUrl } from '../internal/media-url.js';
import { fieldText } from './community-dialog.js';
import type { SettingsView } from './settings-view.js';

/** The Overview tab's own state: the images chosen and not saved yet. */
export class OverviewState {
  icon: File | undefined;
  banner: File | undefined;
  iconPreview: string | undefined;
  bannerPreview: string | undefined;
  saved = false;

  /** Chooses an image, with a preview of it. */
  choose(kind: 'icon' | 'banner', file: File | undefined): void {
    const previous = kind === 'icon' ? this.iconPreview : this.bannerPreview;
    if (previous) URL.revokeObjectURL(previous);
    const preview = file ? URL.createObjectURL(file) : undefined;
    if (kind === 'icon') [this.icon, this.iconPreview] = [file, preview];
    else [this.banner, this.bannerPreview] = [file, preview];
  }
}

/**
 * Overview: the server's name, description, category and visibility, its icon and banner (each
 * previewed once chosen); Save sends what changed.
 */
export function renderOverview(view: SettingsView, state: OverviewState) {
  const { server, t } = view;
  const categories = view.categories ?? [];
  const icon = state.iconPreview ?? mediaUrl(view.chat, server.iconUrl);
  const banner = state.bannerPreview ?? mediaUrl(view.chat, server.bannerUrl);
  const pick = (kind: 'icon' | 'banner') => (event: Event) => {
    state.choose(kind, (event.target as HTMLInputElement).files?.[0]);
    state.saved = false;
    view.requestUpdate();
  };
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const text = (name: string) => fieldText(form, name);
    const done = await view.attempt(async () => {
      await view.admin.update({
        name: text('name'),
        description: text('description'),
        categoryId: text('categoryId'),
        visibility: text('visibility') === 'private' ? 'private' : 'public',
      });
      if (state.icon) await view.admin.setIcon(state.icon);
      if (state.banner) await view.admin.setBanner(state.banner);
    });
    if (done) {
      state.choose('icon', undefined);
      state.choose('banner', undefined);
    }
    state.saved = done;
    view.requestUpdate();
  };
  return html`<form class="stack" part="overview" @submit=${save}>
    <label>${t('name')}<input name="name" required maxlength="100" .value=${server.name} /></label>
    <label>${t('description')}<textarea name="description" rows="3" maxlength="1000" .value=${server.description}></textarea></label>
    <label
      >${t('category')}
      <select name="categoryId">
        ${categories.map(
          (category) => html`<option value=${category.id} ?selected=${category.id === server.categoryId}>${category.name}</option>`,
        )}
        ${categories.length === 0 ? html`<option value=${server.categoryId} selected>${server.categoryId}</option>` : nothing}
      </select></label
    >
    <fieldset>
      <legend>${t('visibility')}</legend>
      <label class="row"
        ><input type="radio" name="visibility" value="public" ?checked=${server.visibility === 'public'} />${t('public')}</label
      >
      <label class="row"
        ><input type="radio" name="visibility" value="private" ?checked=${server.visibility === 'private'} />${t('private')}</label
      >
    </fieldset>
    <div class="row">
      ${icon ? html`<img part="icon-preview" class="preview" src=${icon} alt="" />` : nothing}
      <label
        >${t('icon')}<input part="icon-input" type="file" accept="image/png,image/jpeg,image/webp,image/gif" @change=${pick('icon')}
      /></label>
    </div>
    ${banner ? html`<img part="banner-preview" class="banner-preview" src=${banner} alt="" />` : nothing}
    <label
      >${t('banner')}<input part="banner-input" type="file" accept="image/png,image/jpeg,image/webp,image/gif" @change=${pick('banner')}
    /></label>
    <div class="actions">
      <span role="status" class="muted">${state.saved ? t('saved') : ''}</span>
      <button part="save" class="primary" type="submit">${t('save')}</button>
    </div>
  </form>`;
}
