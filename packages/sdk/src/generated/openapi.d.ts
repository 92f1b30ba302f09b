// Generated from openapi.yaml by scripts/generate.mjs. Do not edit; run `npm run generate`.

export interface paths {
    "/api/attachments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The attachment's id.
                 * @example a_Kd81nVq2ZpLm4Rt7
                 */
                id: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        /**
         * Fetch a file's bytes
         * @description The file, to a user who can read its channel (any signed-in user for a public server, its
         *     members for a private one), or to its uploader while no message carries it yet. Anyone else
         *     gets `404 unknown_attachment`, as for an id that does not exist: the URL alone grants
         *     nothing, and a browser fetches it with its bearer token and shows a `blob:` URL.
         *
         *     Images are served inline in their recognised type; every other file with `Content-Type:
         *     application/octet-stream` unless recognised (`application/pdf`, `text/plain`), always
         *     with `Content-Disposition: attachment` and its name. Every answer carries `nosniff` and
         *     `Content-Security-Policy: default-src 'none'; sandbox`, and is cached privately: a file
         *     never changes under its id.
         */
        get: operations["getAttachment"];
        put?: never;
        post?: never;
        /**
         * Remove an upload before it is sent
         * @description Removes one of the caller's uploads that no message carries yet, with its bytes. Another
         *     user's upload, one already sent, or an unknown id is `404 unknown_attachment`. A sent file
         *     goes with its message's delete.
         */
        delete: operations["removeUpload"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/guest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in as a guest
         * @description Issues a token for a chosen display name, valid for 12 hours, with a fresh user id
         *     (`g_…`). Only when guest mode is on (it is in the demo); otherwise `403 forbidden`. Public,
         *     and rate limited per client address.
         */
        post: operations["createGuestToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List categories
         * @description Every category, in display order.
         */
        get: operations["listCategories"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/channels/{channelId}/messages/{messageId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                channelId: components["schemas"]["Id"];
                /**
                 * @description The message's id.
                 * @example m_7ef_EsLr-Xm01J8s
                 */
                messageId: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        /**
         * Read one message
         * @description The message in its current state (a tombstone once deleted), `me` for the caller; readable
         *     by whoever can read the channel. A message of another channel, or an unknown id, is `404
         *     unknown_message`. Clients use it for a thread's root when their window does not hold it.
         */
        get: operations["getMessage"];
        put?: never;
        post?: never;
        /**
         * Delete a message
         * @description Deletes a message: the author may delete their own, a moderator, an admin or the owner any
         *     message of the server (`403 forbidden` otherwise; the audit log records `message_delete`
         *     when it is not the author's own). The message becomes a tombstone that keeps its `seq`:
         *     its content is removed from storage, `deleted` is true. The delete takes the channel's next
         *     `seq` (the tombstone's `version`) and reaches subscribers as a `changed` frame. An unknown
         *     or already deleted message, or one of another channel, is `404 unknown_message`.
         */
        delete: operations["deleteMessage"];
        options?: never;
        head?: never;
        /**
         * Edit a message
         * @description Replaces the content of one of the caller's own messages (`403 forbidden` for anyone
         *     else's). The content follows the rules of a new message. The edit takes the channel's next
         *     `seq`, which becomes the message's `version`; `editedAt` is set; subscribers receive a
         *     `changed` frame, and a client that was offline recovers the edit with `subscribe {afterSeq}`.
         *     An unknown or deleted message, or one of another channel, is `404 unknown_message`.
         */
        patch: operations["editMessage"];
        trace?: never;
    };
    "/api/channels/{channelId}/messages/{messageId}/reactions/{emoji}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                channelId: components["schemas"]["Id"];
                /**
                 * @description One Unicode emoji (one grapheme, a pictograph with its modifiers, or a flag), percent-encoded.
                 * @example %F0%9F%91%8D
                 */
                emoji: string;
                /**
                 * @description The message's id.
                 * @example m_7ef_EsLr-Xm01J8s
                 */
                messageId: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        /**
         * Who reacted with an emoji
         * @description The users who reacted to the message with this emoji, in the order they reacted, at most
         *     `limit` (default 3, capped at 100), and `count`, how many there are in all: enough for
         *     "Ada, Linus and 3 others". Readable by whoever can read the channel. An unknown or
         *     deleted message is `404 unknown_message`; an emoji nobody reacted with answers an empty
         *     list.
         */
        get: operations["listReactors"];
        /**
         * React to a message
         * @description Adds the caller's reaction with this emoji (members of the channel's server only). One
         *     reaction per user per emoji: adding it again changes nothing and answers the same. A
         *     reaction that changes the message takes the channel's next `seq` (the message's new
         *     `version`); subscribers receive a `changed` frame with the counts and the `reaction`. A
         *     message carries at most 20 distinct emoji: a 21st is `409 conflict`. Text, several emoji or
         *     an emoji with text after it are `400 invalid_input` naming `emoji`. An unknown or deleted
         *     message, or one of another channel, is `404 unknown_message`.
         */
        put: operations["addReaction"];
        post?: never;
        /**
         * Remove a reaction
         * @description Removes the caller's reaction with this emoji; removing one that is not there changes
         *     nothing and answers the same. A removal that changes the message takes the channel's next
         *     `seq`, like an addition.
         */
        delete: operations["removeReaction"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/channels/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                id: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a channel
         * @description Deletes the channel with its history (admins and the owner only); the last channel of a
         *     server cannot be deleted (`409 conflict`). Its subscribers receive
         *     `unsubscribed {reason: "deleted"}`, members `server_update`; the audit log records
         *     `channel_delete`.
         */
        delete: operations["deleteChannel"];
        options?: never;
        head?: never;
        /**
         * Rename a channel, change its topic or slow mode
         * @description Changes the fields given (admins and the owner only). A name the server has already is
         *     `409 conflict`; `slowModeSeconds` runs from 0 (off) to 21600. Members' sockets receive
         *     `server_update`; the audit log records `channel_update` with what changed.
         */
        patch: operations["updateChannel"];
        trace?: never;
    };
    "/api/channels/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The channel the file is for.
                 * @example c_hearth_general
                 */
                id: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a file to send in a channel
         * @description Stores the request body, the raw file (not multipart), as an upload of the caller's to this
         *     channel, to be named in a send within an hour (after that it is removed). Only a user who
         *     may post in the channel may upload to it (`403 not_member`, `banned`, `timed_out`). A user
         *     holds at most 50 uploads that no message carries yet: one more is `429 rate_limited` until
         *     they send or remove some.
         *
         *     The type is recognised from the bytes, whatever `Content-Type` or the name say: PNG, JPEG,
         *     WebP and GIF images are measured from their header (a signature with no readable header is
         *     `400 unsupported_media_type`; more pixels than the limit, 50 million by default
         *     (`HEARTH_MAX_IMAGE_PIXELS`), is `413 payload_too_large` with the image's size in `detail`,
         *     so a small file that declares a 30000×30000 picture reaches nobody's browser). Every other file, an SVG or HTML file
         *     included, is kept as a download. A body over the size limit (10 MiB by default,
         *     `HEARTH_MAX_ATTACHMENT_BYTES`) is `413`, an empty one `400 invalid_input`, and a compressed
         *     body (`Content-Encoding`) `400 unsupported_media_type`: the server never inflates uploads.
         */
        post: operations["uploadAttachment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/channels/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                id: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        /**
         * Page a channel's history
         * @description A page of the channel's messages, always oldest first (ascending `seq`), paged by `seq`:
         *
         *     - no cursor: the newest `limit` messages; `hasMore` tells whether older ones exist;
         *     - `before=SEQ`: the `limit` messages just before `SEQ` (page backwards); `hasMore`: older
         *       ones exist;
         *     - `after=SEQ`: the `limit` messages just after `SEQ` (fill a gap, catch up); `hasMore`:
         *       newer ones exist;
         *     - `around=SEQ`: the message with that `seq` and the messages either side of it, `limit` in
         *       all, about half before (open history at a quoted or found message); `hasMore`: older ones
         *       exist, `hasNewer`: newer ones exist. The `seq` need not be a message of the main line.
         *
         *     The main line leaves thread replies out. With `thread=ROOT_ID` the page holds the replies
         *     in the thread of that root message instead (not the root itself), paged by `seq` the same
         *     way; an id that is no message of the channel, or a thread reply, is `404 unknown_message`.
         *
         *     Each message is in its current state: edited text with `editedAt` and its `version`, and
         *     deleted messages as tombstones (`deleted: true`, empty `content`) that keep their `seq`, so
         *     paging stays by `seq`. A client catching up after a disconnect recovers changes to older
         *     messages with the socket's `subscribe {afterSeq}` (paging by `seq` finds only new ones).
         *
         *     Replies carry `replyTo`, a quote of the original as it stands now; thread roots carry
         *     `thread`, their summary; `mentions` holds the mentioned members by their current names.
         *
         *     `limit` defaults to 50 and is capped at 100. More than one of `before`, `after` and
         *     `around` is `400`.
         *     Any channel of a public server can be read without joining it; a channel of a private
         *     server the caller is not a member of answers `404`, like an unknown id.
         */
        get: operations["listMessages"];
        put?: never;
        /**
         * Post a message
         * @description Posts a message as the caller, for bots and server-side code; the socket's `send` follows
         *     the same rules. The caller must be a member of the channel's server (`403 not_member`).
         *     Content must not be blank and is at most 4000 characters (`400 content_too_long`).
         *     Content and `clientId` must be well-formed Unicode: a lone surrogate (`"\ud800"` in JSON)
         *     could not be stored as sent, so it is refused with `400 invalid_input` naming the field.
         *
         *     `clientId` makes the post idempotent per author: the first post with a given `clientId`
         *     answers `201`; a retry with the same `clientId` answers `200` with the message stored the
         *     first time (whatever its content) and publishes nothing new. The `201` answer comes only
         *     after the message is committed, and the message is then delivered to the channel's
         *     subscribers. Such a retry is never refused by slow mode or a time-out.
         *
         *     A member who is timed out gets `403 timed_out` with `Retry-After`; a user banned from the
         *     server `403 banned`. In a channel with slow mode (`slowModeSeconds` above 0), a member below
         *     moderator who posted there (main line or thread) less than that long ago gets
         *     `429 rate_limited` with `Retry-After`, the time left.
         *
         *     `replyTo` names a message of the same channel that this one answers (deleted or not);
         *     another channel's message, or an unknown id, is `404 unknown_message` naming `replyTo`.
         *     `threadId` posts the message in the thread of a root message of the channel; a thread
         *     reply cannot be a root (`400 invalid_input` naming `threadId`), and an unknown or deleted
         *     root is `404 unknown_message` naming `threadId`. Mentions are written `<@USER_ID>` in the
         *     content; the ids of the server's members (at most 20) become `mentions`, any other stays
         *     plain text.
         *
         *     Content and `clientId` must not contain U+0000 (NUL), which not every database can store
         *     (`400 invalid_input` naming the field). Besides the per-user limit on REST writes, every
         *     post counts against the caller's budget of messages and changes, which the socket's sends,
         *     and every edit, delete and reaction, share (`HEARTH_USER_MESSAGES_PER_WINDOW` per
         *     `HEARTH_USER_MESSAGE_WINDOW_MS`, over every process with Redis): past it, `429
         *     rate_limited` with `Retry-After`, and nothing is stored.
         */
        post: operations["postMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/channels/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                id: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Mark a channel read
         * @description Moves the caller's read position in the channel up to `seq`. It never moves backwards (an
         *     older `seq` answers the current state), and a `seq` past the channel's newest counts as
         *     the newest. Every socket of the caller, on every process, receives a `read` frame with the
         *     new state. A channel the caller cannot see is `404`. The socket's `read` frame does the same.
         */
        put: operations["markRead"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invites/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The invite's code.
                 * @example hX4kR9pLm2
                 */
                code: components["parameters"]["InviteCode"];
            };
            cookie?: never;
        };
        /**
         * Preview an invite
         * @description What an invite leads to, for anyone signed in who has the code, private servers included:
         *     the server's name, look and member count. `404 unknown_invite` for an unknown or revoked
         *     code, `410 invite_expired` for an expired or used-up one.
         */
        get: operations["getInvite"];
        put?: never;
        /**
         * Join a server with an invite
         * @description Makes the caller a member of the invite's server (`201`; `200` when they were one already,
         *     which uses nothing). `403 banned` for a user banned from it, `404 unknown_invite`,
         *     `410 invite_expired`.
         */
        post: operations["acceptInvite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who am I
         * @description The user the bearer token speaks for, as other users see them.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/read-states": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where I stand in my channels
         * @description The caller's read state in every channel of every server they belong to: the position read
         *     up to, the unread messages of others after it (main line, not deleted) and the mentions of
         *     the caller after it. The socket's `ready` carries the same list. Computed in a bounded
         *     number of queries whatever the number of channels.
         */
        get: operations["listReadStates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download this contract
         * @description The OpenAPI 3.1 document you are reading, as YAML. Public.
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search messages
         * @description Messages whose content matches the words of `q`, in the channels the caller can read: those
         *     of the servers they belong to, or with `serverId` those of one server (a public one, or a
         *     private one they belong to; any other is `404 unknown_server`, so nothing is found and
         *     nothing counted). Deleted messages are never found, and an edited message is found by its
         *     current text only. Thread replies are found like main-line messages.
         *
         *     A word is a run of letters and digits: punctuation separates words and is never searched
         *     (`example.com/deploy` is three words), so no text is query syntax. Every word must match a
         *     whole word of the message, and the last one, when it has two characters or more, also the
         *     start of a longer one (`deplo` finds "deploy"), ignoring case and accents (on PostgreSQL,
         *     accents where its `unaccent` extension is available). Filters, each `key:value` (a value
         *     with spaces in double quotes), narrow the search and combine with AND; a repeated `from:`
         *     or `in:` matches any of its values, and of the other filters the last one counts:
         *
         *     | Filter | Matches |
         *     | ------ | ------- |
         *     | `from:NAME` | messages by a user of that name (ignoring case; `@` optional) or that id |
         *     | `in:NAME` | messages in a channel of that name (`#` optional) |
         *     | `has:file` | messages with at least one file |
         *     | `has:image` | messages with at least one image |
         *     | `before:YYYY-MM-DD` | messages sent before that day began (UTC) |
         *     | `after:YYYY-MM-DD` | messages sent after that day ended (UTC) |
         *
         *     Any other `key:value` (a URL, a time like `10:30`) is searched as words, not refused. A
         *     filter with a bad value (`before:soon`, `has:video`) is `400 invalid_input` naming it. A
         *     query with neither words nor filters, or longer than 256 characters, is `400
         *     invalid_input`. Results come best match first (BM25 on SQLite, `ts_rank` on PostgreSQL),
         *     newest first among equals and when there are only filters; words found in very many
         *     messages are ranked among their newest 1,100 matches the caller can read, which the
         *     deepest page (`offset` 1000) still reaches. Each user may search 30 times a minute by
         *     default (`HEARTH_SEARCHES_PER_MINUTE`, ten at once); past that, `429 rate_limited` with
         *     `Retry-After`.
         */
        get: operations["searchMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/servers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List servers
         * @description The public servers and the caller's private ones, oldest first, each with its member count
         *     and channels. `category` keeps one category's servers, `member=me` only the servers the
         *     caller belongs to (public or private). Other query parameters are refused with `400`.
         */
        get: operations["listServers"];
        put?: never;
        /**
         * Create a server
         * @description Creates a server owned by the caller, who becomes its first member, with a first channel
         *     named `general`. `visibility` defaults to `public`; a `private` server is invisible (`404`)
         *     to non-members. Name and description are trimmed.
         */
        post: operations["createServer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/servers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        /**
         * Get a server
         * @description One server with its member count and channels (ordered by `position`). A private server
         *     the caller is not a member of answers `404`, like an unknown id.
         */
        get: operations["getServer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Edit a server
         * @description Changes the fields given (admins and the owner only; `403 forbidden` for other members).
         *     Turning a server private ends the live access of every non-member subscribed to its
         *     channels (`unsubscribed {reason: "private"}`). Members' sockets receive `server_update`;
         *     the audit log records `server_update` with what changed.
         */
        patch: operations["updateServer"];
        trace?: never;
    };
    "/api/servers/{id}/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        /**
         * Read a server's audit log
         * @description Every moderation and management action in the server (who, what, whom, when, why), newest
         *     first, at most `limit` (default 50, capped at 100) with an id below `before`. Admins and
         *     the owner only.
         */
        get: operations["getAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/servers/{id}/banner": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Upload a server banner
         * @description Replaces the server's banner with the request body, the raw image. Same rules as the
         *     icon: admins and the owner only, PNG, JPEG, WebP or GIF recognised by its bytes, 2 MiB and 4096×4096
         *     pixels by default.
         */
        put: operations["setServerBanner"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/servers/{id}/bans": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        /**
         * List a server's bans
         * @description The server's bans, newest first. Admins and the owner only.
         */
        get: operations["listBans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/servers/{id}/bans/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
                /**
                 * @description The user's id.
                 * @example demo_ada
                 */
                userId: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Ban a user
         * @description Bans a user (admins and the owner; never the owner, oneself or a member of an equal or
         *     higher role): their membership ends, they cannot join again, use an invite, or read the
         *     server's channels until unbanned. Their sockets lose the server's channels at once, on
         *     every process (`unsubscribed {reason: "banned"}`, `member_update {change: "banned"}`).
         *     Banning a user who is no member (yet) is allowed. The audit log records `member_ban`.
         */
        put: operations["banMember"];
        post?: never;
        /**
         * Lift a ban
         * @description Admins and the owner only; `404 not_found` when the user is not banned. The audit log records `member_unban`.
         */
        delete: operations["unbanMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/servers/{id}/channels": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a channel
         * @description Adds a channel at the end of the server's list. Admins and the owner only (`403 forbidden`
         *     for other users who can see the server). Members' sockets receive `server_update`; the
         *     audit log records `channel_create`. The name is lower-cased and may hold letters, digits, `-`
         *     and `_` (1 to 32 characters); a name the server has already is `409 conflict`.
         */
        post: operations["createChannel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/servers/{id}/channels/order": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Reorder a server's channels
         * @description Gives the server's channels the order of `channelIds`, which must name every channel of
         *     the server exactly once (`400 invalid_input`, `field: channelIds`, for a missing, repeated or
         *     foreign id). Admins and the owner only. Members' sockets receive `server_update`; the audit
         *     log records `channel_reorder`.
         */
        put: operations["reorderChannels"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/servers/{id}/icon": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Upload a server icon
         * @description Replaces the server's icon with the request body, the raw image. Admins and the owner only;
         *     members' sockets receive `server_update` and the audit log records `server_icon`. The image is
         *     recognised by its bytes (PNG, JPEG, WebP or GIF; anything else, an SVG included, is `400
         *     unsupported_media_type`) whatever `Content-Type` says, and limited to 2 MiB by default
         *     (`413`). Its header must declare its dimensions (PNG IHDR, GIF logical screen, JPEG frame
         *     header before the scan, WebP VP8/VP8L/VP8X): a bare signature or a truncated header is `400
         *     unsupported_media_type`, and an image wider or taller than 4096 pixels by default
         *     (`HEARTH_MAX_IMAGE_SIDE`) is `413 payload_too_large` with `field: body`, its `detail`
         *     giving the image's size and the limit. It is stored content-addressed and served under
         *     `/media/`.
         */
        put: operations["setServerIcon"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/servers/{id}/invites": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        /**
         * List a server's invites
         * @description Every invite of the server (expired and used-up ones too), newest first. Admins and the owner only.
         */
        get: operations["listInvites"];
        put?: never;
        /**
         * Create an invite
         * @description A new code that lets whoever has it join the server, public or private, until it expires
         *     (`maxAgeSeconds`, none by default) or has been used `maxUses` times (unlimited by default).
         *     Admins and the owner only. The audit log records `invite_create`.
         */
        post: operations["createInvite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/servers/{id}/invites/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The invite's code.
                 * @example hX4kR9pLm2
                 */
                code: components["parameters"]["InviteCode"];
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an invite
         * @description The code stops working at once (`unknown_invite` from then on). Admins and the owner only. The audit log records `invite_revoke`.
         */
        delete: operations["revokeInvite"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/servers/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        /**
         * List a server's members
         * @description The server's members with their roles, online ones first (`online`: at least one socket of
         *     theirs subscribed to one of the server's channels, on any process), then by name
         *     (case-insensitive), at most `limit` (default 20, capped at 100) from `offset` (default 0).
         *     `prefix` keeps the members whose name starts with it, ignoring case (the composer's `@`
         *     autocomplete). Readable by whoever can see the server; a private server
         *     the caller is not a member of is `404`, like an unknown id.
         */
        get: operations["listMembers"];
        put?: never;
        /**
         * Join a server
         * @description Without a body, makes the caller a member of a server they can see, which lets them post in
         *     its channels. Joining twice is not an error: the first join answers `201`, later ones `200`
         *     with the same membership (an owner gets `200` with `role: owner`).
         *
         *     With `{"userId": "…"}`, an admin or the owner adds that user as a member (`403 forbidden` for
         *     anyone else; `403 banned` for a user banned from the server): besides invites, this is how
         *     people get into a private server, which is invisible to non-members. A user Hearth has not
         *     seen yet is recorded under their id until they sign in.
         *
         *     A user banned from the server cannot join (`403 banned`). The server's members and the new
         *     member's own sockets receive `member_update {change: "joined"}`.
         */
        post: operations["joinServer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/servers/{id}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
                /**
                 * @description The user's id.
                 * @example demo_ada
                 */
                userId: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Kick a member
         * @description Removes a member of a lower role (moderators and up); they may join again. Every socket of
         *     theirs subscribed to one of the server's channels receives `unsubscribed {reason: "kicked"}`
         *     at once, on every process, and `member_update {change: "kicked", role: null}`. The audit
         *     log records `member_kick` with `reason`.
         */
        delete: operations["kickMember"];
        options?: never;
        head?: never;
        /**
         * Change a member's role or time them out
         * @description `role` (`admin`, `moderator` or `member`): the owner sets any; an admin sets `moderator` or
         *     `member` on members below admin. `timeoutSeconds` (moderators and up, on members of a lower
         *     role): the member cannot post or react for that long (`0` lifts a time-out). Acting on the
         *     owner, on oneself, or on a member of an equal or higher role is `403 forbidden`; a user who
         *     is no member is `404 not_found`. The server's members hear `member_update`; the audit log
         *     records `member_role` or `member_timeout` with `reason`.
         */
        patch: operations["updateMember"];
        trace?: never;
    };
    "/api/servers/{id}/members/me": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Leave a server
         * @description Ends the caller's membership. A caller who is not a member gets `403 not_member`; the
         *     owner cannot leave their own server (`409 conflict`).
         *
         *     Live access ends with it, on a public server too: every socket of the caller (on any
         *     process) that is subscribed to one of its channels receives
         *     `unsubscribed {channelId, reason: "left"}` and nothing more from that channel, then
         *     `member_update {change: "left", role: null}`. A public server's channels stay readable
         *     with any token, so the caller may subscribe again, read-only.
         */
        delete: operations["leaveServer"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check that the server is up
         * @description Answers `200` while the process serves requests. Public, not rate limited and outside
         *     `/api`, for load balancers and orchestrators.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/media/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download an uploaded image
         * @description An uploaded server icon or banner, at the URL its server's `iconUrl` or `bannerUrl` names.
         *     Files are content-addressed (the name is a hash of the bytes), so a URL never changes
         *     meaning: they are cached for a year as `immutable` and served with
         *     `X-Content-Type-Options: nosniff`. Public: an `<img>` cannot send a token. Supports
         *     conditional (`If-None-Match`, `If-Modified-Since`) and range requests.
         */
        get: operations["getMedia"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/media/demo/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a demo image
         * @description The icons of the demo data set (categories and servers) and the servers' banners, SVG
         *     files shipped with the server. Same caching and headers as uploaded media. Public.
         */
        get: operations["getDemoMedia"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description A file on a message, or an upload waiting for one. `contentType` is what the server
         *     recognised from the bytes, never what the uploader declared: `image/png`, `image/jpeg`,
         *     `image/webp` and `image/gif` (with `width` and `height` from the header) are served inline;
         *     anything else (`application/pdf`, `text/plain; charset=utf-8`, `application/octet-stream`…)
         *     is served as a download.
         * @example {
         *       "id": "a_Kd81nVq2ZpLm4Rt7",
         *       "name": "sunset.png",
         *       "contentType": "image/png",
         *       "size": 48213,
         *       "url": "/api/attachments/a_Kd81nVq2ZpLm4Rt7",
         *       "width": 1280,
         *       "height": 720
         *     }
         */
        Attachment: {
            /** @description The media type recognised from the bytes. */
            contentType: string;
            /** @description An image's height in pixels; null for other files. */
            height: number | null;
            id: components["schemas"]["Id"];
            /** @description The file's name as uploaded, cleaned (no path, no control characters), at most 200 characters. */
            name: string;
            /** @description Its size in bytes. */
            size: number;
            /**
             * @description Where its bytes are, relative to the server (`/api/attachments/{id}`); fetch it with the
             *     bearer token (an `<img>` cannot send one: fetch, then show a `blob:` URL).
             */
            url: string;
            /** @description An image's width in pixels; null for other files. */
            width: number | null;
        };
        /** @description One moderation or management action in a server. */
        AuditEntry: {
            /** @enum {string} */
            action: "server_update" | "server_icon" | "server_banner" | "channel_create" | "channel_update" | "channel_delete" | "channel_reorder" | "member_role" | "member_timeout" | "member_kick" | "member_ban" | "member_unban" | "invite_create" | "invite_revoke" | "message_delete";
            actor: components["schemas"]["User"];
            /** Format: date-time */
            createdAt: string;
            /** @description What changed, by field: `{"role": "moderator"}`, `{"slowModeSeconds": 10}`. */
            details: {
                [key: string]: string | number | boolean | null;
            };
            /** @description Increasing; pages go by it. */
            id: number;
            reason: string | null;
            serverId: components["schemas"]["Id"];
            /** @description What it acted on, with a label to show; null when it acted on the server as a whole. */
            target: {
                id: string;
                /** @enum {string} */
                kind: "server" | "channel" | "user" | "invite" | "message";
                label: string;
            } | null;
        };
        /** @description Audit entries, newest first. */
        AuditLogPage: {
            entries: components["schemas"]["AuditEntry"][];
            /** @description Older entries exist. */
            hasMore: boolean;
        };
        /** @description A user banned from a server. */
        Ban: {
            by: components["schemas"]["User"];
            /** Format: date-time */
            createdAt: string;
            reason: string | null;
            serverId: components["schemas"]["Id"];
            user: components["schemas"]["User"];
        };
        /**
         * @description A group of servers, as in Explore.
         * @example {
         *       "id": "ct_gaming",
         *       "name": "Gaming",
         *       "description": "Play together",
         *       "iconUrl": "/media/demo/category-gaming.svg"
         *     }
         */
        Category: {
            description: string;
            /**
             * Format: uri-reference
             * @description URL of the category's icon, relative to the server (`/media/…`), or null.
             */
            iconUrl: string | null;
            id: components["schemas"]["Id"];
            name: string;
        };
        /**
         * @description A room inside a server.
         * @example {
         *       "id": "c_hearth_general",
         *       "serverId": "s_hearth",
         *       "name": "general",
         *       "topic": "Anything goes",
         *       "position": 0,
         *       "slowModeSeconds": 0
         *     }
         */
        Channel: {
            id: components["schemas"]["Id"];
            /** @description Lower-case letters, digits, `-` and `_`, unique in its server. */
            name: string;
            /** @description Order in the server's list, from 0. */
            position: number;
            serverId: components["schemas"]["Id"];
            slowModeSeconds: components["schemas"]["SlowModeSeconds"];
            /** @description A line shown in the channel header; may be empty. */
            topic: string;
        };
        /** @description Every channel of the server, once, in the order wanted. */
        ChannelOrder: {
            channelIds: components["schemas"]["Id"][];
        };
        /** @description The fields of a channel to change; those left out stay. */
        ChannelUpdate: {
            /** @description Letters, digits, `-` and `_`, 1 to 32 characters; stored lower-cased. */
            name?: string;
            slowModeSeconds?: components["schemas"]["SlowModeSeconds"];
            /** @description At most 300 characters once trimmed. */
            topic?: string;
        };
        /**
         * @description Hearth's stable error codes, shared by REST problems and the socket's `error` frame.
         *     `invalid_json` and `invalid_frame` only occur on the socket.
         * @enum {string}
         */
        ErrorCode: "invalid_json" | "invalid_frame" | "invalid_input" | "content_too_long" | "payload_too_large" | "unsupported_media_type" | "unauthorized" | "forbidden" | "not_member" | "unknown_server" | "unknown_channel" | "unknown_message" | "unknown_attachment" | "banned" | "timed_out" | "unknown_invite" | "invite_expired" | "not_found" | "method_not_allowed" | "conflict" | "rate_limited" | "internal";
        /** @description The display name a guest chooses. */
        GuestRequest: {
            /**
             * @description 1 to 32 characters (code points) once normalised: the name is put in Unicode NFC, runs
             *     of whitespace become one space and the ends are trimmed. Refused with `400
             *     invalid_input` (`field: name`): control characters, line separators, bidirectional
             *     embeddings, overrides, isolates and marks, lone surrogates; a name with nothing visible
             *     (only spaces, zero-width characters, fillers); and the reserved names `system`,
             *     `hearth`, `hearth team`, `you`, `admin`, `administrator` and `moderator` (compared
             *     ignoring case, width and spaces).
             */
            name: string;
        };
        /** @description A token issued to a guest, and the user it speaks for. */
        GuestToken: {
            /**
             * Format: date-time
             * @description When the token stops being accepted.
             */
            expiresAt: string;
            /** @description A JWT to send as `Authorization: Bearer …` and in the socket's `hello`. */
            token: string;
            user: components["schemas"]["User"];
        };
        /** @description The server's health. */
        Health: {
            /** @constant */
            status: "ok";
        };
        /** @description A matched range of an excerpt, in UTF-16 code units from its start. */
        Highlight: {
            end: number;
            start: number;
        };
        /**
         * @description An opaque id, URL-safe when generated by Hearth (`s_…` server, `c_…` channel).
         * @example s_hearth
         */
        Id: string;
        /**
         * @description A code that lets whoever has it join a server.
         * @example {
         *       "code": "hX4kR9pLm2",
         *       "serverId": "s_hearth",
         *       "createdBy": {
         *         "id": "demo_team",
         *         "name": "Hearth Team",
         *         "avatarUrl": null
         *       },
         *       "createdAt": "2026-12-01T10:00:00.000Z",
         *       "expiresAt": "2026-12-02T10:00:00.000Z",
         *       "maxUses": 10,
         *       "uses": 1
         *     }
         */
        Invite: {
            code: string;
            /** Format: date-time */
            createdAt: string;
            createdBy: components["schemas"]["User"];
            /**
             * Format: date-time
             * @description When it stops working; null for never.
             */
            expiresAt: string | null;
            /** @description How many joins it allows; null for unlimited. */
            maxUses: number | null;
            serverId: components["schemas"]["Id"];
            /** @description How many users joined with it. */
            uses: number;
        };
        /** @description An invite and the server it leads to, as someone who is not a member sees it. */
        InvitePreview: {
            code: string;
            /** Format: date-time */
            expiresAt: string | null;
            server: {
                /** Format: uri-reference */
                bannerUrl: string | null;
                description: string;
                /** Format: uri-reference */
                iconUrl: string | null;
                id: components["schemas"]["Id"];
                memberCount: number;
                name: string;
                visibility: components["schemas"]["Visibility"];
            };
        };
        /** @description A member of a server and their role. */
        Member: {
            mutedUntil: components["schemas"]["MutedUntil"];
            /** @description At least one socket of the member is subscribed to a channel of the server, on any process. */
            online: boolean;
            role: components["schemas"]["Role"];
            user: components["schemas"]["User"];
        };
        /** @description Members of a server, by name. */
        MemberPage: {
            /** @description More members match than the page holds. */
            hasMore: boolean;
            members: components["schemas"]["Member"][];
        };
        /**
         * @description A user's place in a server.
         * @example {
         *       "serverId": "s_hearth",
         *       "userId": "demo_ada",
         *       "role": "member",
         *       "mutedUntil": null
         *     }
         */
        Membership: {
            mutedUntil: components["schemas"]["MutedUntil"];
            role: components["schemas"]["Role"];
            serverId: components["schemas"]["Id"];
            userId: string;
        };
        /** @description A new role, a time-out, or both, and why. */
        MemberUpdate: {
            /** @description Why, for the audit log. */
            reason?: string;
            /**
             * @description The member's new role (never `owner`).
             * @enum {string}
             */
            role?: "admin" | "moderator" | "member";
            /** @description Time the member out for this long from now (at most 28 days); `0` lifts a time-out. */
            timeoutSeconds?: number;
        };
        /**
         * @description A stored message, as it stands now. `seq` is its place in its channel: 1, 2, 3… with no
         *     gaps, in commit order, so a gap tells a client exactly what it missed. Every later change
         *     to the message (an edit, a delete) takes the channel's next `seq` too; `version` is the
         *     seq of its latest change. A deleted message is a tombstone: `deleted` is true, `content`
         *     is empty, and it keeps its `seq`.
         * @example {
         *       "id": "m_OV49AW-bLhfm6V04",
         *       "channelId": "c_pixel_general",
         *       "seq": 2,
         *       "author": {
         *         "id": "demo_ada",
         *         "name": "Ada",
         *         "avatarUrl": null
         *       },
         *       "content": "Only if it is the any% category.",
         *       "createdAt": "2026-11-24T18:25:46.826Z",
         *       "clientId": null,
         *       "version": 2,
         *       "editedAt": null,
         *       "deleted": false,
         *       "reactions": [
         *         {
         *           "emoji": "🏁",
         *           "count": 2,
         *           "me": false
         *         }
         *       ],
         *       "replyTo": null,
         *       "threadId": null,
         *       "thread": null,
         *       "mentions": [],
         *       "attachments": []
         *     }
         */
        Message: {
            /**
             * @description Its files, in the order sent, at most 10; empty for a deleted message (whose files are
             *     gone from storage too).
             */
            attachments: components["schemas"]["Attachment"][];
            author: components["schemas"]["User"];
            channelId: components["schemas"]["Id"];
            /** @description The author's idempotency key for the send, or null when none was given. */
            clientId: string | null;
            /**
             * @description Plain text (never HTML), at most 4000 characters, well-formed Unicode (no lone
             *     surrogates); not blank unless the message carries files; empty for a deleted message.
             */
            content: string;
            /**
             * Format: date-time
             * @description When the message was stored.
             */
            createdAt: string;
            /** @description The message was deleted; only its place in the channel is kept. */
            deleted: boolean;
            /**
             * Format: date-time
             * @description When the author last edited the message; null when never.
             */
            editedAt: string | null;
            id: components["schemas"]["Id"];
            /**
             * @description The members mentioned as `<@USER_ID>` in `content`, by their current names, in the
             *     order first mentioned, at most 20; empty for a deleted message.
             */
            mentions: components["schemas"]["User"][];
            /**
             * @description Its reactions, one entry per emoji in the order the emoji first appeared, at most 20;
             *     empty for a deleted message. `me` says whether the caller is among the reactors.
             */
            reactions: components["schemas"]["Reaction"][];
            /** @description The message this one answers, as it stands now; null when it is no reply. */
            replyTo: components["schemas"]["ReplyQuote"] | null;
            seq: number;
            /** @description On a thread's root, the thread's summary; null when nobody replied in a thread. */
            thread: components["schemas"]["ThreadSummary"] | null;
            /** @description The root message of the thread this one is a reply in; null in the main line. */
            threadId: components["schemas"]["Id"] | null;
            /** @description The seq of the message's latest change; equal to `seq` until it is edited or deleted. */
            version: number;
        };
        /** @description The new content of a message. */
        MessageEdit: {
            /** @description Plain text, at most 4000 characters; not blank unless the message carries files. */
            content: string;
        };
        /** @description A page of a channel's history, oldest first. */
        MessagePage: {
            /** @description More messages exist beyond this page in the direction paged (older ones, for `around`). */
            hasMore: boolean;
            /** @description Only for `around`, newer messages exist after this page. */
            hasNewer?: boolean;
            messages: components["schemas"]["Message"][];
        };
        /**
         * Format: date-time
         * @description Until when the member is timed out (cannot post or react); null when they are not.
         */
        MutedUntil: string | null;
        /** @description Why the user is banned. */
        NewBan: {
            reason?: string;
        };
        /** @description A channel to create. */
        NewChannel: {
            /** @description Letters, digits, `-` and `_`, 1 to 32 characters; stored lower-cased. */
            name: string;
            /** @description At most 300 characters once trimmed; empty when omitted. */
            topic?: string;
        };
        /** @description How long an invite works and how often. */
        NewInvite: {
            /** @description It expires this long from now (60 s to 30 days); never when left out. */
            maxAgeSeconds?: number;
            /** @description It works this many times (1 to 1000); unlimited when left out. */
            maxUses?: number;
        };
        /** @description A message to post. */
        NewMessage: {
            /**
             * @description Up to 10 ids of the caller's own uploads to this channel that no message carries yet, in
             *     the order to show them. An unknown id, another user's upload, an upload to another
             *     channel or one already sent is `404 unknown_attachment`; more than 10 is `400
             *     invalid_input`.
             */
            attachments?: components["schemas"]["Id"][];
            /**
             * @description The caller's idempotency key: a retry with the same key returns the message stored the
             *     first time instead of posting it again. Unique per author, across channels.
             */
            clientId?: string;
            /** @description Plain text, at most 4000 characters; not blank unless `attachments` names a file. */
            content: string;
            /** @description The id of the message of the same channel that this one answers. */
            replyTo?: string;
            /** @description The id of the root message (of the same channel's main line) whose thread this one goes in. */
            threadId?: string;
        };
        /** @description A server to create. */
        NewServer: {
            /** @description The id of an existing category. */
            categoryId: string;
            /** @description At most 1000 characters once trimmed; empty when omitted. */
            description?: string;
            /** @description 1 to 100 characters once trimmed. */
            name: string;
            visibility?: components["schemas"]["Visibility"];
        };
        /**
         * @description An RFC 9457 problem document with Hearth's stable `code`.
         * @example {
         *       "type": "/problems/unknown_channel",
         *       "title": "Unknown channel",
         *       "status": 404,
         *       "detail": "no channel with id c_nope",
         *       "code": "unknown_channel"
         *     }
         */
        Problem: {
            code: components["schemas"]["ErrorCode"];
            /** @description What went wrong this time, for the developer reading it. */
            detail: string;
            /** @description Every field at fault, with its message. */
            errors?: {
                field: string;
                message: string;
            }[];
            /** @description The request field at fault (`body` for the body as a whole); on 400 only. */
            field?: string;
            /** @description The HTTP status, repeated. */
            status: number;
            /** @description A short summary of the kind of problem; the same for every occurrence of a code. */
            title: string;
            /**
             * Format: uri-reference
             * @description `/problems/{code}`.
             */
            type: string;
        };
        /**
         * @description One emoji's reactions on a message.
         * @example {
         *       "emoji": "👍",
         *       "count": 3,
         *       "me": true
         *     }
         */
        Reaction: {
            /** @description How many users reacted with it. */
            count: number;
            /** @description One Unicode emoji (one grapheme). */
            emoji: string;
            /** @description The caller is one of them. */
            me: boolean;
        };
        /** @description The first users who reacted with an emoji, and how many did. */
        ReactorPage: {
            count: number;
            users: components["schemas"]["User"][];
        };
        /**
         * @description Where the caller stands in one channel: read up to `lastReadSeq`; `unread` messages of
         *     others after it (main line, not deleted; edits, deletes and reactions never count);
         *     `mentions` of the caller among the messages after it (thread replies included).
         */
        ReadState: {
            channelId: components["schemas"]["Id"];
            lastReadSeq: number;
            /** @description The channel's newest seq when the counts were taken; an `activity` frame at or below it is counted already. */
            lastSeq: number;
            mentions: number;
            serverId: components["schemas"]["Id"];
            unread: number;
        };
        /**
         * @description The message a reply answers, as it stands now: its author and the start of its content
         *     (at most 120 characters); once the original is deleted, `deleted` is true and `excerpt` empty.
         */
        ReplyQuote: {
            author: components["schemas"]["User"];
            deleted: boolean;
            excerpt: string;
            id: components["schemas"]["Id"];
            seq: number;
        };
        /**
         * @description A member's role in a server, highest first.
         * @enum {string}
         */
        Role: "owner" | "admin" | "moderator" | "member";
        /**
         * @description One message found: the message as it stands now, where it is, and an excerpt of its content
         *     around the matched words with their ranges (plain text: highlight by range, never by
         *     inserting markup into the excerpt).
         */
        SearchHit: {
            channelName: string;
            /** @description Part of the content around the first matches, at most about 200 characters. */
            excerpt: string;
            highlights: components["schemas"]["Highlight"][];
            message: components["schemas"]["Message"];
            serverId: components["schemas"]["Id"];
        };
        /** @description Messages found, best match first (newest first when the query has only filters). */
        SearchPage: {
            /** @description More results follow; ask again with `offset` raised by the number of results. */
            hasMore: boolean;
            results: components["schemas"]["SearchHit"][];
        };
        /**
         * @description A community, with its channels and member count.
         * @example {
         *       "id": "s_pixel",
         *       "name": "Pixel Pals",
         *       "description": "Retro games, speedruns and the occasional tournament.",
         *       "iconUrl": "/media/demo/server-pixel.svg",
         *       "bannerUrl": null,
         *       "categoryId": "ct_gaming",
         *       "ownerId": "demo_linus",
         *       "visibility": "public",
         *       "memberCount": 2,
         *       "channels": [
         *         {
         *           "id": "c_pixel_general",
         *           "serverId": "s_pixel",
         *           "name": "general",
         *           "topic": "Say hi",
         *           "position": 0,
         *           "slowModeSeconds": 0
         *         }
         *       ]
         *     }
         */
        Server: {
            /**
             * Format: uri-reference
             * @description URL of the banner (`/media/…`), or null for none.
             */
            bannerUrl: string | null;
            categoryId: components["schemas"]["Id"];
            /** @description The server's channels, ordered by `position`. */
            channels: components["schemas"]["Channel"][];
            /** @description Shown on the server's landing view; may be empty. */
            description: string;
            /**
             * Format: uri-reference
             * @description URL of the icon (`/media/…`), or null for none (clients show initials).
             */
            iconUrl: string | null;
            id: components["schemas"]["Id"];
            /** @description How many users are members, the owner included. */
            memberCount: number;
            name: string;
            /** @description The owner's user id. */
            ownerId: string;
            visibility: components["schemas"]["Visibility"];
        };
        /** @description The fields of a server to change; those left out stay. */
        ServerUpdate: {
            /** @description The id of an existing category. */
            categoryId?: string;
            /** @description At most 1000 characters once trimmed. */
            description?: string;
            /** @description 1 to 100 characters once trimmed. */
            name?: string;
            visibility?: components["schemas"]["Visibility"];
        };
        /**
         * @description How long a member below moderator waits between two messages in the channel (0: off, at
         *     most 21600, six hours). A message sent sooner is refused with `rate_limited` and
         *     `retryAfterMs`.
         */
        SlowModeSeconds: number;
        /**
         * @description A thread's summary on its root: how many replies it holds (deleted ones stay as tombstones
         *     and count), when the last came, and the `seq` it took, which orders summaries.
         */
        ThreadSummary: {
            /** Format: date-time */
            lastReplyAt: string;
            lastReplySeq: number;
            replyCount: number;
        };
        /**
         * @description A user as other users see them.
         * @example {
         *       "id": "demo_ada",
         *       "name": "Ada",
         *       "avatarUrl": null
         *     }
         */
        User: {
            /**
             * Format: uri-reference
             * @description The avatar: an absolute http(s) URL (a host user's `avatar` claim), a picture on this
             *     server relative to it (`/media/…`, the demo's people), or null for none (clients show
             *     initials).
             */
            avatarUrl: string | null;
            /** @description The token's `sub` (guests get `g_…`). */
            id: string;
            /** @description Display name, NFC, with no control characters or bidirectional formatting (see Authentication). */
            name: string;
        };
        /**
         * @description `public`: anyone signed in can see and join it; `private`: only its members see it.
         * @enum {string}
         */
        Visibility: "public" | "private";
    };
    responses: {
        /**
         * @description Invalid input: a missing, mistyped or out-of-range field or query parameter, a body that
         *     is not JSON, blank or too long content, or an upload that is not an accepted image.
         *     `field` names what was wrong (`body` for the body as a whole).
         */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/invalid_input",
                 *       "title": "Invalid input",
                 *       "status": 400,
                 *       "detail": "limit: Too small: expected number to be >=1",
                 *       "code": "invalid_input",
                 *       "field": "limit",
                 *       "errors": [
                 *         {
                 *           "field": "limit",
                 *           "message": "limit: Too small: expected number to be >=1"
                 *         }
                 *       ]
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    code?: "invalid_input" | "content_too_long" | "unsupported_media_type";
                    /** @constant */
                    status?: 400;
                };
            };
        };
        /**
         * @description The request conflicts with the current state: a channel name the server has already, the
         *     owner leaving their own server, or a new emoji on a message that carries 20 distinct ones.
         */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/conflict",
                 *       "title": "Conflict",
                 *       "status": 409,
                 *       "detail": "a channel named general exists already",
                 *       "code": "conflict"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @constant */
                    code?: "conflict";
                    /** @constant */
                    status?: 409;
                };
            };
        };
        /**
         * @description The caller may not do this: `forbidden` (a role too low for the action, acting on the
         *     owner or on a member of an equal or higher role, guest mode off), `not_member` (posting or
         *     leaving needs membership), `banned` (banned from the server) or `timed_out` (cannot post
         *     or react until the time-out ends).
         */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/forbidden",
                 *       "title": "Forbidden",
                 *       "status": 403,
                 *       "detail": "your role may not manage this server",
                 *       "code": "forbidden"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    code?: "forbidden" | "not_member" | "banned" | "timed_out";
                    /** @constant */
                    status?: 403;
                };
            };
        };
        /** @description The invite expired or was used as many times as it allows (`invite_expired`). */
        Gone: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/invite_expired",
                 *       "title": "Invite expired",
                 *       "status": 410,
                 *       "detail": "this invite expired or was used up",
                 *       "code": "invite_expired"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @constant */
                    code?: "invite_expired";
                    /** @constant */
                    status?: 410;
                };
            };
        };
        /** @description The image, in the type its bytes were recognised as. */
        Image: {
            headers: {
                "Cache-Control": components["headers"]["CacheControl"];
                ETag: components["headers"]["ETag"];
                "Last-Modified": components["headers"]["LastModified"];
                "X-Content-Type-Options": components["headers"]["NoSniff"];
                [name: string]: unknown;
            };
            content: {
                "image/gif": string;
                "image/jpeg": string;
                "image/png": string;
                "image/webp": string;
            };
        };
        /** @description The server failed; nothing about the request was wrong. Details are only logged. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/internal",
                 *       "title": "Internal error",
                 *       "status": 500,
                 *       "detail": "the server failed to handle this request",
                 *       "code": "internal"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @constant */
                    code?: "internal";
                    /** @constant */
                    status?: 500;
                };
            };
        };
        /**
         * @description The path exists but not with the method used: every `/api` path answers `405` to the
         *     methods it does not document, and `Allow` lists the ones it has.
         */
        MethodNotAllowed: {
            headers: {
                Allow: components["headers"]["Allow"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/method_not_allowed",
                 *       "title": "Method not allowed",
                 *       "status": 405,
                 *       "detail": "DELETE is not allowed here; use GET",
                 *       "code": "method_not_allowed"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @constant */
                    code?: "method_not_allowed";
                    /** @constant */
                    status?: 405;
                };
            };
        };
        /**
         * @description No such server (`unknown_server`), channel (`unknown_channel`), message
         *     (`unknown_message`), attachment (`unknown_attachment`) or invite (`unknown_invite`) visible
         *     to the caller; private servers, their channels and their files are reported the same way
         *     to non-members. A path no route knows is `not_found`.
         */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/unknown_server",
                 *       "title": "Unknown server",
                 *       "status": 404,
                 *       "detail": "no server with id s_nope",
                 *       "code": "unknown_server"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @enum {unknown} */
                    code?: "unknown_server" | "unknown_channel" | "unknown_message" | "unknown_attachment" | "unknown_invite" | "not_found";
                    /** @constant */
                    status?: 404;
                };
            };
        };
        /** @description The copy the client has is current; no body. */
        NotModified: {
            headers: {
                "Cache-Control": components["headers"]["CacheControl"];
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content?: never;
        };
        /** @description The requested byte range of the image. */
        PartialImage: {
            headers: {
                "Content-Range": components["headers"]["ContentRange"];
                "X-Content-Type-Options": components["headers"]["NoSniff"];
                [name: string]: unknown;
            };
            content: {
                "image/gif": string;
                "image/jpeg": string;
                "image/png": string;
                "image/webp": string;
            };
        };
        /** @description The body is over the limit (32 KiB of JSON; an image over 2 MiB, or over 4096 pixels wide or tall, by default). */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/payload_too_large",
                 *       "title": "Payload too large",
                 *       "status": 413,
                 *       "detail": "the request body is too large",
                 *       "code": "payload_too_large"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @constant */
                    code?: "payload_too_large";
                    /** @constant */
                    status?: 413;
                };
            };
        };
        /** @description Rate limited; `Retry-After` says how many seconds to wait. */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/rate_limited",
                 *       "title": "Too many requests",
                 *       "status": 429,
                 *       "detail": "too many writes; slow down",
                 *       "code": "rate_limited"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @constant */
                    code?: "rate_limited";
                    /** @constant */
                    status?: 429;
                };
            };
        };
        /** @description The bearer token is missing, expired, forged or otherwise invalid. */
        Unauthorized: {
            headers: {
                /** @description Always `Bearer`, the scheme the API expects (RFC 6750). */
                "WWW-Authenticate"?: "Bearer";
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "/problems/unauthorized",
                 *       "title": "Unauthorized",
                 *       "status": 401,
                 *       "detail": "a bearer token is required",
                 *       "code": "unauthorized"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"] & {
                    /** @constant */
                    code?: "unauthorized";
                    /** @constant */
                    status?: 401;
                };
            };
        };
    };
    parameters: {
        /** @description An HTTP date; an unchanged file answers `304`. */
        IfModifiedSince: string;
        /** @description An `ETag` seen before; a match answers `304`. */
        IfNoneMatch: string;
        /**
         * @description The invite's code.
         * @example hX4kR9pLm2
         */
        InviteCode: string;
        /** @description A byte range, e.g. `bytes=0-1023`; answered with `206`. */
        Range: string;
        /**
         * @description Why, for the audit log; at most 512 characters.
         * @example Spam
         */
        Reason: string;
        /**
         * @description The server's id.
         * @example s_hearth
         */
        ServerId: components["schemas"]["Id"];
        /**
         * @description The user's id.
         * @example demo_ada
         */
        UserId: string;
    };
    requestBodies: {
        /**
         * @description The raw image bytes as the whole body (not multipart). The type is recognised from the
         *     bytes, so `application/octet-stream` works as well as the image's own type.
         */
        Image: {
            content: {
                "application/octet-stream": string;
                "image/gif": string;
                "image/jpeg": string;
                "image/png": string;
                "image/webp": string;
            };
        };
    };
    headers: {
        /**
         * @description The methods the path supports, comma-separated.
         * @example GET, POST
         */
        Allow: string;
        /**
         * @description Media is cached for a year and never revalidated.
         * @example public, max-age=31536000, immutable
         */
        CacheControl: string;
        /**
         * @description Which bytes of the whole file this part holds.
         * @example bytes 0-1023/20480
         */
        ContentRange: string;
        /**
         * @description A validator for conditional requests.
         * @example W/"f6-1a20ecb99fd"
         */
        ETag: string;
        /**
         * @description When the file was last written, as an HTTP date.
         * @example Tue, 24 Nov 2026 18:22:33 GMT
         */
        LastModified: string;
        /** @description Browsers must not guess another type than the declared one. */
        NoSniff: "nosniff";
        /**
         * @description Seconds to wait before trying again (at least 1).
         * @example 3
         */
        RetryAfter: number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The attachment's id.
                 * @example a_Kd81nVq2ZpLm4Rt7
                 */
                id: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file's bytes. */
            200: {
                headers: {
                    /**
                     * @description Private to the user, and never changing.
                     * @example private, max-age=31536000, immutable
                     */
                    "Cache-Control": string;
                    /**
                     * @description `inline` for images, `attachment` for every other file, with the file's name.
                     * @example attachment; filename="notes.pdf"; filename*=UTF-8''notes.pdf
                     */
                    "Content-Disposition": string;
                    ETag: components["headers"]["ETag"];
                    "X-Content-Type-Options": components["headers"]["NoSniff"];
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            304: components["responses"]["NotModified"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    removeUpload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The attachment's id.
                 * @example a_Kd81nVq2ZpLm4Rt7
                 */
                id: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    createGuestToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Ada"
                 *     }
                 */
                "application/json": components["schemas"]["GuestRequest"];
            };
        };
        responses: {
            /** @description The guest's token and user. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJuYW1lIjoiQWRhIiwic3ViIjoiZ19rM0o5eFEycFZ3N0xtTjRyVDgiLCJpc3MiOiJoZWFydGgtZ3Vlc3QifQ.c2lnbmF0dXJl",
                     *       "user": {
                     *         "id": "g_k3J9xQ2pVw7LmN4rT8",
                     *         "name": "Ada",
                     *         "avatarUrl": null
                     *       },
                     *       "expiresAt": "2026-11-25T06:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["GuestToken"];
                };
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    listCategories: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The categories. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "id": "ct_gaming",
                     *         "name": "Gaming",
                     *         "description": "Play together",
                     *         "iconUrl": "/media/demo/category-gaming.svg"
                     *       },
                     *       {
                     *         "id": "ct_music",
                     *         "name": "Music",
                     *         "description": "Listen, share, make",
                     *         "iconUrl": "/media/demo/category-music.svg"
                     *       }
                     *     ]
                     */
                    "application/json": components["schemas"]["Category"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    getMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                channelId: components["schemas"]["Id"];
                /**
                 * @description The message's id.
                 * @example m_7ef_EsLr-Xm01J8s
                 */
                messageId: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The message as it stands now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    deleteMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                channelId: components["schemas"]["Id"];
                /**
                 * @description The message's id.
                 * @example m_7ef_EsLr-Xm01J8s
                 */
                messageId: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tombstone. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "m_7ef_EsLr-Xm01J8s",
                     *       "channelId": "c_hearth_general",
                     *       "seq": 5,
                     *       "author": {
                     *         "id": "bot_deploy",
                     *         "name": "Deploy bot",
                     *         "avatarUrl": "https://example.org/avatars/deploy.png"
                     *       },
                     *       "content": "",
                     *       "createdAt": "2026-11-24T18:25:59.472Z",
                     *       "clientId": "deploy-2026-11-24-1",
                     *       "version": 10,
                     *       "editedAt": "2026-11-24T18:26:31.015Z",
                     *       "deleted": true,
                     *       "reactions": [],
                     *       "replyTo": null,
                     *       "threadId": null,
                     *       "thread": null,
                     *       "mentions": [],
                     *       "attachments": []
                     *     }
                     */
                    "application/json": components["schemas"]["Message"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    editMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                channelId: components["schemas"]["Id"];
                /**
                 * @description The message's id.
                 * @example m_7ef_EsLr-Xm01J8s
                 */
                messageId: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "content": "Deploy finished in 41 s."
                 *     }
                 */
                "application/json": components["schemas"]["MessageEdit"];
            };
        };
        responses: {
            /** @description The message as edited. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "m_7ef_EsLr-Xm01J8s",
                     *       "channelId": "c_hearth_general",
                     *       "seq": 5,
                     *       "author": {
                     *         "id": "bot_deploy",
                     *         "name": "Deploy bot",
                     *         "avatarUrl": "https://example.org/avatars/deploy.png"
                     *       },
                     *       "content": "Deploy finished in 41 s.",
                     *       "createdAt": "2026-11-24T18:25:59.472Z",
                     *       "clientId": "deploy-2026-11-24-1",
                     *       "version": 9,
                     *       "editedAt": "2026-11-24T18:26:31.015Z",
                     *       "deleted": false,
                     *       "reactions": [],
                     *       "replyTo": null,
                     *       "threadId": null,
                     *       "thread": null,
                     *       "mentions": [],
                     *       "attachments": []
                     *     }
                     */
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    listReactors: {
        parameters: {
            query?: {
                /**
                 * @description At most this many users; default 3, values over 100 are treated as 100.
                 * @example 3
                 */
                limit?: number;
            };
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                channelId: components["schemas"]["Id"];
                /**
                 * @description One Unicode emoji (one grapheme, a pictograph with its modifiers, or a flag), percent-encoded.
                 * @example %F0%9F%91%8D
                 */
                emoji: string;
                /**
                 * @description The message's id.
                 * @example m_7ef_EsLr-Xm01J8s
                 */
                messageId: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The first reactors and how many there are. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "users": [
                     *         {
                     *           "id": "demo_ada",
                     *           "name": "Ada",
                     *           "avatarUrl": null
                     *         },
                     *         {
                     *           "id": "demo_linus",
                     *           "name": "Linus",
                     *           "avatarUrl": null
                     *         }
                     *       ],
                     *       "count": 5
                     *     }
                     */
                    "application/json": components["schemas"]["ReactorPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    addReaction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                channelId: components["schemas"]["Id"];
                /**
                 * @description One Unicode emoji (one grapheme, a pictograph with its modifiers, or a flag), percent-encoded.
                 * @example %F0%9F%91%8D
                 */
                emoji: string;
                /**
                 * @description The message's id.
                 * @example m_7ef_EsLr-Xm01J8s
                 */
                messageId: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The message with its reactions, `me` for the caller. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    removeReaction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                channelId: components["schemas"]["Id"];
                /**
                 * @description One Unicode emoji (one grapheme, a pictograph with its modifiers, or a flag), percent-encoded.
                 * @example %F0%9F%91%8D
                 */
                emoji: string;
                /**
                 * @description The message's id.
                 * @example m_7ef_EsLr-Xm01J8s
                 */
                messageId: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The message with its reactions, `me` for the caller. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    deleteChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                id: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The channel is gone. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    updateChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                id: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "topic": "Questions about embedding Hearth",
                 *       "slowModeSeconds": 10
                 *     }
                 */
                "application/json": components["schemas"]["ChannelUpdate"];
            };
        };
        responses: {
            /** @description The channel as it is now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Channel"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    uploadAttachment: {
        parameters: {
            query: {
                /**
                 * @description The file's name, cleaned before it is kept (path and control characters removed, cut to
                 *     200 characters); blank is `400 invalid_input`.
                 * @example sunset.png
                 */
                name: string;
            };
            header?: never;
            path: {
                /**
                 * @description The channel the file is for.
                 * @example c_hearth_general
                 */
                id: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        /** @description The file's bytes as the whole body. */
        requestBody: {
            content: {
                "*/*": string;
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description The upload, ready to be named in a send. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Attachment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    listMessages: {
        parameters: {
            query?: {
                /**
                 * @description Only messages with a larger `seq`.
                 * @example 97
                 */
                after?: number;
                /**
                 * @description The messages around this `seq`, it included when it is in the line paged.
                 * @example 64
                 */
                around?: number;
                /**
                 * @description Only messages with a smaller `seq`.
                 * @example 120
                 */
                before?: number;
                /**
                 * @description At most this many messages; default 50, values over 100 are treated as 100.
                 * @example 50
                 */
                limit?: number;
                /**
                 * @description Page the replies in the thread of this root message instead of the main line.
                 * @example m_Jk2Lm4Np6Qr8St0U
                 */
                thread?: components["schemas"]["Id"];
            };
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                id: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of messages, oldest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "messages": [
                     *         {
                     *           "id": "m_Jk2Lm4Np6Qr8St0U",
                     *           "channelId": "c_pixel_general",
                     *           "seq": 1,
                     *           "author": {
                     *             "id": "demo_linus",
                     *             "name": "Linus",
                     *             "avatarUrl": null
                     *           },
                     *           "content": "Anyone up for a race tonight? 9 pm.",
                     *           "createdAt": "2026-11-24T18:25:46.820Z",
                     *           "clientId": null,
                     *           "version": 4,
                     *           "editedAt": "2026-11-24T18:27:02.113Z",
                     *           "deleted": false,
                     *           "reactions": [
                     *             {
                     *               "emoji": "🏎️",
                     *               "count": 3,
                     *               "me": true
                     *             },
                     *             {
                     *               "emoji": "👍",
                     *               "count": 1,
                     *               "me": false
                     *             }
                     *           ],
                     *           "replyTo": null,
                     *           "threadId": null,
                     *           "thread": null,
                     *           "mentions": [],
                     *           "attachments": []
                     *         },
                     *         {
                     *           "id": "m_OV49AW-bLhfm6V04",
                     *           "channelId": "c_pixel_general",
                     *           "seq": 2,
                     *           "author": {
                     *             "id": "demo_ada",
                     *             "name": "Ada",
                     *             "avatarUrl": null
                     *           },
                     *           "content": "Only if it is the any% category.",
                     *           "createdAt": "2026-11-24T18:25:46.826Z",
                     *           "clientId": null,
                     *           "version": 2,
                     *           "editedAt": null,
                     *           "deleted": false,
                     *           "reactions": [],
                     *           "replyTo": null,
                     *           "threadId": null,
                     *           "thread": null,
                     *           "mentions": [],
                     *           "attachments": []
                     *         },
                     *         {
                     *           "id": "m_c3Wq9Zt1Hs5Vb7Nk",
                     *           "channelId": "c_pixel_general",
                     *           "seq": 3,
                     *           "author": {
                     *             "id": "demo_grace",
                     *             "name": "Grace",
                     *             "avatarUrl": null
                     *           },
                     *           "content": "",
                     *           "createdAt": "2026-11-24T18:26:10.402Z",
                     *           "clientId": null,
                     *           "version": 5,
                     *           "editedAt": null,
                     *           "deleted": true,
                     *           "reactions": [],
                     *           "replyTo": null,
                     *           "threadId": null,
                     *           "thread": null,
                     *           "mentions": [],
                     *           "attachments": []
                     *         }
                     *       ],
                     *       "hasMore": false
                     *     }
                     */
                    "application/json": components["schemas"]["MessagePage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    postMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                id: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "content": "Deploy finished in 42 s.",
                 *       "clientId": "deploy-2026-11-24-1"
                 *     }
                 */
                "application/json": components["schemas"]["NewMessage"];
            };
        };
        responses: {
            /** @description A replay of an earlier post with the same `clientId`; the original message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "m_7ef_EsLr-Xm01J8s",
                     *       "channelId": "c_hearth_general",
                     *       "seq": 5,
                     *       "author": {
                     *         "id": "bot_deploy",
                     *         "name": "Deploy bot",
                     *         "avatarUrl": "https://example.org/avatars/deploy.png"
                     *       },
                     *       "content": "Deploy finished in 42 s.",
                     *       "createdAt": "2026-11-24T18:25:59.472Z",
                     *       "clientId": "deploy-2026-11-24-1",
                     *       "version": 5,
                     *       "editedAt": null,
                     *       "deleted": false,
                     *       "reactions": [],
                     *       "replyTo": null,
                     *       "threadId": null,
                     *       "thread": null,
                     *       "mentions": [],
                     *       "attachments": []
                     *     }
                     */
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The message, stored with the channel's next `seq`. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "m_7ef_EsLr-Xm01J8s",
                     *       "channelId": "c_hearth_general",
                     *       "seq": 5,
                     *       "author": {
                     *         "id": "bot_deploy",
                     *         "name": "Deploy bot",
                     *         "avatarUrl": "https://example.org/avatars/deploy.png"
                     *       },
                     *       "content": "Deploy finished in 42 s.",
                     *       "createdAt": "2026-11-24T18:25:59.472Z",
                     *       "clientId": "deploy-2026-11-24-1",
                     *       "version": 5,
                     *       "editedAt": null,
                     *       "deleted": false,
                     *       "reactions": [],
                     *       "replyTo": null,
                     *       "threadId": null,
                     *       "thread": null,
                     *       "mentions": [],
                     *       "attachments": []
                     *     }
                     */
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    markRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The channel's id.
                 * @example c_hearth_general
                 */
                id: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "seq": 43
                 *     }
                 */
                "application/json": {
                    seq: number;
                };
            };
        };
        responses: {
            /** @description The caller's read state in the channel after the mark. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadState"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getInvite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The invite's code.
                 * @example hX4kR9pLm2
                 */
                code: components["parameters"]["InviteCode"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The invite and its server. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitePreview"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            410: components["responses"]["Gone"];
            500: components["responses"]["InternalError"];
        };
    };
    acceptInvite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The invite's code.
                 * @example hX4kR9pLm2
                 */
                code: components["parameters"]["InviteCode"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller was a member already. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"];
                };
            };
            /** @description The caller joined. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            410: components["responses"]["Gone"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The token's user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "demo_ada",
                     *       "name": "Ada",
                     *       "avatarUrl": null
                     *     }
                     */
                    "application/json": components["schemas"]["User"];
                };
            };
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    listReadStates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One entry per channel of the caller's servers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "channelId": "c_hearth_general",
                     *         "serverId": "s_hearth",
                     *         "lastReadSeq": 40,
                     *         "lastSeq": 43,
                     *         "unread": 3,
                     *         "mentions": 1
                     *       }
                     *     ]
                     */
                    "application/json": components["schemas"]["ReadState"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/yaml": string;
                };
            };
            405: components["responses"]["MethodNotAllowed"];
        };
    };
    searchMessages: {
        parameters: {
            query: {
                /** @description The most results to return. */
                limit?: number;
                /** @description How many results to skip (paging), at most 1000. */
                offset?: number;
                /**
                 * @description The words to find and any filters.
                 * @example deploy from:ada has:image
                 */
                q: string;
                /** @description Search this server's channels only. */
                serverId?: components["schemas"]["Id"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of results. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchPage"];
                };
            };
            304: components["responses"]["NotModified"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    listServers: {
        parameters: {
            query?: {
                /**
                 * @description Only servers of this category id.
                 * @example ct_gaming
                 */
                category?: components["schemas"]["Id"];
                /**
                 * @description At most this many servers; values over 100 are treated as 100 (the default).
                 * @example 20
                 */
                limit?: number;
                /** @description `me`: only the servers the caller is a member of. */
                member?: "me";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The servers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "id": "s_pixel",
                     *         "name": "Pixel Pals",
                     *         "description": "Retro games, speedruns and the occasional tournament.",
                     *         "iconUrl": "/media/demo/server-pixel.svg",
                     *         "bannerUrl": null,
                     *         "categoryId": "ct_gaming",
                     *         "ownerId": "demo_linus",
                     *         "visibility": "public",
                     *         "memberCount": 2,
                     *         "channels": [
                     *           {
                     *             "id": "c_pixel_general",
                     *             "serverId": "s_pixel",
                     *             "name": "general",
                     *             "topic": "Say hi",
                     *             "position": 0,
                     *             "slowModeSeconds": 0
                     *           }
                     *         ]
                     *       }
                     *     ]
                     */
                    "application/json": components["schemas"]["Server"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    createServer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Night Owls",
                 *       "description": "For people who code after midnight.",
                 *       "categoryId": "ct_science"
                 *     }
                 */
                "application/json": components["schemas"]["NewServer"];
            };
        };
        responses: {
            /** @description The new server. */
            201: {
                headers: {
                    /**
                     * @description The new server's URL, `/api/servers/{id}`.
                     * @example /api/servers/s_Xq3vK8pL2mN7rT5w
                     */
                    Location: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "s_Xq3vK8pL2mN7rT5w",
                     *       "name": "Night Owls",
                     *       "description": "For people who code after midnight.",
                     *       "iconUrl": null,
                     *       "bannerUrl": null,
                     *       "categoryId": "ct_science",
                     *       "ownerId": "demo_ada",
                     *       "visibility": "public",
                     *       "memberCount": 1,
                     *       "channels": [
                     *         {
                     *           "id": "c_Hn4TqW9zLx2VbR6k",
                     *           "serverId": "s_Xq3vK8pL2mN7rT5w",
                     *           "name": "general",
                     *           "topic": "",
                     *           "position": 0,
                     *           "slowModeSeconds": 0
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Server"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getServer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "s_hearth",
                     *       "name": "Hearth",
                     *       "description": "Say hello! This server shows off Hearth.",
                     *       "iconUrl": "/media/demo/server-hearth.svg",
                     *       "bannerUrl": null,
                     *       "categoryId": "ct_science",
                     *       "ownerId": "demo_team",
                     *       "visibility": "public",
                     *       "memberCount": 4,
                     *       "channels": [
                     *         {
                     *           "id": "c_hearth_general",
                     *           "serverId": "s_hearth",
                     *           "name": "general",
                     *           "topic": "Anything goes",
                     *           "position": 0,
                     *           "slowModeSeconds": 0
                     *         },
                     *         {
                     *           "id": "c_hearth_help",
                     *           "serverId": "s_hearth",
                     *           "name": "help",
                     *           "topic": "Questions about embedding Hearth",
                     *           "position": 1,
                     *           "slowModeSeconds": 0
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Server"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    updateServer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "description": "Say hello! This server shows off Hearth.",
                 *       "visibility": "private"
                 *     }
                 */
                "application/json": components["schemas"]["ServerUpdate"];
            };
        };
        responses: {
            /** @description The server as it is now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Server"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getAuditLog: {
        parameters: {
            query?: {
                /** @description Only entries with an id below this one (the next page). */
                before?: number;
                /** @description At most this many entries; default 50, values over 100 are treated as 100. */
                limit?: number;
            };
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the log. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditLogPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    setServerBanner: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["Image"];
        responses: {
            /** @description The server, with its new `bannerUrl`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "s_Xq3vK8pL2mN7rT5w",
                     *       "name": "Night Owls",
                     *       "description": "For people who code after midnight.",
                     *       "iconUrl": null,
                     *       "bannerUrl": "/media/9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a.webp",
                     *       "categoryId": "ct_science",
                     *       "ownerId": "demo_ada",
                     *       "visibility": "public",
                     *       "memberCount": 1,
                     *       "channels": [
                     *         {
                     *           "id": "c_Hn4TqW9zLx2VbR6k",
                     *           "serverId": "s_Xq3vK8pL2mN7rT5w",
                     *           "name": "general",
                     *           "topic": "",
                     *           "position": 0,
                     *           "slowModeSeconds": 0
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Server"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    listBans: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bans. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ban"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    banMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
                /**
                 * @description The user's id.
                 * @example demo_ada
                 */
                userId: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "reason": "Spam"
                 *     }
                 */
                "application/json": components["schemas"]["NewBan"];
            };
        };
        responses: {
            /** @description The ban. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ban"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    unbanMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
                /**
                 * @description The user's id.
                 * @example demo_ada
                 */
                userId: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The ban was lifted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    createChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "announcements",
                 *       "topic": "News from the team"
                 *     }
                 */
                "application/json": components["schemas"]["NewChannel"];
            };
        };
        responses: {
            /** @description The new channel. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "c_Pw8sYd3KfQ1zM5nJ",
                     *       "serverId": "s_hearth",
                     *       "name": "announcements",
                     *       "topic": "News from the team",
                     *       "position": 2,
                     *       "slowModeSeconds": 0
                     *     }
                     */
                    "application/json": components["schemas"]["Channel"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    reorderChannels: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "channelIds": [
                 *         "c_hearth_help",
                 *         "c_hearth_general"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ChannelOrder"];
            };
        };
        responses: {
            /** @description The channels in their new order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Channel"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    setServerIcon: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["Image"];
        responses: {
            /** @description The server, with its new `iconUrl`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "s_Xq3vK8pL2mN7rT5w",
                     *       "name": "Night Owls",
                     *       "description": "For people who code after midnight.",
                     *       "iconUrl": "/media/3f2a9c1e5b7d4a6f8e0c2b4d6f8a0c2e.png",
                     *       "bannerUrl": null,
                     *       "categoryId": "ct_science",
                     *       "ownerId": "demo_ada",
                     *       "visibility": "public",
                     *       "memberCount": 1,
                     *       "channels": [
                     *         {
                     *           "id": "c_Hn4TqW9zLx2VbR6k",
                     *           "serverId": "s_Xq3vK8pL2mN7rT5w",
                     *           "name": "general",
                     *           "topic": "",
                     *           "position": 0,
                     *           "slowModeSeconds": 0
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Server"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    listInvites: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The invites. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invite"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    createInvite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "maxAgeSeconds": 86400,
                 *       "maxUses": 10
                 *     }
                 */
                "application/json": components["schemas"]["NewInvite"];
            };
        };
        responses: {
            /** @description The invite. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invite"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    revokeInvite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The invite's code.
                 * @example hX4kR9pLm2
                 */
                code: components["parameters"]["InviteCode"];
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The invite was revoked. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    listMembers: {
        parameters: {
            query?: {
                /**
                 * @description At most this many members; default 20, values over 100 are treated as 100.
                 * @example 8
                 */
                limit?: number;
                /**
                 * @description Skip this many members of the ordered list (the next page).
                 * @example 20
                 */
                offset?: number;
                /**
                 * @description Only members whose name starts with this text, ignoring case; at most 32 characters.
                 * @example ad
                 */
                prefix?: string;
            };
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The members, by name. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "members": [
                     *         {
                     *           "user": {
                     *             "id": "demo_ada",
                     *             "name": "Ada",
                     *             "avatarUrl": null
                     *           },
                     *           "role": "member",
                     *           "mutedUntil": null,
                     *           "online": true
                     *         }
                     *       ],
                     *       "hasMore": false
                     *     }
                     */
                    "application/json": components["schemas"]["MemberPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            500: components["responses"]["InternalError"];
        };
    };
    joinServer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "userId": "u_42"
                 *     }
                 */
                "application/json": {
                    /** @description The user an admin adds. Leave out to join yourself. */
                    userId?: string;
                };
            };
        };
        responses: {
            /** @description The caller was a member already. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "serverId": "s_hearth",
                     *       "userId": "demo_ada",
                     *       "role": "member",
                     *       "mutedUntil": null
                     *     }
                     */
                    "application/json": components["schemas"]["Membership"];
                };
            };
            /** @description The caller joined. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "serverId": "s_hearth",
                     *       "userId": "g_k3J9xQ2pVw7LmN4rT8",
                     *       "role": "member",
                     *       "mutedUntil": null
                     *     }
                     */
                    "application/json": components["schemas"]["Membership"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    kickMember: {
        parameters: {
            query?: {
                /**
                 * @description Why, for the audit log; at most 512 characters.
                 * @example Spam
                 */
                reason?: components["parameters"]["Reason"];
            };
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
                /**
                 * @description The user's id.
                 * @example demo_ada
                 */
                userId: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The member was removed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    updateMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
                /**
                 * @description The user's id.
                 * @example demo_ada
                 */
                userId: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "timeoutSeconds": 600,
                 *       "reason": "Cool down"
                 *     }
                 */
                "application/json": components["schemas"]["MemberUpdate"];
            };
        };
        responses: {
            /** @description The member as they are now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    leaveServer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The server's id.
                 * @example s_hearth
                 */
                id: components["parameters"]["ServerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller left. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server is up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok"
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
            405: components["responses"]["MethodNotAllowed"];
        };
    };
    getMedia: {
        parameters: {
            query?: never;
            header?: {
                /** @description An HTTP date; an unchanged file answers `304`. */
                "If-Modified-Since"?: components["parameters"]["IfModifiedSince"];
                /** @description An `ETag` seen before; a match answers `304`. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description A byte range, e.g. `bytes=0-1023`; answered with `206`. */
                Range?: components["parameters"]["Range"];
            };
            path: {
                /**
                 * @description The file name, a hash and the image type's extension.
                 * @example 3f2a9c1e5b7d4a6f8e0c2b4d6f8a0c2e.png
                 */
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Image"];
            206: components["responses"]["PartialImage"];
            304: components["responses"]["NotModified"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    getDemoMedia: {
        parameters: {
            query?: never;
            header?: {
                /** @description An HTTP date; an unchanged file answers `304`. */
                "If-Modified-Since"?: components["parameters"]["IfModifiedSince"];
                /** @description An `ETag` seen before; a match answers `304`. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
                /** @description A byte range, e.g. `bytes=0-1023`; answered with `206`. */
                Range?: components["parameters"]["Range"];
            };
            path: {
                /**
                 * @description The file name.
                 * @example server-hearth.svg
                 */
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The image. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    ETag: components["headers"]["ETag"];
                    "Last-Modified": components["headers"]["LastModified"];
                    "X-Content-Type-Options": components["headers"]["NoSniff"];
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": string;
                };
            };
            /** @description The requested byte range of the image. */
            206: {
                headers: {
                    "Content-Range": components["headers"]["ContentRange"];
                    "X-Content-Type-Options": components["headers"]["NoSniff"];
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": string;
                };
            };
            304: components["responses"]["NotModified"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
}
