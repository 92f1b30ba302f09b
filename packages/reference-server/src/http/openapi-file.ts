import { fileURLToPath } from 'node:url';

/** The REST contract served at `/api/openapi.yaml`: the repository's `openapi.yaml`. */
export const OPENAPI_FILE = fileURLToPath(new URL('../../../../openapi.yaml', import.meta.url));
