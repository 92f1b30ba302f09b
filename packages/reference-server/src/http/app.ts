import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import type { Logger } from 'pino';
import type { Delivery } from '../delivery/delivery.js';
import type { Services } from '../services/services.js';
import { ChatError, ErrorCode } from '../services/chat-error.js';
import { MEDIA_PATH } from '../services/media-service.js';
import { KeyedBuckets } from '../rate-limit/keyed-buckets.js';
import { authenticate, userOf } from './authenticate.js';
import { cors } from './cors.js';
import { rejectMalformedPath } from './malformed-path.js';
import { OPENAPI_FILE } from './openapi-file.js';
import type { OriginPolicy } from './origin-policy.js';
import { methodNotAllowed, notFound, problemHandler } from './problem.js';
import { apiDocs } from './api-docs.js';
import { docsSecurityPolicy, securityHeaders } from './security-headers.js';
import { staticFiles } from './static-files.js';
import { UPLOAD_PATH, attachmentsRouter } from './routes/attachments.js';
import { authRouter } from './routes/auth.js';
import { categoriesRouter } from './routes/categories.js';
import { channelsRouter } from './routes/channels.js';
import { invitesRouter } from './routes/invites.js';
import { meRouter } from './routes/me.js';
import { moderationRouter } from './routes/moderation.js';
import { searchRouter } from './routes/search.js';
import { serversRouter } from './routes/servers.js';

const DEMO_MEDIA_DIR = new URL('../demo/media/', import.meta.url);
const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** Options of the HTTP side. */
export interface AppOptions {
  /** Express's `trust proxy`: which proxies' `X-Forwarded-For` to believe. */
  trustProxy: string | number | undefined;
  /** A directory served at `/`; a landing page when undefined. */
  staticDir: string | undefined;
  /** Writes (POST, PUT, PATCH, DELETE) one user may make per minute. */
  httpWritesPerMinute: number;
  /** The largest icon or banner, in bytes. */
  maxUploadBytes: number;
  /** The largest file on a message, in bytes. */
  maxAttachmentBytes: number;
  /** Who may frame the pages this server serves (CSP `frame-ancestors` sources). */
  frameAncestors: string[];
}

/** What the HTTP side needs. */
export interface AppDependencies {
  options: AppOptions;
  services: Services;
  delivery: Pick<Delivery, 'post' | 'edit' | 'delete' | 'react' | 'markRead' | 'readStatesOf' | 'onlineIn'>;
  origins: OriginPolicy;
  log: Logger;
}

const LANDING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hearth</title></head>
<body><h1>Hearth</h1><p>The server is running. See the <a href="/api/docs">API docs</a>,
the <a href="/api/openapi.yaml">OpenAPI contract</a> and <a href="/healthz">health</a>.</p></body></html>`;

/**
 * The Express app: health, docs, the `/api` routes behind bearer auth, media, the page at `/`, and
 * the problem+json handler last.
 */
export function createApp({ options, services, delivery, origins, log }: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  app.use(securityHeaders(options.frameAncestors));
  app.use(rejectMalformedPath);

  app
    .route('/healthz')
    .get((_req, res) => {
      res.json({ status: 'ok' });
    })
    .all(methodNotAllowed(['GET']));

  app.use(cors(origins, log));

  app
    .route('/api/openapi.yaml')
    .get((_req, res) => {
      res.type('application/yaml').sendFile(OPENAPI_FILE, { acceptRanges: false });
    })
    .all(methodNotAllowed(['GET']));
  app.use('/api/docs', docsSecurityPolicy(options.frameAncestors), apiDocs());

  const writes = new KeyedBuckets(options.httpWritesPerMinute / 60, Math.max(1, options.httpWritesPerMinute / 2));
  const api = Router();
  const json = express.json({ limit: '32kb' });
  // An upload is raw bytes with a limit of its own, whatever Content-Type it claims: its route parses it.
  api.use((req, res, next) => (UPLOAD_PATH.test(req.path) ? next() : json(req, res, next)));
  api.use(authRouter(services.auth));
  api.use(authenticate(services.auth));
  api.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const retryAfterMs = writes.take(userOf(res).id);
    if (retryAfterMs > 0) return next(new ChatError(ErrorCode.rateLimited, 'too many writes; slow down', { retryAfterMs }));
    next();
  });
  api.use(categoriesRouter(services.community));
  api.use(serversRouter(services.community, services.media, delivery, options.maxUploadBytes));
  api.use(moderationRouter(services.community, services.moderation, services.audit, delivery));
  api.use(invitesRouter(services.invites));
  api.use(channelsRouter(services.messages, delivery));
  api.use(attachmentsRouter(services.attachments, options.maxAttachmentBytes));
  api.use(meRouter(delivery));
  api.use(searchRouter(services.search));
  api.use(notFound);
  app.use('/api', api);

  // Icons and banners are small: whole files only, so no range request can go wrong.
  const mediaHeaders = { acceptRanges: false, immutable: true, maxAge: YEAR_SECONDS * 1000, index: false, dotfiles: 'deny' } as const;
  app.use(`${MEDIA_PATH}/demo`, express.static(fileURLToPath(DEMO_MEDIA_DIR), mediaHeaders));
  app.use(MEDIA_PATH, express.static(services.media.directory, mediaHeaders));

  if (options.staticDir) {
    app.use(staticFiles(options.staticDir));
  } else {
    app
      .route('/')
      .get((_req, res) => {
        res.type('html').send(LANDING_PAGE);
      })
      .all(methodNotAllowed(['GET']));
  }

  app.use(notFound);
  app.use(problemHandler(log));
  return app;
}
