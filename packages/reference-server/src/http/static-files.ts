import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import express, { type RequestHandler, Router } from 'express';

const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** Text files worth compressing, by extension, with the type to serve them as. */
const COMPRESSIBLE: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Files whose name ends in a hash of their content, as esbuild writes it (the standalone bundle's
 * `hearth-elements-NAME-HASH.js` chunks): a new build gives new names, so a browser may keep them
 * for a year without asking.
 */
const CONTENT_NAMED = /-[A-Z2-7]{8}\.(?:js|css)$/;

const compressBrotli = promisify(brotliCompress);
const compressGzip = promisify(gzip);

/** One file as served: its bytes in each encoding and its validator, for as long as it is unchanged on disk. */
interface Prepared {
  mtimeMs: number;
  size: number;
  type: string;
  etag: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

/** Every answer for a file says how long it may be kept: a year for content-named files, else revalidate each time. */
function cacheControl(file: string): string {
  return CONTENT_NAMED.test(file) ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache';
}

/**
 * Serves a directory (the page and the standalone bundle) with text files compressed once, as
 * brotli or gzip as the browser accepts, cached in memory until the file changes on disk, with a
 * strong `ETag` (a `304` for a matching `If-None-Match`) and `Cache-Control` by name. Other files
 * go to `express.static` with the same caching rules.
 */
export function staticFiles(directory: string): RequestHandler {
  const root = path.resolve(directory);
  const prepared = new Map<string, Promise<Prepared>>();

  async function prepare(file: string, mtimeMs: number, size: number): Promise<Prepared> {
    const identity = await readFile(file);
    const [br, gz] = await Promise.all([
      compressBrotli(identity, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: size } }),
      compressGzip(identity, { level: 9 }),
    ]);
    const etag = createHash('sha256').update(identity).digest('base64url').slice(0, 27);
    return { mtimeMs, size, type: COMPRESSIBLE[path.extname(file)] ?? 'application/octet-stream', etag, identity, br, gzip: gz };
  }

  /** The file a request path names inside the directory, or undefined when it names none (or a dotfile). */
  function resolve(requestPath: string): string | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(requestPath);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
    const file = path.resolve(root, `.${relative}`);
    if (!file.startsWith(root + path.sep)) return undefined;
    if (
      path
        .relative(root, file)
        .split(path.sep)
        .some((part) => part.startsWith('.'))
    )
      return undefined;
    return file;
  }

  const compressed: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const file = resolve(req.path);
    if (!file || !(path.extname(file) in COMPRESSIBLE)) return next();
    void (async () => {
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) return next();
      const held = await prepared.get(file)?.catch(() => undefined);
      let entry = held && held.mtimeMs === info.mtimeMs && held.size === info.size ? held : undefined;
      if (!entry) {
        const preparing = prepare(file, info.mtimeMs, info.size);
        prepared.set(file, preparing);
        preparing.catch(() => prepared.delete(file));
        entry = await preparing;
      }
      const { type, etag, identity, br, gzip: gz } = entry;
      // Brotli whenever accepted at all: browsers list it last, after gzip, at the same weight.
      const accepted = req.acceptsEncodings();
      const encoding = accepted.includes('br') ? 'br' : accepted.includes('gzip') ? 'gzip' : 'identity';
      const [body, suffix] = encoding === 'br' ? [br, '-br'] : encoding === 'gzip' ? [gz, '-gz'] : [identity, ''];
      const tag = `"${etag}${suffix}"`;
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader('Cache-Control', cacheControl(file));
      res.setHeader('ETag', tag);
      const asked = req.get('if-none-match');
      // Any encoding of the same bytes is the same file to the client that holds one of them.
      if (
        asked &&
        asked.split(',').some(
          (candidate) =>
            candidate
              .trim()
              .replace(/^W\//, '')
              .replace(/-(?:br|gz)"$/, '"') === `"${etag}"`,
        )
      ) {
        res.status(304).end();
        return;
      }
      res.setHeader('Content-Type', type);
      if (suffix) res.setHeader('Content-Encoding', encoding);
      res.setHeader('Content-Length', body.byteLength);
      if (req.method === 'HEAD') res.end();
      else res.end(body);
    })().catch(next);
  };

  const router = Router();
  router.use(compressed);
  router.use(
    express.static(root, {
      index: 'index.html',
      setHeaders: (res, file) => res.setHeader('Cache-Control', cacheControl(file)),
    }),
  );
  return router;
}
