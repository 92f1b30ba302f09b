import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Server, User } from '../domain/types.js';
import type { Storage } from '../storage/types.js';
import type { AuditLog } from './audit-log.js';
import { ChatError, ErrorCode } from './chat-error.js';
import type { CommunityService } from './community-service.js';
import type { ServerAccess } from './server-access.js';
import { readImageHeader } from './image-type.js';

/** Where uploaded media is served from. */
export const MEDIA_PATH = '/media';

/**
 * Server icons and banners: checked by their bytes, stored content-addressed under the data
 * directory (so a URL never changes meaning and can be cached for good), served under `/media/`.
 * Setting one takes an admin; it is audited and the server's members hear of it.
 */
export class MediaService {
  constructor(
    private readonly storage: Storage,
    private readonly access: ServerAccess,
    private readonly audit: AuditLog,
    private readonly community: Pick<CommunityService, 'announce'>,
    readonly directory: string,
    private readonly limits: { maxBytes: number; maxSide: number },
  ) {}

  async setServerImage(user: User, serverId: string, kind: 'icon' | 'banner', bytes: Uint8Array): Promise<Server> {
    await this.access.require(user, serverId, 'manageServer');
    if (bytes.length === 0) throw new ChatError(ErrorCode.invalidInput, 'the image is empty', { field: 'body' });
    const { maxBytes, maxSide } = this.limits;
    if (bytes.length > maxBytes) {
      throw new ChatError(ErrorCode.payloadTooLarge, `images may be at most ${maxBytes} bytes`);
    }
    const header = readImageHeader(bytes);
    if (!header) {
      throw new ChatError(
        ErrorCode.unsupportedMediaType,
        'only PNG, JPEG, WebP and GIF images are accepted, with a header that declares their dimensions',
        { field: 'body' },
      );
    }
    // A few kilobytes can declare a picture of billions of pixels; whoever shows it would decode them all.
    const { type, width, height } = header;
    if (width > maxSide || height > maxSide) {
      const limit = `icons and banners may be at most ${maxSide}×${maxSide}`;
      throw new ChatError(ErrorCode.payloadTooLarge, `the image is ${width}×${height} pixels; ${limit}`, { field: 'body' });
    }
    const name = `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.${type}`;
    await mkdir(this.directory, { recursive: true });
    await writeFile(path.join(this.directory, name), bytes);
    const url = `${MEDIA_PATH}/${name}`;
    await this.storage.servers.setImage(serverId, kind, url);
    const server = await this.community.announce(serverId);
    await this.audit.record({
      actor: user,
      serverId,
      action: kind === 'icon' ? 'server_icon' : 'server_banner',
      target: { kind: 'server', id: serverId, label: server.name },
      details: { url },
    });
    return server;
  }
}
