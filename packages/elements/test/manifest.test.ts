import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Declaration {
  tagName?: string;
  customElement?: boolean;
  attributes?: Array<{ name: string }>;
  events?: Array<{ name: string; description?: string; type?: { text: string } }>;
  cssParts?: Array<{ name: string }>;
  cssProperties?: Array<{ name: string }>;
}

const manifest = JSON.parse(readFileSync(new URL('../custom-elements.json', import.meta.url), 'utf8')) as {
  modules: Array<{ declarations?: Declaration[] }>;
};
const elements = new Map(
  manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .filter((d) => d.customElement && d.tagName)
    .map((d) => [d.tagName, d]),
);
const names = (list: Array<{ name: string }> | undefined) => (list ?? []).map((item) => item.name);

describe('custom-elements.json', () => {
  it('lists every element', () => {
    expect([...elements.keys()].sort()).toEqual([
      'chat-app',
      'chat-channels',
      'chat-create-server',
      'chat-invite',
      'chat-members',
      'chat-messages',
      'chat-provider',
      'chat-search',
      'chat-server-list',
      'chat-server-settings',
      'chat-thread',
    ]);
  });

  it.each([
    ['chat-server-list', ['category', 'member', 'server-id', 'theme'], ['chat-server-select']],
    ['chat-channels', ['server-id', 'channel-id', 'invite-base', 'theme'], ['chat-channel-select', 'chat-not-found']],
    ['chat-messages', ['server-id', 'channel-id', 'theme'], ['chat-not-found', 'chat-thread-open']],
    [
      'chat-app',
      ['server-id', 'channel-id', 'member', 'invite', 'invite-base', 'theme'],
      ['chat-server-select', 'chat-channel-select', 'chat-not-found', 'chat-search-open', 'chat-unread-change'],
    ],
    ['chat-search', ['server-id', 'query', 'closable', 'theme'], ['chat-search-open', 'chat-search-close']],
    ['chat-thread', ['server-id', 'channel-id', 'root-id', 'theme'], ['chat-thread-close']],
    ['chat-members', ['server-id', 'closable', 'theme'], ['chat-members-close']],
    ['chat-invite', ['code', 'theme'], ['chat-server-select']],
    ['chat-create-server', ['theme'], ['chat-server-select']],
    ['chat-server-settings', ['server-id', 'tab', 'theme'], []],
  ])('describes %s with its attributes, events, parts and CSS properties', (tag, attributes, events) => {
    const element = elements.get(tag);
    expect(names(element?.attributes)).toEqual(expect.arrayContaining(attributes));
    expect(names(element?.events).sort()).toEqual([...events].sort());
    for (const event of element?.events ?? []) {
      expect(event.type?.text).toMatch(/^Chat\w+Event$/);
      expect(event.description).toMatch(/detail: \{/);
    }
    expect(element?.cssParts?.length).toBeGreaterThan(2);
    expect(names(element?.cssProperties)).toEqual(expect.arrayContaining(['--chat-fg', '--chat-fg-muted']));
  });

  it('describes the provider by its url and token attributes', () => {
    expect(names(elements.get('chat-provider')?.attributes)).toEqual(['url', 'token']);
  });
});
