// @hearth/sdk/search at unit level: msw answers on a made-up origin, so the query string, each
// refusal and a broken answer can be seen. packages/sdk/test/search.test.ts runs it against a real server.
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { ChatApiError, type ChatClient, createChatClient } from './index.js';
import { message, mock, origin, stops } from './scripted-server.test-support.js';
import { type SearchPage, searchMessages } from './search.js';

const page: SearchPage = {
  results: [
    {
      message: { ...message(4, { content: 'we deploy on friday' }), threadId: null, thread: null, mentions: [], attachments: [] },
      serverId: 's_1',
      channelName: 'general',
      excerpt: 'we deploy on friday',
      highlights: [{ start: 3, end: 9 }],
    },
  ],
  hasMore: true,
} as SearchPage;

function client(): ChatClient {
  const chat = createChatClient({ url: origin, token: 't' });
  stops.push(() => chat.close());
  return chat;
}

/** Answers searches with `answer` and records each query string with its token. */
function searches(answer: () => Response = () => HttpResponse.json(page)): Array<Record<string, string>> {
  const seen: Array<Record<string, string>> = [];
  mock.use(
    http.get(`${origin}/api/search`, ({ request }) => {
      seen.push({
        ...Object.fromEntries(new URL(request.url).searchParams),
        authorization: request.headers.get('authorization') ?? '',
      });
      return answer();
    }),
  );
  return seen;
}

describe('searchMessages', () => {
  it('sends the query whole, quotes and signs included, and resolves with the page', async () => {
    const seen = searches();
    const query = 'deploy & "release notes" from:@ada in:#ops 100% café?';

    await expect(searchMessages(client(), query)).resolves.toEqual(page);

    expect(seen).toEqual([{ q: query, authorization: 'Bearer t' }]);
  });

  it('passes serverId, limit and offset when given, and only then', async () => {
    const seen = searches();
    const chat = client();

    await searchMessages(chat, 'deploy', { serverId: 's_1', limit: 10, offset: 20 });
    await searchMessages(chat, 'deploy', { offset: 0 });

    expect(seen).toEqual([
      { q: 'deploy', serverId: 's_1', limit: '10', offset: '20', authorization: 'Bearer t' },
      { q: 'deploy', offset: '0', authorization: 'Bearer t' },
    ]);
  });

  it('rejects with the ChatApiError of a refusal, its field included', async () => {
    searches(() =>
      HttpResponse.json(
        {
          type: '/problems/invalid_input',
          title: 'Invalid input',
          status: 400,
          detail: 'before: wants YYYY-MM-DD',
          code: 'invalid_input',
          field: 'q',
        },
        { status: 400 },
      ),
    );

    const error = await searchMessages(client(), 'before:soon').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_input', problem: { field: 'q', detail: 'before: wants YYYY-MM-DD' } });
  });

  it('rejects a page whose hits break the contract as invalid_response', async () => {
    searches(() => HttpResponse.json({ results: [{ ...page.results[0], highlights: [{ start: -1, end: 2 }] }], hasMore: false }));

    const error = (await searchMessages(client(), 'deploy').catch((caught: unknown) => caught)) as ChatApiError;

    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('results.0.highlights.0.start');
  });

  it('is cancelled by its signal: a newer query replaces an older one', async () => {
    const seen = searches();
    const older = new AbortController();

    const abandoned = searchMessages(client(), 'dep', { signal: older.signal }).catch((caught: unknown) => caught);
    older.abort();

    expect(((await abandoned) as DOMException).name).toBe('AbortError');
    await expect(searchMessages(client(), 'deploy')).resolves.toEqual(page);
    expect(seen.at(-1)?.q).toBe('deploy');
  });
});
