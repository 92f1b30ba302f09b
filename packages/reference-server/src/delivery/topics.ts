/**
 * The fan-out topics beside the channels' own (a channel's topic is its id): a server's, for the
 * activity and online members of its channels, and a user's, for their read positions and
 * memberships. Channel ids never start with these prefixes, so no topic is mistaken for a channel's.
 */
export const serverTopic = (serverId: string): string => `server:${serverId}`;

/** The topic of a user's own events (see {@link serverTopic}). */
export const userTopic = (userId: string): string => `user:${userId}`;
