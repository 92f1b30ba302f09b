import { fileURLToPath } from 'node:url';

/**
 * The REST contract served at `/api/openapi.yaml`. The compiled server reads the copy its build put
 * beside it (`dist/openapi.yaml`, shipped in the package); run from its TypeScript sources, which
 * only happens in the repository, it reads the repository's own `openapi.yaml`.
 */
export const OPENAPI_FILE = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../../../openapi.yaml' : '../openapi.yaml', import.meta.url),
);
