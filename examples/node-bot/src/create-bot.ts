import {
  type ChatChannel,
  type ChatClient,
  type ChatMessage,
  ChatSocketError,
  type Message,
  createChatClient,
  isPending,
} from '@hearth/sdk';
import { WebSocket } from 'ws';
import { BOT_ID_PREFIX, type BotConfig } from './config.js';
import { replyTo } from './reply-to.js';
import { signBotToken } from './sign-bot-token.js';

/** What {@link createBot} needs. */
export interface BotOptions {
  config: BotConfig;
  /** Where the bot says what it does, one line at a time; silent by default. */
  log?: (line: string) => void;
  /** Dice come from here; a number in [0, 1) like `Math.random`. */
  random?: () => number;
}

/** A bot that answers in one channel. */
export interface Bot {
  /** Signs in, joins the server and starts answering; resolves once it watches the channel. */
  start(): Promise<void>;
  /** Stops answering, gives the reply on its way a moment to be stored, and closes the client. */
  close(): Promise<void>;
  /** Resolves once the bot is closed; rejects when the server refused it for good (a wrong secret). */
  readonly stopped: Promise<void>;
}

/** How long `close()` waits for replies still on their way before closing anyway. */
const DRAIN_MS = 2000;

/**
 * Creates a bot that signs its own tokens with the server's shared secret (the flow a site's
 * backend uses for its users), joins a server and answers in one of its channels through the
 * SDK's channel store. It answers each message once, in order, and never its own messages or
 * another bot's (an author id starting with `bot_`).
 *
 * @example
 * const bot = createBot({ config: loadBotConfig(process.env), log: console.log });
 * await bot.start();
 * process.once('SIGTERM', () => void bot.close());
 */
export function createBot({ config, log = () => {}, random = Math.random }: BotOptions): Bot {
  const chat: ChatClient = createChatClient({
    url: config.url,
    // Node 20 has no global WebSocket: ws provides it.
    WebSocket,
    // Called at first use, and again whenever the server says the token expired: the bot is its
    // own backend, so it signs a fresh one.
    getToken: () =>
      signBotToken({
        secret: config.secret,
        user: config.user,
        lifetimeSeconds: config.tokenLifetimeSeconds,
        issuer: config.issuer,
        audience: config.audience,
      }),
  });
  const channel: ChatChannel = chat.channel(config.channelId);
  const unbind: Array<() => void> = [];
  /**
   * The newest seq the bot has dealt with. The channel's history (what the store loads first, what
   * a resubscribe after a reconnect or a gap fill brings back) is never news: only a seq above this
   * mark is, and the mark moves past a message before its answer is sent, so no message is
   * answered twice. Undefined until the first page of history is in.
   */
  let answeredThrough: number | undefined;
  /** Answers go out one after another, in the order of the messages they answer. */
  let answering: Promise<void> = Promise.resolve();
  let closing = false;
  let lastError: Error | undefined;
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const stopped = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // Whoever created the bot may only care about start(); a refusal is reported there too.
  stopped.catch(() => {});

  function isOwnOrBot(message: Message): boolean {
    return message.author.id === config.user.id || message.author.id.startsWith(BOT_ID_PREFIX);
  }

  async function answer(message: Message): Promise<void> {
    if (isOwnOrBot(message)) return;
    const reply = replyTo({ content: message.content, authorName: message.author.name }, config.user.name, random);
    if (reply === undefined) return;
    try {
      // Over the socket: the SDK sends it again after a reconnect until the server acknowledges
      // it, and the server stores it once whatever the number of attempts (idempotent clientId).
      await channel.send(reply);
      log(`answered ${JSON.stringify(message.content.slice(0, 40))} from ${message.author.name} (#${message.seq})`);
    } catch (error) {
      log(`could not answer #${message.seq}: ${error instanceof Error ? error.message : String(error)}`);
      // A refused reply would otherwise stay in the channel's rows as failed for good.
      if (error instanceof ChatSocketError && error.ref) channel.discard(error.ref);
    }
  }

  function take(rows: readonly ChatMessage[]): void {
    if (answeredThrough === undefined || closing) return;
    // Rows are in seq order without gaps; pending rows (the bot's own sends) come last.
    for (const row of rows) {
      if (isPending(row) || row.seq <= answeredThrough) continue;
      answeredThrough = row.seq;
      answering = answering.then(() => answer(row));
    }
  }

  async function shutDown(error?: Error): Promise<void> {
    if (closing) return;
    closing = true;
    for (const stop of unbind.splice(0)) stop();
    if (!error) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([answering, new Promise((resolve) => (timer = setTimeout(resolve, DRAIN_MS)))]);
      clearTimeout(timer);
    }
    chat.close();
    if (error) settle?.reject(error);
    else settle?.resolve();
  }

  return {
    stopped,
    async start() {
      unbind.push(chat.on('error', (error) => log(`error: ${(lastError = error).message}`)));
      const server = await chat.servers.get(config.serverId);
      const watched = server.channels.find((candidate) => candidate.id === config.channelId);
      if (!watched) throw new Error(`server ${server.name} (${server.id}) has no channel ${config.channelId}`);
      // Joining twice is not an error, so there is nothing to check first.
      const membership = await chat.servers.join(config.serverId);
      // Closed while signing in (Ctrl-C at once): watching the channel now would open the socket again.
      if (closing) return;
      log(`signed in as ${config.user.name} (${config.user.id}), ${membership.role} of ${server.name}`);

      const ready = new Promise<void>((resolve) => {
        unbind.push(
          chat.$connection.listen((state) => {
            if (state === 'open') log('connected');
            else if (state === 'reconnecting') log('reconnecting');
            else if (state === 'closed' && !closing) {
              // The SDK gave up: the token was refused twice in a row (not the server's secret?).
              void shutDown(new Error(`the server closed the connection for good: ${lastError?.message ?? 'no reason given'}`));
            }
          }),
          channel.$status.subscribe((status) => {
            if (answeredThrough !== undefined || status.state !== 'ready') return;
            answeredThrough = channel.$messages.get().findLast((row): row is Message => !isPending(row))?.seq ?? 0;
            log(`watching #${watched.name}: answering what comes after #${answeredThrough}`);
            resolve();
          }),
          // Watching the rows is what subscribes the channel (and keeps it subscribed across reconnects).
          channel.$messages.subscribe(take),
        );
      });
      // Closed or refused before the first page of history came in: stop waiting for it.
      await Promise.race([ready, stopped]);
    },
    close: () => shutDown(),
  };
}
