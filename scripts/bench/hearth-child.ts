/**
 * Child entry point of Hearth under test: the whole reference server (auth, validation, SQLite
 * with ack-after-commit, fan-out), configured only by the settings the bench hands it. The bench
 * runs it compiled (see `compile-children.ts`): `@hearth/reference-server` is then the built server.
 */
import { loadConfig, startServer } from '@hearth/reference-server';
import { HEARTH_SETTINGS_VARIABLE, serveAsChild } from './child-protocol.js';

const settings = JSON.parse(process.env[HEARTH_SETTINGS_VARIABLE] ?? '{}') as Record<string, string>;
await serveAsChild(() => startServer(loadConfig(settings)));
