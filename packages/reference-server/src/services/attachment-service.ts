import type { BlobStore, StoredBlob } from '../blobs/blob-store.js';
import { newId } from '../domain/ids.js';
import type { Attachment, StoredAttachment, User } from '../domain/types.js';
import type { Storage } from '../storage/types.js';
import { cleanAttachmentName } from './attachment-name.js';
import { compressedBody, tooLarge, unknownAttachment } from './attachment-refusals.js';
import { ChatError, ErrorCode } from './chat-error.js';
import { sniffFileType } from './file-type.js';
import { IMAGE_MEDIA_TYPES, detectImageType, readImageHeader } from './image-type.js';
import type { MessageService } from './message-service.js';
import { unknownChannel } from './server-access.js';
import { isStorable } from './text-rules.js';

/**
 * The most uploads one user may hold that no message carries yet; one more is `rate_limited`
 * until they send or remove some (or the sweeper removes them).
 */
export const MAX_PENDING_UPLOADS = 50;

/** Limits of {@link AttachmentService}. */
export interface AttachmentLimits {
  /** The largest file, in bytes. */
  maxBytes: number;
  /** Most pixels (width × height) an image may declare. */
  maxImagePixels: number;
}

/** A file as a reader gets it: what it is, and its bytes. */
export interface AttachmentDownload {
  attachment: StoredAttachment;
  blob: StoredBlob;
}

/** A file's type and, for an image, its size in pixels. */
interface Recognised {
  contentType: string;
  width: number | null;
  height: number | null;
}

/**
 * Files on messages: uploaded to a channel by someone who may post there, kept pending until a
 * send names them (see `MessageService.admit`), readable by whoever can read the channel once
 * sent. The type is told from the bytes; only PNG, JPEG, WebP and GIF images, measured from their
 * header, are images.
 */
export class AttachmentService {
  constructor(
    private readonly storage: Storage,
    private readonly messages: Pick<MessageService, 'requirePoster' | 'requireReadable'>,
    private readonly blobs: BlobStore,
    private readonly limits: AttachmentLimits,
  ) {}

  /**
   * Stores a file as a pending upload of `user` to the channel. `contentEncoding` is the request's
   * `Content-Encoding`: anything but identity is refused, since inflating an upload is how a small
   * request becomes a huge file.
   */
  async upload(user: User, channelId: string, name: unknown, bytes: Uint8Array, contentEncoding?: string): Promise<Attachment> {
    const { channel } = await this.messages.requirePoster(user, channelId);
    if (contentEncoding !== undefined && !/^\s*identity\s*$/i.test(contentEncoding)) throw compressedBody();
    const cleanName = cleanAttachmentName(name);
    if (bytes.length === 0) throw new ChatError(ErrorCode.invalidInput, 'the file is empty', { field: 'body' });
    if (bytes.length > this.limits.maxBytes) throw tooLarge(this.limits.maxBytes);
    const recognised = this.recognise(bytes);
    if ((await this.storage.attachments.pendingCount(user.id)) >= MAX_PENDING_UPLOADS) {
      throw new ChatError(
        ErrorCode.rateLimited,
        `you hold ${MAX_PENDING_UPLOADS} uploads that no message carries; send or remove some before uploading more`,
      );
    }
    const id = newId('a');
    await this.blobs.put(id, bytes);
    try {
      const stored = await this.storage.attachments.create({
        id,
        channelId,
        serverId: channel.serverId,
        uploaderId: user.id,
        name: cleanName,
        size: bytes.length,
        ...recognised,
      });
      return publicPart(stored);
    } catch (error) {
      // No row names the bytes: they would never be served nor swept.
      await this.blobs.delete(id).catch(() => undefined);
      // The channel was deleted since the check: the upload meets what a later one would.
      if (!(await this.storage.channels.get(channelId))) throw unknownChannel(channelId);
      throw error;
    }
  }

  /** Removes one of `user`'s uploads that no message carries yet, with its bytes. */
  async remove(user: User, id: string): Promise<void> {
    if (!isStorable(id)) throw unknownAttachment(id);
    const removed = await this.storage.attachments.removePending(id, user.id);
    if (!removed) throw unknownAttachment(id);
    await this.blobs.delete(removed.id);
  }

  /**
   * The file, if `user` may read it: its uploader while it is pending; once sent, whoever can read
   * its channel. Anyone else gets `unknown_attachment`, as for an id that does not exist, so the
   * answer never tells that a file exists.
   */
  async describe(user: User, id: string): Promise<StoredAttachment> {
    if (!isStorable(id)) throw unknownAttachment(id);
    const attachment = await this.storage.attachments.get(id);
    if (!attachment) throw unknownAttachment(id);
    if (attachment.messageId === null) {
      if (attachment.uploaderId !== user.id) throw unknownAttachment(id);
      return attachment;
    }
    try {
      await this.messages.requireReadable(user, attachment.channelId);
    } catch (error) {
      if (error instanceof ChatError) throw unknownAttachment(id);
      throw error;
    }
    return attachment;
  }

  /** The file and its bytes, if `user` may read it (see {@link describe}). */
  async download(user: User, id: string): Promise<AttachmentDownload> {
    const attachment = await this.describe(user, id);
    const blob = await this.blobs.get(attachment.id);
    if (!blob) throw unknownAttachment(id);
    return { attachment, blob };
  }

  /** The type of the bytes, and an image's size, refusing an image whose header cannot be read or that is too large. */
  private recognise(bytes: Uint8Array): Recognised {
    const type = detectImageType(bytes);
    if (type === undefined) return { contentType: sniffFileType(bytes), width: null, height: null };
    const header = readImageHeader(bytes);
    if (!header) {
      throw new ChatError(
        ErrorCode.unsupportedMediaType,
        `the file starts as a ${type.toUpperCase()} image but its header cannot be read`,
        {
          field: 'body',
        },
      );
    }
    // A few kilobytes can declare billions of pixels; every browser that shows it would decode them all.
    const { width, height } = header;
    if (width * height > this.limits.maxImagePixels) {
      throw new ChatError(
        ErrorCode.payloadTooLarge,
        `the image is ${width}×${height} (${width * height} pixels); images may have at most ${this.limits.maxImagePixels} pixels`,
        { field: 'body' },
      );
    }
    return { contentType: IMAGE_MEDIA_TYPES[header.type], width, height };
  }
}

/** A stored file as a message carries it. */
function publicPart(stored: StoredAttachment): Attachment {
  const { id, name, contentType, size, url, width, height } = stored;
  return { id, name, contentType, size, url, width: width ?? null, height: height ?? null };
}
