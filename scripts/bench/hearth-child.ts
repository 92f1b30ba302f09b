/**
 * Child entry point of Hearth under test: the whole reference server (auth, validation, SQLite
 * with ack-after-commit, fan-out), configured only by the settings the bench hands it.
 */
import { loadConfig, startServer } from '../../packages/reference-server/src/index.js';
import { HEARTH_SETTINGS_VARIABLE, serveAsChild } from './child-protocol.js';

const settings = JSON.parse(process.env[HEARTH_SETTINGS_VARIABLE] ?? '{}') as Record<string, string>;
await serveAsChild(() => startServer(loadConfig(settings)));
