import path from 'node:path';
import type { BlobStore } from '../blobs/blob-store.js';
import { LocalBlobStore } from '../blobs/local-blob-store.js';
import { AttachmentService } from './attachment-service.js';
import type { Storage } from '../storage/types.js';
import { AuditLog } from './audit-log.js';
import { type AuthOptions, type AuthService, createAuthService } from './auth-service.js';
import { type CommunityEvents, SILENT_COMMUNITY_EVENTS } from './community-events.js';
import { CommunityService } from './community-service.js';
import { InviteService } from './invite-service.js';
import { MediaService } from './media-service.js';
import { MessageService } from './message-service.js';
import { ModerationService } from './moderation-service.js';
import { ReadStateService } from './read-state-service.js';
import { SearchService } from './search-service.js';
import { ServerAccess } from './server-access.js';

/** Options of the services: who may sign in, where media is kept, and their limits. */
export interface ServicesOptions extends AuthOptions {
  /** The most missed messages a subscribe hands back; the rest is paged over REST. */
  missedLimit: number;
  /** The largest icon or banner, in bytes. */
  maxUploadBytes: number;
  /** Widest and tallest an icon or banner may be, in pixels. */
  maxImageSide: number;
  /** Searches one user may make per minute. */
  searchesPerMinute: number;
  /** The largest file on a message, in bytes. */
  maxAttachmentBytes: number;
  /** Most pixels an image on a message may declare. */
  maxImagePixels: number;
}

/** Every use case, wired to one storage. */
export interface Services {
  auth: AuthService;
  community: CommunityService;
  moderation: ModerationService;
  invites: InviteService;
  audit: AuditLog;
  messages: MessageService;
  media: MediaService;
  readStates: ReadStateService;
  search: SearchService;
  attachments: AttachmentService;
  /** Where the bytes of files on messages are. */
  blobs: BlobStore;
}

/**
 * Builds the services of one server. `events` carries the changes of servers and members to the
 * live side (the delivery core's community broadcast); without it they reach no socket.
 */
export function createServices(options: ServicesOptions, storage: Storage, events: CommunityEvents = SILENT_COMMUNITY_EVENTS): Services {
  const access = new ServerAccess(storage);
  const audit = new AuditLog(storage, access);
  const blobs = new LocalBlobStore(path.join(options.dataDir, 'attachments'));
  const community = new CommunityService(storage, access, audit, events, blobs);
  const messages = new MessageService(storage, options.missedLimit, audit, Date.now, blobs);
  return {
    auth: createAuthService(options),
    community,
    moderation: new ModerationService(storage, access, audit, events),
    invites: new InviteService(storage, access, audit, events),
    audit,
    messages,
    readStates: new ReadStateService(storage, messages),
    search: new SearchService(storage, options.searchesPerMinute),
    attachments: new AttachmentService(storage, messages, blobs, {
      maxBytes: options.maxAttachmentBytes,
      maxImagePixels: options.maxImagePixels,
    }),
    blobs,
    media: new MediaService(storage, access, audit, community, path.join(options.dataDir, 'media'), {
      maxBytes: options.maxUploadBytes,
      maxSide: options.maxImageSide,
    }),
  };
}
