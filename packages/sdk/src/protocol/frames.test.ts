import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CloseCode, ErrorCode, MAX_CLIENT_ID_LENGTH, PROTOCOL_VERSION, clientFrame, sendFrame, serverFrame } from './index.js';

const docsDir = new URL('../../../../docs/', import.meta.url);
const specText = readFileSync(new URL('protocol.md', docsDir), 'utf8');
const jsonSchema = JSON.parse(readFileSync(new URL('protocol.schema.json', docsDir), 'utf8')) as { $id: string };

type Direction = 'client' | 'server';

/** A fenced code block of docs/protocol.md, with the headings it sits under. */
interface CodeBlock {
  lang: string;
  text: string;
  line: number;
  section: string;
  heading: string;
}

function parseSpec(markdown: string): { blocks: CodeBlock[]; headings: Array<{ section: string; heading: string }> } {
  const blocks: CodeBlock[] = [];
  const headings: Array<{ section: string; heading: string }> = [];
  let section = '';
  let heading = '';
  let open: { lang: string; line: number; lines: string[] } | undefined;
  markdown.split('\n').forEach((line, index) => {
    if (open) {
      if (line.startsWith('```')) {
        blocks.push({ lang: open.lang, text: open.lines.join('\n'), line: open.line, section, heading });
        open = undefined;
      } else {
        open.lines.push(line);
      }
    } else if (line.startsWith('```')) {
      open = { lang: line.slice(3).trim(), line: index + 1, lines: [] };
    } else if (line.startsWith('## ')) {
      section = line.slice(3).trim();
      heading = '';
    } else if (line.startsWith('### ')) {
      heading = line.slice(4).trim();
      headings.push({ section, heading });
    }
  });
  return { blocks, headings };
}

const { blocks, headings } = parseSpec(specText);
const directionOf: Record<string, Direction> = { 'Client frames': 'client', 'Server frames': 'server' };
const schemaOf = { client: clientFrame, server: serverFrame } as const;
const frameHeading = /^Frame: '([a-z_]+)'$/;

/** The `type` of every member of a discriminated union of frames. */
function frameTypes(union: typeof clientFrame | typeof serverFrame): string[] {
  return union.def.options.map((option) => String(option.shape.type.def.values[0]));
}

