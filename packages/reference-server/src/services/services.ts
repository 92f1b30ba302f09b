import path from 'node:path';
import type { Storage } from '../storage/types.js';
import { type AuthOptions, type AuthService, createAuthService } from './auth-service.js';
import { CommunityService } from './community-service.js';
import { MediaService } from './media-service.js';
import { MessageService } from './message-service.js';
import { ReadStateService } from './read-state-service.js';

/** Options of the services: who may sign in, where media is kept, and their limits. */
export interface ServicesOptions extends AuthOptions {
  /** The most missed messages a subscribe hands back; the rest is paged over REST. */
  missedLimit: number;
  /** The largest icon or banner, in bytes. */
  maxUploadBytes: number;
  /** Widest and tallest an icon or banner may be, in pixels. */
  maxImageSide: number;
}

/** Every use case, wired to one storage. */
export interface Services {
  auth: AuthService;
  community: CommunityService;
  messages: MessageService;
  media: MediaService;
  readStates: ReadStateService;
}

/** Builds the services of one server. */
export function createServices(options: ServicesOptions, storage: Storage): Services {
  const community = new CommunityService(storage);
  const messages = new MessageService(storage, options.missedLimit);
  return {
    auth: createAuthService(options),
    community,
    messages,
    readStates: new ReadStateService(storage, messages),
    media: new MediaService(storage, community, path.join(options.dataDir, 'media'), {
      maxBytes: options.maxUploadBytes,
      maxSide: options.maxImageSide,
    }),
  };
}
