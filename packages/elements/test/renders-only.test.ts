// The elements only render: what they show comes from the SDK's stores, which do the fetching,
// the refreshing and the stale-response guarding in one place. This reads their sources for any
// call that would fetch on its own.
import { readFileSync, readdirSync } from 'node:fs';
import { type ChatClient, createChatClient } from '@hearth/sdk';
import { describe, expect, it } from 'vitest';

const source = new URL('../src/', import.meta.url);
const elementSources = (readdirSync(source, { recursive: true }) as string[])
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => ({ file, text: withoutComments(readFileSync(new URL(file, source), 'utf8')) }));

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

/** The client's REST methods, read off a client so the list follows the SDK: `servers.list`, `me`… */
function restMethods(chat: ChatClient): string[] {
  const namespaces = { servers: chat.servers, categories: chat.categories, messages: chat.messages };
  return [
    ...Object.entries(namespaces).flatMap(([namespace, methods]) =>
      Object.entries(methods)
        .filter(([name, value]) => typeof value === 'function' && !name.startsWith('$'))
        .map(([name]) => `${namespace}.${name}`),
    ),
    'me',
  ];
}

const rest = restMethods(createChatClient({ url: 'http://hearth.test', token: 't' }));
const escape = (text: string) => text.replace(/[.$]/g, '\\$&');
const forbidden = [/\bfetch\s*\(/, ...rest.map((method) => new RegExp(`\\.\\s*${escape(method).replace('\\.', '\\s*\\.\\s*')}\\s*\\(`))];
const offences = (text: string) => forbidden.filter((pattern) => pattern.test(text)).map(String);

describe('the element sources', () => {
  it('are read: every element folder and the shared internals', () => {
    const files = elementSources.map(({ file }) => file);
    expect(files).toEqual(
      expect.arrayContaining([
        'chat-app/chat-app.ts',
        'chat-server-list/chat-server-list.ts',
        'chat-messages/chat-messages.ts',
        'internal/chat-element.ts',
      ]),
    );
    expect(rest).toEqual(expect.arrayContaining(['servers.list', 'servers.get', 'servers.join', 'categories.list', 'messages.list', 'me']));
  });

  it('would catch a REST call or a fetch (the check itself)', () => {
    expect(offences('const servers = await this.chat.servers.list({ member: "me" });')).toHaveLength(1);
    expect(offences('await chat?.servers\n  .join(id)')).toHaveLength(1);
    expect(offences('void this.chat.categories.list().then(show)')).toHaveLength(1);
    expect(offences('const me = await chat.me();')).toHaveLength(1);
    expect(offences("await fetch('/api/servers')")).toHaveLength(1);
    expect(offences('this.servers.setStore(chat?.servers.$list({ member: "me" })); await chat.$memberships.join(id);')).toEqual([]);
  });

  it.each(elementSources.map(({ file, text }) => [file, text]))('%s calls no fetch and no REST method of the client', (_file, text) => {
    expect(offences(text)).toEqual([]);
  });
});
