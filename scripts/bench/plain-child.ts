/**
 * Child entry point of the plain `ws` baseline: the bench forks this so the baseline's CPU time is
 * its own and not the load generator's.
 */
import { serveAsChild } from './child-protocol.js';
import { startPlainServer } from './plain-server.js';

await serveAsChild(() => startPlainServer({ host: '127.0.0.1', port: 0 }));
