import type { ChatClient } from '@hearth/sdk';
import { fetchAttachment } from '@hearth/sdk/attachments';
import type { Attachment } from '@hearth/sdk/protocol';

/**
 * The `blob:` URLs of files' bytes, by attachment id: a file's URL needs the user's token, which an
 * `<img>` cannot send, so its bytes are fetched (once, however many show it) and shown from a
 * `blob:` URL, revoked when the last that shows it lets go (its row leaves the list or the page).
 */
/** One file's URL: how many show it, the URL once made. */
interface Entry {
  users: number;
  url: Promise<string>;
  made?: string;
}

class AttachmentBlobs {
  private readonly entries = new Map<string, Entry>();

  /** The file's `blob:` URL, fetched on the first ask; each ask is one more user until {@link release}. */
  acquire(chat: ChatClient | undefined, attachment: Attachment): Promise<string> {
    const { id } = attachment;
    let entry = this.entries.get(id);
    if (!entry) {
      const created: Entry = (entry = { users: 0, url: Promise.resolve('') });
      created.url = chat
        ? fetchAttachment(chat, attachment).then((blob) => (created.made = URL.createObjectURL(blob)))
        : Promise.reject(new Error('No client to fetch the file with.'));
      this.entries.set(id, created);
      // A failed fetch is asked again by the next that shows the file.
      created.url.catch(() => this.entries.get(id) === created && this.entries.delete(id));
    }
    entry.users++;
    return entry.url;
  }

  /** One user of the file's URL lets go; the last one revokes it (at once when it is made, else once it is). */
  release(id: string): void {
    const entry = this.entries.get(id);
    if (!entry || --entry.users > 0) return;
    this.entries.delete(id);
    if (entry.made) URL.revokeObjectURL(entry.made);
    else entry.url.then(URL.revokeObjectURL, () => {});
  }
}

/** The page's one set of attachment URLs, shared by every element that shows files. */
export const attachmentBlobs = new AttachmentBlobs();
