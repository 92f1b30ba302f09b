import type { User } from '../domain/types.js';
import { mentionedIds } from '../services/mentions.js';
import type { Storage } from '../storage/types.js';

/** The address of a picture of the demo data set, shipped with the server. */
const demoMedia = (name: string) => `/media/demo/${name}.svg`;

// Some people have a picture and some do not, as on any real server: the rest show their initials.
const team: User = { id: 'demo_team', name: 'Hearth Team', avatarUrl: null };
const ada: User = { id: 'demo_ada', name: 'Ada', avatarUrl: demoMedia('avatar-ada') };
const linus: User = { id: 'demo_linus', name: 'Linus', avatarUrl: null };
const grace: User = { id: 'demo_grace', name: 'Grace', avatarUrl: demoMedia('avatar-grace') };

const CATEGORIES = [
  { id: 'ct_gaming', name: 'Gaming', description: 'Play together', iconUrl: demoMedia('category-gaming') },
  { id: 'ct_music', name: 'Music', description: 'Listen, share, make', iconUrl: demoMedia('category-music') },
  { id: 'ct_education', name: 'Education', description: 'Learn in good company', iconUrl: demoMedia('category-education') },
  { id: 'ct_science', name: 'Science & Tech', description: 'Build and discover', iconUrl: demoMedia('category-science') },
];

/**
 * A message of the demo history: its author and content, and what it does beyond that. `replyTo`
 * and `thread` are indexes of earlier messages of the same channel's history; `reactions` are
 * added once the channel's history is in. Mentions are written `<@USER_ID>` in the content.
 */
type DemoMessage = [User, string] | [User, string, { replyTo?: number; thread?: number; reactions?: Array<[User, string]> }];

interface DemoServer {
  id: string;
  name: string;
  description: string;
  categoryId: string;
  icon: string;
  /** The banner over its card in Explore and over its landing view. */
  banner: string;
  owner: User;
  members: User[];
  /** Members who help run the server, with their role; the rest (and every guest who joins) are plain members. */
  staff?: Array<[User, 'admin' | 'moderator']>;
  channels: Array<{ id: string; name: string; topic: string; history: DemoMessage[] }>;
}

