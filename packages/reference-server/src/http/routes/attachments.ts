import express, { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { StoredAttachment } from '../../domain/types.js';
import { compressedBody, tooLarge } from '../../services/attachment-refusals.js';
import type { AttachmentService } from '../../services/attachment-service.js';
import { userOf } from '../authenticate.js';
import { parse } from '../parse.js';
import { methodNotAllowed } from '../problem.js';

/** The path of uploads, which the JSON parser leaves to this router's raw one. */
export const UPLOAD_PATH = /^\/channels\/[^/]+\/attachments\/?$/;

const uploadQuery = z.strictObject({ name: z.string({ error: 'give the file name' }).max(1000, 'at most 1000 characters') });

/** Whether `If-None-Match` names this entity tag (or any, `*`). */
function matchesTag(ifNoneMatch: string | undefined, tag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const trimmed = candidate.trim();
    return trimmed === '*' || trimmed === tag || trimmed === `W/${tag}`;
  });
}

/** `filename="…"` with what ASCII can say, and `filename*` with the exact name (RFC 6266). */
function dispositionOf(attachment: StoredAttachment): string {
  const inline = attachment.contentType.startsWith('image/');
  const fallback = attachment.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const exact = encodeURIComponent(attachment.name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${exact}`;
}

/**
 * Files on messages: upload to a channel (the raw body, as the client's own bytes), fetch, and
 * remove before sending. Every file is served as a document that can do nothing: `nosniff`, a
 * sandboxing CSP with no sources, and a download unless it is an image.
 */
export function attachmentsRouter(attachments: AttachmentService, maxBytes: number): Router {
  const router = Router();
  // One byte over the limit is enough to know a body is too large; inflate is off so that a
  // compressed body is refused rather than expanded.
  const raw = express.raw({ type: () => true, limit: maxBytes + 1, inflate: false });
  const rawBody: RequestHandler = (req, res, next) => {
    const encoding = req.get('content-encoding');
    if (encoding !== undefined && !/^\s*identity\s*$/i.test(encoding)) return next(compressedBody());
    raw(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') return next(tooLarge(maxBytes));
      next(error);
    });
  };

  router
    .route('/channels/:id/attachments')
    .post(rawBody, async (req, res) => {
      const query = parse(uploadQuery, req.query);
      const body: unknown = req.body;
      const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      const attachment = await attachments.upload(userOf(res), req.params.id, query.name, bytes, req.get('content-encoding'));
      res.status(201).json(attachment);
    })
    .all(methodNotAllowed(['POST']));

  router
    .route('/attachments/:id')
    .get(async (req, res) => {
      const attachment = await attachments.describe(userOf(res), req.params.id);
      const tag = `"${attachment.id}"`;
      res.setHeader('ETag', tag);
      res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      if (matchesTag(req.get('if-none-match'), tag)) {
        res.status(304).end();
        return;
      }
      const { blob } = await attachments.download(userOf(res), req.params.id);
      res.setHeader('Content-Type', attachment.contentType);
      res.setHeader('Content-Disposition', dispositionOf(attachment));
      res.setHeader('Content-Length', String(blob.size));
      if (req.method === 'HEAD') {
        blob.stream.destroy();
        res.end();
        return;
      }
      blob.stream.on('error', () => res.destroy());
      blob.stream.pipe(res);
    })
    .delete(async (req, res) => {
      await attachments.remove(userOf(res), req.params.id);
      res.status(204).end();
    })
    .all(methodNotAllowed(['GET', 'DELETE']));
  return router;
}
