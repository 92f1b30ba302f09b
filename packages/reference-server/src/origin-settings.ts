import { z } from 'zod';

/**
 * `HEARTH_ORIGINS`, once split at its commas: browser origins as the `Origin` header spells them,
 * or `*`. A bare `example.com` would never match an `Origin`, so it is refused at start rather
 * than silently allowing nothing.
 */
export const originsSetting = z.array(z.string()).check((ctx) => {
  for (const origin of ctx.value) {
    if (origin !== '*' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(origin)) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `${JSON.stringify(origin)} has no scheme; write it as https://${origin}`,
      });
    }
  }
});

const KEYWORD = /^'?(self|none)'?$/;
const SOURCE = /^'(self|none)'$|^[a-z][a-z0-9+.-]*:(\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:(\d+|\*))?)?$/i;

/**
 * `HEARTH_FRAME_ANCESTORS`: the CSP `frame-ancestors` sources, separated by spaces or commas:
 * `self` and `none` (quoted or not), origins with a scheme (a `*.` subdomain wildcard and a port
 * allowed) or a bare scheme such as `https:`. Anything else could end the directive and start
 * another, so it is refused.
 */
export const frameAncestorsSetting = z
  .string()
  .transform((value) =>
    value
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((source) => (KEYWORD.test(source) ? `'${source.replaceAll("'", '')}'` : source)),
  )
  .check((ctx) => {
    for (const source of ctx.value) {
      if (!SOURCE.test(source)) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `${JSON.stringify(source)} is not 'self', 'none' or an origin such as https://www.example.com`,
        });
      }
    }
  });
