import type { Message } from '@hearth/sdk';
import type { SearchHit } from '@hearth/sdk/search';
import type { FakeHearth } from './fake-hearth.js';

/**
 * `GET /api/search` for element tests, added to a {@link FakeHearth}: it answers with the hits a
 * test gives it, paged by `offset` and `limit` as the server pages, and records what was asked.
 * It can hold its answers (to see the loading state) and refuse a query as the server does.
 */
export class FakeSearch {
  /** Every hit, best first; each query is answered from these (the fake does not match words). */
  hits: SearchHit[] = [];
  /** The query strings of the searches asked, in order. */
  readonly asked: URLSearchParams[] = [];
  /** The next search is refused with this `400 invalid_input` detail, once. */
  refuseNext: string | undefined;
  /** While true, answers wait for {@link release}. */
  hold = false;
  private held: Array<() => void> = [];

  constructor(private readonly hearth: FakeHearth) {
    hearth.routes.push((method, url) => (method === 'GET' && url.pathname === '/api/search' ? this.answer(url) : undefined));
  }

  /**
   * A hit for `message` (stored in the fake already), whose excerpt is its content with each
   * occurrence of `word` highlighted, ignoring case.
   */
  hitFor(message: Message, word: string): SearchHit {
    const server = this.hearth.servers.find((candidate) => candidate.channels.some((channel) => channel.id === message.channelId));
    const channel = server?.channels.find((candidate) => candidate.id === message.channelId);
    const highlights = [...message.content.matchAll(new RegExp(word, 'gi'))].map((match) => ({
      start: match.index,
      end: match.index + match[0].length,
    }));
    // The REST form of a message lists every field; the fake's socket form may leave some out.
    const rest = { clientId: null, version: message.seq, editedAt: null, deleted: false, replyTo: null, threadId: null, ...message };
    return {
      message: {
        thread: null,
        mentions: [],
        reactions: [],
        ...rest,
        attachments: (message.attachments ?? []).map((file) => ({ width: null, height: null, ...file })),
      },
      serverId: server?.id ?? '',
      channelName: channel?.name ?? '',
      excerpt: message.content,
      highlights,
    };
  }

  /** Lets the answers held so far go. */
  release(): void {
    this.hold = false;
    for (const answer of this.held.splice(0)) answer();
  }

  private async answer(url: URL): Promise<Response> {
    this.asked.push(url.searchParams);
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    const refused = this.refuseNext;
    this.refuseNext = undefined;
    if (refused) {
      const problem = {
        type: '/problems/invalid_input',
        title: 'Invalid input',
        status: 400,
        detail: refused,
        code: 'invalid_input',
        field: 'q',
      };
      return new Response(JSON.stringify(problem), { status: 400, headers: { 'content-type': 'application/problem+json' } });
    }
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 25);
    const page = { results: this.hits.slice(offset, offset + limit), hasMore: this.hits.length > offset + limit };
    return new Response(JSON.stringify(page), { status: 200, headers: { 'content-type': 'application/json' } });
  }
}
