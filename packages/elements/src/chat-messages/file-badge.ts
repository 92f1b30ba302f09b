import { css, html } from 'lit';

/** The family of a file's type, which gives its badge a colour. */
type FileKind = 'pdf' | 'archive' | 'image' | 'media' | 'text' | 'other';

/** A file's family, from the type the server recognised (or the browser gave a chosen file). */
function kindOf(contentType: string): FileKind {
  const type = contentType.split(';')[0]?.trim() ?? '';
  const family = type.split('/')[0];
  if (type === 'application/pdf') return 'pdf';
  if (/zip|tar|compressed|7z|rar/.test(type)) return 'archive';
  if (family === 'image') return 'image';
  if (family === 'audio' || family === 'video') return 'media';
  return family === 'text' ? 'text' : 'other';
}

/**
 * A file's badge, as file cards and the composer's tray show it: the extension of its name (or
 * its family) on a colour of its family. Decoration: the name beside it says what the file is.
 */
export function renderFileBadge(name: string, contentType: string) {
  const kind = kindOf(contentType);
  const label = /\.([a-z0-9]{1,4})$/i.exec(name)?.[1]?.toUpperCase() ?? (kind === 'pdf' ? 'PDF' : kind === 'text' ? 'TXT' : 'FILE');
  return html`<span class="badge ${kind}" aria-hidden="true">${label}</span>`;
}

/** The badges' styles, adopted by the code that shows them. */
export const fileBadgeStyles = css`
  .badge {
    flex: none;
    display: grid;
    place-items: center;
    width: 36px;
    height: 40px;
    border-radius: 4px;
    background: var(--_badge, #4752c4);
    color: #fff;
    font-size: 0.62rem;
    font-weight: 700;
    letter-spacing: 0.02em;
  }
  .badge.pdf {
    --_badge: #c62828;
  }
  .badge.archive {
    --_badge: #8d5a00;
  }
  .badge.text {
    --_badge: #4e5058;
  }
  .badge.media,
  .badge.image {
    --_badge: #1f7a4c;
  }
`;
