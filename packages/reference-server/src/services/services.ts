import type { Config } from '../config.js';
import type { Fanout } from '../fanout/types.js';
import type { Storage } from '../storage/types.js';
import path from 'node:path';
import { type AuthService, createAuthService } from './auth-service.js';
import { CommunityService } from './community-service.js';
import { MediaService } from './media-service.js';
import { MessageService } from './message-service.js';

/** Every use case, wired to one storage and one fan-out. */
export interface Services {
  auth: AuthService;
  community: CommunityService;
  messages: MessageService;
  media: MediaService;
}

/** Builds the services of one server. */
export function createServices(config: Config, storage: Storage, fanout: Fanout): Services {
  const community = new CommunityService(storage);
  return {
    auth: createAuthService(config),
    community,
    messages: new MessageService(storage, fanout, config.limits.missedLimit),
    media: new MediaService(storage, community, path.join(config.dataDir, 'media'), {
      maxBytes: config.limits.maxUploadBytes,
      maxSide: config.limits.maxImageSide,
    }),
  };
}
