import { type RequestHandler, Router } from 'express';

/**
 * Swagger UI for the REST contract, served under `/api/docs`. Its package is loaded on the first
 * request for it, not at start: it is large, and a server whose docs nobody opens should neither
 * start slower nor hold more memory for them.
 */
export function apiDocs(): RequestHandler {
  let docs: Promise<Router> | undefined;
  return (req, res, next) => {
    docs ??= import('swagger-ui-express').then(({ default: swaggerUi }) =>
      Router().use(swaggerUi.serve, swaggerUi.setup(undefined, { swaggerOptions: { url: '/api/openapi.yaml' } })),
    );
    docs.then((router) => router(req, res, next), next);
  };
}
