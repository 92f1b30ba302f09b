// The protocol's limits as plain values, importable without the zod schemas of frames.ts.

/** The longest message content, in UTF-16 code units, that a server accepts. */
export const MAX_CONTENT_LENGTH = 4000;

/** The longest `clientId` a client may choose for a send. */
export const MAX_CLIENT_ID_LENGTH = 64;

/** The most distinct emoji one message may carry as reactions. */
export const MAX_DISTINCT_REACTIONS = 20;

/** The most users one message may mention; mentions past it stay plain text. */
export const MAX_MENTIONS = 20;

/** The longest excerpt of the original message that a reply quotes, in UTF-16 code units. */
export const MAX_EXCERPT_LENGTH = 120;

/**
 * How a mention is written in message content: `<@USER_ID>`. The server resolves the ids of the
 * server's members into `message.mentions`; any other id stays plain text.
 */
export const MENTION_PATTERN = /<@([\w-]{1,64})>/g;

/** The most files one message may carry. */
export const MAX_ATTACHMENTS = 10;

/** The longest attachment file name kept, in UTF-16 code units; longer names are cut. */
export const MAX_ATTACHMENT_NAME_LENGTH = 200;

/** The longest search query, filters included, in UTF-16 code units. */
export const MAX_SEARCH_QUERY_LENGTH = 256;

/**
 * The most users a `presence` frame names. Its `count` says how many have the channel open; the
 * list names the first of them to come (sorted by name), so it stays put while others come and go.
 */
export const MAX_PRESENCE_USERS = 50;