const SERVERS: DemoServer[] = [
  {
    id: 's_hearth',
    name: 'Hearth',
    description: 'Say hello! This server shows off Hearth: open it in two tabs and chat with yourself.',
    categoryId: 'ct_science',
    icon: 'server-hearth',
    banner: 'banner-hearth',
    owner: team,
    members: [ada, linus, grace],
    staff: [
      [ada, 'admin'],
      [linus, 'moderator'],
    ],
    channels: [
      {
        id: 'c_hearth_general',
        name: 'general',
        topic: 'Anything goes',
        history: [
          [
            team,
            'Welcome to Hearth! Join the server to start chatting.',
            {
              reactions: [
                [ada, '👋'],
                [linus, '👋'],
                [grace, '🎉'],
              ],
            },
          ],
          [ada, 'Hi all. The docs are at /api/docs if you want to build on this.'],
          [linus, 'Messages arrive over one WebSocket, in order, and survive a reconnect.'],
          [grace, 'Try closing your laptop lid and coming back: nothing gets lost.', { replyTo: 2 }],
          [ada, 'Edits, deletes and reactions ride the same seq line, so they come back after a reconnect too.', { thread: 2 }],
          [
            linus,
            'Exactly, <@demo_ada>: every change takes the next seq, thread replies included.',
            { thread: 2, reactions: [[ada, '👍']] },
          ],
          [team, 'Reply to a message, open a thread, or mention someone with @.', { replyTo: 1 }],
        ],
      },
      {
        id: 'c_hearth_help',
        name: 'help',
        topic: 'Questions about embedding Hearth',
        history: [[team, 'Ask anything about the SDK, the elements or self-hosting.']],
      },
    ],
  },
  {
    id: 's_pixel',
    name: 'Pixel Pals',
    description: 'Retro games, speedruns and the occasional tournament.',
    categoryId: 'ct_gaming',
    icon: 'server-pixel',
    banner: 'banner-pixel',
    owner: linus,
    members: [ada],
    channels: [
      {
        id: 'c_pixel_general',
        name: 'general',
        topic: 'Say hi',
        history: [
          [linus, 'Anyone up for a race tonight?', { reactions: [[ada, '🏁']] }],
          [ada, 'Only if it is the any% category.', { replyTo: 0 }],
        ],
      },
      { id: 'c_pixel_lfg', name: 'looking-for-group', topic: 'Find a party', history: [] },
    ],
  },
  {
    id: 's_lofi',
    name: 'Lo-fi Lounge',
    description: 'Beats to study and relax to.',
    categoryId: 'ct_music',
    icon: 'server-lofi',
    banner: 'banner-lofi',
    owner: grace,
    members: [linus],
    channels: [
      {
        id: 'c_lofi_general',
        name: 'general',
        topic: 'Now playing',
        history: [[grace, 'Share what you are listening to: https://example.com/playlist']],
      },
    ],
  },
  {
    id: 's_typescript',
    name: 'TypeScript Study Group',
    description: 'Types, generics and the occasional compiler error, explained.',
    categoryId: 'ct_education',
    icon: 'server-typescript',
    banner: 'banner-typescript',
    owner: ada,
    members: [grace, linus],
    channels: [
      {
        id: 'c_ts_general',
        name: 'general',
        topic: 'Weekly topic: conditional types',
        history: [
          [ada, 'This week: conditional types. Bring your hardest example.'],
          [grace, 'type IsString<T> = T extends string ? true : false;'],
        ],
      },
      { id: 'c_ts_showcase', name: 'showcase', topic: 'Show what you built', history: [] },
    ],
  },
  {
    id: 's_stargazers',
    name: 'Stargazers',
    description: 'Astronomy for everyone, from backyard telescopes to deep space.',
    categoryId: 'ct_science',
    icon: 'server-stargazers',
    banner: 'banner-stargazers',
    owner: grace,
    members: [ada],
    channels: [
      {
        id: 'c_stars_general',
        name: 'general',
        topic: 'Clear skies!',
        history: [[grace, 'The Perseids peak next week. Who is going out to watch?']],
      },
    ],
  },
];

/**
 * Fills an empty database with the demo data set: categories, servers with icons and banners,
 * channels and a little history with replies, a thread, reactions and a mention. A database that
 * already has servers is left as it is.
 */
export async function seedDemo(storage: Storage): Promise<boolean> {
  if ((await storage.servers.count()) > 0) return false;
  for (const category of CATEGORIES) await storage.categories.create(category);
  for (const demo of SERVERS) {
    const [first, ...more] = demo.channels;
    if (!first) continue;
    await storage.servers.create({
      id: demo.id,
      name: demo.name,
      description: demo.description,
      categoryId: demo.categoryId,
      owner: demo.owner,
      visibility: 'public',
      firstChannel: { id: first.id, name: first.name, topic: first.topic },
    });
    await storage.servers.setImage(demo.id, 'icon', demoMedia(demo.icon));
    await storage.servers.setImage(demo.id, 'banner', demoMedia(demo.banner));
    for (const member of demo.members) await storage.servers.join(demo.id, member);
    for (const [member, role] of demo.staff ?? []) await storage.servers.setRole(demo.id, member.id, role);
    for (const channel of more) {
      await storage.channels.create({ id: channel.id, serverId: demo.id, name: channel.name, topic: channel.topic });
    }
    const members = new Set([demo.owner, ...demo.members].map((member) => member.id));
    for (const channel of demo.channels) {
      const ids: string[] = [];
      for (const [author, content, extras = {}] of channel.history) {
        const at = (index: number | undefined) => (index === undefined ? null : (ids[index] ?? null));
        const { message } = await storage.messages.append({
          channelId: channel.id,
          author,
          clientId: null,
          content,
          replyTo: at(extras.replyTo),
          threadId: at(extras.thread),
          mentions: mentionedIds(content).filter((id) => members.has(id)),
        });
        ids.push(message.id);
      }
      for (const [index, [, , extras]] of channel.history.entries()) {
        for (const [user, emoji] of extras?.reactions ?? []) {
          await storage.messages.react({ channelId: channel.id, messageId: ids[index] as string, user, emoji, added: true });
        }
      }
    }
  }
  return true;
}
