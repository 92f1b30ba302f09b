// The elements only render: what they show comes from the SDK's stores, which do the fetching,
// the refreshing and the stale-response guarding in one place. This reads their sources for any
// call that would fetch on its own.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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
/**
 * The REST calls an element may make itself, by file: the `@` autocomplete's member search is a
 * query per keystroke whose answers no other view shares, so no store holds them; it drops stale
 * answers itself (the latest lookup wins). Creating a server and uploading its images are in
 * `@hearth/sdk/community`, not methods of the client.
 */
const allowed: Record<string, string[]> = {
  [join('internal', 'mention-autocomplete.ts')]: ['servers.members'],
};
const callOf = (method: string) => new RegExp(`\\.\\s*${escape(method).replace('\\.', '\\s*\\.\\s*')}\\s*\\(`);
const forbiddenIn = (file = '') => [/\bfetch\s*\(/, ...rest.filter((method) => !allowed[file]?.includes(method)).map(callOf)];
const offences = (text: string, file?: string) =>
  forbiddenIn(file)
    .filter((pattern) => pattern.test(text))
    .map(String);

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

  it.each(elementSources.map(({ file, text }) => [file, text]))('%s calls no fetch and no REST method of the client', (file, text) => {
    expect(offences(text, file)).toEqual([]);
  });

  it('lets only the mention autocomplete search the members', () => {
    expect(offences('await chat.servers.members(serverId, { prefix })')).toHaveLength(1);
    expect(offences('await chat.servers.members(serverId, { prefix })', join('internal', 'mention-autocomplete.ts'))).toEqual([]);
    expect(elementSources.find(({ file }) => file === join('internal', 'mention-autocomplete.ts'))?.text).toMatch(
      callOf('servers.members'),
    );
  });
});
