import { css } from 'lit';
import type { DirectiveResult } from 'lit/directive.js';
import { avatarPaletteStyles } from '../internal/avatar.styles.js';
import { DEFERRED_STRINGS } from '../internal/deferred-strings.js';
import { addStrings } from '../internal/strings.js';
import { exploreCardStyles } from './explore-card.js';
import { exploreFilterStyles } from './explore-filter.js';
import { type ExploreView, explorePage } from './explore-page.js';

addStrings(DEFERRED_STRINGS);

export type { ExploreView } from './explore-page.js';

/**
 * `<chat-app>`'s Explore view, as Discord's Discover: a search field, a category filter ("All" and
 * each category), and a grid of server cards (banner, icon, name, description, member count, Join)
 * that uses the width, one column in a narrow container. A card opens its server; Join joins it in
 * place. Its code (and its styles, adopted by `<chat-app>`'s shadow root) is fetched when Explore
 * first shows, beside the categories and servers it lists.
 */
export function renderExplore(view: ExploreView): DirectiveResult {
  return explorePage(view);
}

/** Explore's styles. */
export const exploreStyles = css`
  ${avatarPaletteStyles}
  ${exploreFilterStyles}
  ${exploreCardStyles}
  .explore {
    box-sizing: border-box;
    width: 100%;
    max-width: 1280px;
    padding: 24px 32px 32px;
  }
  .explore-header {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    justify-content: space-between;
    gap: 12px 24px;
    margin-bottom: 16px;
  }
  .explore-header h2 {
    margin: 0;
    font-size: 1.5rem;
  }
  .explore-intro {
    margin: 4px 0 0;
    color: var(--_fg-muted);
  }
  .explore-search {
    box-sizing: border-box;
    flex: 0 1 280px;
    min-width: 0;
    padding: 8px 12px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-rail);
    color: inherit;
    font: inherit;
  }
  .explore-grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(240px, 1fr));
    gap: 16px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .explore-empty {
    padding: 32px 16px;
    border: 1px dashed var(--_border);
    border-radius: 12px;
    color: var(--_fg-muted);
    text-align: center;
  }
  @container (max-width: 699px) {
    .explore {
      padding: 16px;
    }
    .explore-search {
      flex: 1 1 100%;
    }
  }
`;