/** The rows of the first markdown table after `## title`, as arrays of trimmed cells. */
function tableRows(title: string): string[][] {
  const start = specText.indexOf(`\n## ${title}\n`);
  expect(start, `docs/protocol.md has a "## ${title}" section`).toBeGreaterThanOrEqual(0);
  const end = specText.indexOf('\n## ', start + 1);
  return specText
    .slice(start, end === -1 ? undefined : end)
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .slice(1) // the header row
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

const ajv = new Ajv2020({ strict: true });
ajv.addSchema(jsonSchema);
const jsonSchemaOf = (direction: Direction) => {
  const validate = ajv.getSchema(`${jsonSchema.$id}#/$defs/${direction === 'client' ? 'ClientFrame' : 'ServerFrame'}`);
  if (!validate) throw new Error('protocol.schema.json has no ClientFrame or ServerFrame');
  return validate;
};

/** Every example frame of the spec: the JSON blocks of the frame sections and the session transcript. */
const examples = [
  ...blocks.flatMap((block) => {
    const direction = directionOf[block.section];
    const type = frameHeading.exec(block.heading)?.[1];
    if (block.lang !== 'json' || !direction || !type) return [];
    return [{ name: `${direction} ${type} (docs/protocol.md:${block.line})`, direction, type, text: block.text }];
  }),
  ...blocks.flatMap((block) =>
    block.text.split('\n').flatMap((line, offset) => {
      const match = /^([→←]) (\{.*\})$/.exec(line);
      if (!match) return [];
      const direction: Direction = match[1] === '→' ? 'client' : 'server';
      return [
        { name: `transcript ${match[1]} (docs/protocol.md:${block.line + 1 + offset})`, direction, type: undefined, text: match[2] ?? '' },
      ];
    }),
  ),
];

describe('docs/protocol.md', () => {
  it('has a frame section with an example for every frame of the schemas, and no other', () => {
    for (const direction of ['client', 'server'] as const) {
      const documented = headings
        .filter(({ section }) => directionOf[section] === direction)
        .map(({ heading }) => frameHeading.exec(heading)?.[1])
        .filter((type) => type !== undefined);
      expect(documented.toSorted(), `${direction} frame headings`).toEqual(frameTypes(schemaOf[direction]).toSorted());
      for (const type of documented) {
        expect(
          examples.some((example) => example.direction === direction && example.type === type),
          `a json example for the ${direction} frame '${type}'`,
        ).toBe(true);
      }
    }
  });

  it.each(examples.map((example) => [example.name, example] as const))('example %s is a valid frame', (_name, example) => {
    const { direction, type, text } = example;
    const frame: unknown = JSON.parse(text);
    const parsed = schemaOf[direction].safeParse(frame);
    expect(parsed.error?.issues ?? []).toEqual([]);
    if (type !== undefined) expect(parsed.data?.type).toBe(type);
    // The generated JSON Schema accepts exactly what zod accepts.
    const validate = jsonSchemaOf(direction);
    expect(validate(frame), JSON.stringify(validate.errors)).toBe(true);
  });

  it('links only to headings that exist', () => {
    // GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered.
    const seen = new Map<string, number>();
    const anchors = new Set(
      [...specText.matchAll(/^#{1,6} (.+)$/gm)].map(([, title = '']) => {
        const slug = title
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, '')
          .replaceAll(' ', '-');
        const count = seen.get(slug) ?? 0;
        seen.set(slug, count + 1);
        return count === 0 ? slug : `${slug}-${count}`;
      }),
    );
    const links = [...specText.matchAll(/\]\(#([^)]+)\)/g)].map(([, anchor]) => anchor);
    expect(links.filter((anchor) => !anchors.has(anchor ?? ''))).toEqual([]);
  });

  it('lists every error code in its error table', () => {
    const codes = tableRows('Error codes').map(([code]) => code?.replaceAll('`', ''));
    expect(codes.toSorted()).toEqual(Object.values(ErrorCode).toSorted());
  });

  it('lists every close code, under its CloseCode name, in its close table', () => {
    const rows = tableRows('Close codes').map(([code, name]) => [Number(code), name?.replaceAll('`', '')]);
    expect(Object.fromEntries(rows.map(([code, name]) => [name, code]))).toEqual(CloseCode);
  });
});

describe('frame schemas', () => {
  const send = { type: 'send', channelId: 'c_general', clientId: 'b2d7c1e0', content: 'hi' };
  const message = {
    id: 'm_1',
    channelId: 'c_general',
    seq: 1,
    author: { id: 'u_1', name: 'Ada', avatarUrl: null },
    content: 'hi',
    createdAt: '2026-03-02T09:14:09.870Z',
  };

  const invalid: Array<[string, Direction, unknown]> = [
    ['a send without clientId', 'client', { type: 'send', channelId: 'c_general', content: 'hi' }],
    ['a send whose content is a number', 'client', { ...send, content: 42 }],
    ['a send whose clientId is too long', 'client', { ...send, clientId: 'x'.repeat(MAX_CLIENT_ID_LENGTH + 1) }],
    ['a send with an empty channelId', 'client', { ...send, channelId: '' }],
    ['an unknown frame type', 'client', { type: 'shout', channelId: 'c_general' }],
    ['a frame without a type', 'client', { channelId: 'c_general' }],
    ['a hello of another protocol version', 'client', { type: 'hello', token: 'jwt', protocol: PROTOCOL_VERSION + 1 }],
    ['a hello whose protocol is a string', 'client', { type: 'hello', token: 'jwt', protocol: String(PROTOCOL_VERSION) }],
    ['a hello with an empty token', 'client', { type: 'hello', token: '', protocol: PROTOCOL_VERSION }],
    ['a subscribe with a negative afterSeq', 'client', { type: 'subscribe', channelId: 'c_general', afterSeq: -1 }],
    ['a subscribe with a fractional afterSeq', 'client', { type: 'subscribe', channelId: 'c_general', afterSeq: 1.5 }],
    ['a server frame sent by a client', 'client', { type: 'pong' }],
    ['a JSON array', 'client', [send]],
    ['a message frame whose seq is 0', 'server', { type: 'message', message: { ...message, seq: 0 } }],
    [
      'a message frame whose author has no avatarUrl',
      'server',
      { type: 'message', message: { ...message, author: { id: 'u_1', name: 'Ada' } } },
    ],
    ['a subscribed frame without complete', 'server', { type: 'subscribed', channelId: 'c_general', missed: [], lastSeq: 0 }],
    ['a typing event without its user', 'server', { type: 'typing', channelId: 'c_general' }],
    ['an error frame without a message', 'server', { type: 'error', code: 'internal' }],
  ];

  it.each(invalid)('rejects %s', (_name, direction, frame) => {
    expect(schemaOf[direction].safeParse(frame).success).toBe(false);
    expect(jsonSchemaOf(direction)(frame)).toBe(false);
  });

  it('names the field at fault in the first issue', () => {
    expect(clientFrame.safeParse({ ...send, clientId: 'x'.repeat(65) }).error?.issues[0]?.path).toEqual(['clientId']);
    expect(clientFrame.safeParse({ type: 'send', channelId: 'c_general', content: 'hi' }).error?.issues[0]?.path).toEqual(['clientId']);
  });

  it('accepts a clientId of exactly the maximum length', () => {
    expect(sendFrame.safeParse({ ...send, clientId: 'x'.repeat(MAX_CLIENT_ID_LENGTH) }).success).toBe(true);
  });

  it('ignores unknown properties, so newer peers can add fields', () => {
    const parsed = clientFrame.safeParse({ ...send, priority: 'high' });
    expect(parsed.data).toEqual(send);
    expect(jsonSchemaOf('client')({ ...send, priority: 'high' })).toBe(true);
  });
});
