/**
 * `@hearth/reference-server`: start a Hearth server from code.
 *
 * @example
 * import { loadConfig, startServer } from '@hearth/reference-server';
 * const server = await startServer(loadConfig({ HEARTH_GUEST: '1', PORT: '0' }));
 *
 * @module
 */
export { ConfigError, loadConfig, type Config, type DatabaseConfig, type RedisConfig } from './config.js';
export { startServer, type ServerDependencies, type ServerHandle } from './server.js';
export type { Category, Channel, Membership, Message, Role, Server, User, Visibility } from './domain/types.js';
export type { Storage } from './storage/types.js';
export type { Fanout, ChannelEvent, ChannelListener, FanoutSubscription } from './fanout/types.js';
