import type { RequestHandler } from 'express';
import helmet, { contentSecurityPolicy } from 'helmet';

/**
 * The policy of every page this server serves (the drop-in page, the landing page): scripts,
 * stylesheets, fonts and connections from this origin only, no inline script and no `<style>`
 * element. Lit adopts constructed stylesheets, which `style-src` does not govern. The one inline
 * thing the elements need is the style attribute, which they bind (the message list's spacers,
 * whose heights change with every scroll, so no hash can name them; an avatar's colour), hence `style-src-attr 'unsafe-inline'`, which lets no script run. Images may also come
 * from `https:` (avatars are URLs on the host site), `data:`, and `blob:` (the preview of an icon
 * or banner chosen for upload, before it is sent). `connect-src 'self'` covers the
 * socket too (`ws:`/`wss:` on the same host and port).
 */
function pageDirectives(frameAncestors: readonly string[]) {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    styleSrcAttr: ["'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: [...frameAncestors],
  };
}

/**
 * Security headers on every response, by helmet: `X-Content-Type-Options: nosniff`,
 * `Referrer-Policy: no-referrer`, the page's Content-Security-Policy with `frame-ancestors` from
 * `HEARTH_FRAME_ANCESTORS`, and `X-Frame-Options` for older browsers when it can say the same
 * (`'self'` or `'none'` alone). Left to the operator's proxy: HSTS and upgrading requests to
 * HTTPS, since only it knows whether the site is served over TLS. Resources may be loaded
 * cross-origin: host sites show `/media/` icons with `<img>`, and CORS still guards the API.
 */
export function securityHeaders(frameAncestors: readonly string[]): RequestHandler {
  const only = frameAncestors.length === 1 ? frameAncestors[0] : undefined;
  const frameOptions = only === "'self'" ? ({ action: 'sameorigin' } as const) : only === "'none'" ? ({ action: 'deny' } as const) : false;
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: pageDirectives(frameAncestors) },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    xFrameOptions: frameOptions,
  });
}

/**
 * The API docs' policy: the page's, except that swagger-ui's own markup carries inline styles,
 * so `style-src` allows them there (styles cannot run script). Scripts stay `'self'` only.
 */
export function docsSecurityPolicy(frameAncestors: readonly string[]): RequestHandler {
  const directives = pageDirectives(frameAncestors);
  return contentSecurityPolicy({ useDefaults: false, directives: { ...directives, styleSrc: ["'self'", "'unsafe-inline'"] } });
}
