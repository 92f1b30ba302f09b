import { expect } from '@open-wc/testing';
import { type MarkdownInline, parseMarkdown } from './markdown.js';

/** The inlines of a message that is one paragraph. */
function inline(source: string): MarkdownInline[] {
  const blocks = parseMarkdown(source);
  expect(blocks).to.have.length(1);
  expect(blocks[0]!.type).to.equal('paragraph');
  return (blocks[0] as { children: MarkdownInline[] }).children;
}

describe('parseMarkdown', () => {
  it('keeps plain text, its line breaks included, as one paragraph of text', () => {
    expect(inline('hello\nworld  ')).to.deep.equal(['hello\nworld  ']);
    expect(parseMarkdown('')).to.deep.equal([{ type: 'paragraph', children: [] }]);
  });

  it('parses bold, italic and strike with either marker', () => {
    expect(inline('**a** __b__ *c* _d_ ~~e~~')).to.deep.equal([
      { type: 'strong', children: ['a'] },
      ' ',
      { type: 'strong', children: ['b'] },
      ' ',
      { type: 'em', children: ['c'] },
      ' ',
      { type: 'em', children: ['d'] },
      ' ',
      { type: 'strike', children: ['e'] },
    ]);
  });

  it('parses inline code, whose content is literal', () => {
    expect(inline('run `**npm** [x](https://a.com) \\*` now')).to.deep.equal([
      'run ',
      { type: 'code', text: '**npm** [x](https://a.com) \\*' },
      ' now',
    ]);
    expect(inline('``a ` b``')).to.deep.equal([{ type: 'code', text: 'a ` b' }]);
  });

  it('nests spans: bold in italic, italic in bold, a link in bold, code in strike', () => {
    expect(inline('*it **bold** it*')).to.deep.equal([{ type: 'em', children: ['it ', { type: 'strong', children: ['bold'] }, ' it'] }]);
    expect(inline('**bold *it* bold**')).to.deep.equal([
      { type: 'strong', children: ['bold ', { type: 'em', children: ['it'] }, ' bold'] },
    ]);
    expect(inline('***both***')).to.deep.equal([{ type: 'strong', children: [{ type: 'em', children: ['both'] }] }]);
    expect(inline('**see [docs](https://example.com/docs)**')).to.deep.equal([
      { type: 'strong', children: ['see ', { type: 'link', href: 'https://example.com/docs', children: ['docs'] }] },
    ]);
    expect(inline('~~old `x`~~')).to.deep.equal([{ type: 'strike', children: ['old ', { type: 'code', text: 'x' }] }]);
    expect(inline('[**bold** link](https://example.com)')).to.deep.equal([
      { type: 'link', href: 'https://example.com/', children: [{ type: 'strong', children: ['bold'] }, ' link'] },
    ]);
  });

  it('leaves unclosed or unopenable markers as written', () => {
    expect(inline('**not bold')).to.deep.equal(['**not bold']);
    expect(inline('a * b * c')).to.deep.equal(['a * b * c']);
    expect(inline('`open code')).to.deep.equal(['`open code']);
    expect(inline('~~ x~~')).to.deep.equal(['~~ x~~']);
    expect(inline('****')).to.deep.equal(['****']);
    expect(inline('[text](https://example.com')).to.deep.equal([
      '[text](',
      { type: 'link', href: 'https://example.com/', children: ['https://example.com'] },
    ]);
    expect(inline('[text] (https://a.com)')).to.deep.equal([
      '[text] (',
      { type: 'link', href: 'https://a.com/', children: ['https://a.com'] },
      ')',
    ]);
  });

  it('keeps underscores inside words (snake_case) as text', () => {
    expect(inline('call snake_case_name and __init__')).to.deep.equal([
      'call snake_case_name and ',
      { type: 'strong', children: ['init'] },
    ]);
  });

  it('lets a backslash escape any marker, and keeps other backslashes', () => {
    expect(inline('\\*not it\\* \\`x\\` \\[a](https://a.com) \\\\ C:\\dir')).to.deep.equal([
      '*not it* `x` [a](',
      { type: 'link', href: 'https://a.com/', children: ['https://a.com'] },
      ') \\ C:\\dir',
    ]);
  });

  it('autolinks http, https and mailto addresses, without closing punctuation or inner markers', () => {
    expect(inline('see https://example.com/a_b_c. or mailto:ada@example.com!')).to.deep.equal([
      'see ',
      { type: 'link', href: 'https://example.com/a_b_c', children: ['https://example.com/a_b_c'] },
      '. or ',
      { type: 'link', href: 'mailto:ada@example.com', children: ['mailto:ada@example.com'] },
      '!',
    ]);
    expect(inline('**https://example.com**')).to.deep.equal([
      { type: 'strong', children: [{ type: 'link', href: 'https://example.com/', children: ['https://example.com'] }] },
    ]);
    expect(inline('ftp://example.com xhttps://example.com')).to.deep.equal(['ftp://example.com xhttps://example.com']);
  });

  it('makes [text](url) a link for http, https and mailto only', () => {
    expect(inline('[a](http://a.com) [b](HTTPS://B.com/x) [c](mailto:c@d.org)')).to.deep.equal([
      { type: 'link', href: 'http://a.com/', children: ['a'] },
      ' ',
      { type: 'link', href: 'https://b.com/x', children: ['b'] },
      ' ',
      { type: 'link', href: 'mailto:c@d.org', children: ['c'] },
    ]);
    for (const source of [
      '[x](javascript:alert(1))',
      '[x](JAVASCRIPT:alert(1))',
      '[x]( javascript:alert(1))',
      '[x](java\tscript:alert(1))',
      '[x](data:text/html,<script>alert(1)</script>)',
      '[x](vbscript:msgbox)',
      '[x](/relative)',
      '[x](//evil.example)',
    ]) {
      expect(inline(source), source).to.deep.equal([source]);
    }
    // A target with a space is no link target; the address in it is still an address.
    expect(inline('[x](https://a.com b)')).to.deep.equal([
      '[x](',
      { type: 'link', href: 'https://a.com/', children: ['https://a.com'] },
      ' b)',
    ]);
  });

  it('never nests a link in a link', () => {
    expect(inline('[see https://a.com](https://b.com)')).to.deep.equal([
      { type: 'link', href: 'https://b.com/', children: ['see https://a.com'] },
    ]);
  });

  it('parses fenced code blocks with their language, their content literal', () => {
    const blocks = parseMarkdown('before\n```ts\nconst a = **1**;\n  <b>x</b>\n```\nafter');
    expect(blocks).to.deep.equal([
      { type: 'paragraph', children: ['before'] },
      { type: 'code-block', lang: 'ts', text: 'const a = **1**;\n  <b>x</b>' },
      { type: 'paragraph', children: ['after'] },
    ]);
    expect(parseMarkdown('```\nplain\nend```')).to.deep.equal([{ type: 'code-block', lang: '', text: 'plain\nend' }]);
  });

  it('leaves an unclosed fence as text', () => {
    expect(parseMarkdown('```js\nnever closed')).to.deep.equal([{ type: 'paragraph', children: ['```js\nnever closed'] }]);
  });

  it('parses block quotes over consecutive lines, with Markdown inside', () => {
    expect(parseMarkdown('> **quoted**\n> second\n>\nreply')).to.deep.equal([
      {
        type: 'quote',
        children: [{ type: 'paragraph', children: [{ type: 'strong', children: ['quoted'] }, '\nsecond\n'] }],
      },
      { type: 'paragraph', children: ['reply'] },
    ]);
    expect(parseMarkdown('>no space\n\\> escaped')).to.deep.equal([{ type: 'paragraph', children: ['>no space\n> escaped'] }]);
  });

  it('treats HTML and entities as text', () => {
    for (const source of ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '&lt;b&gt; &amp; &#106;avascript:']) {
      expect(inline(source)).to.deep.equal([source]);
    }
  });

  // A parser that backtracks on these inputs takes exponential time and never returns within the
  // test's timeout; no timing is asserted here (benchmarks measure speed, tests behaviour).
  it('returns on input built to make a parser backtrack, showing it as text and links', () => {
    for (const source of [
      '**a '.repeat(1000),
      '*a '.repeat(1333),
      '_a '.repeat(1333),
      '['.repeat(3999) + ']',
      '[a'.repeat(2000),
      '`'.repeat(4000),
    ]) {
      const shown = parseMarkdown(`${source} https://a.com`);
      const nodes = (shown[0] as { children: MarkdownInline[] }).children;
      expect(nodes.at(-1)).to.deep.equal({ type: 'link', href: 'https://a.com/', children: ['https://a.com'] });
      expect(nodes.slice(0, -1)).to.deep.equal([`${source} `]);
    }
    for (const source of ['*_~'.repeat(1333), '> '.repeat(2000), '**'.repeat(2000), '```\n'.repeat(1000)]) {
      expect(JSON.stringify(parseMarkdown(source)).length).to.be.greaterThan(0);
    }
  });

  it('parses a long message full of Markdown in full', () => {
    const source = '**bold** *it* `c` [l](https://a.com) ~~s~~ '.repeat(90);
    const nodes = inline(source);
    expect(nodes.filter((node) => typeof node !== 'string').map((node) => (node as { type: string }).type)).to.deep.equal(
      Array.from({ length: 90 }, () => ['strong', 'em', 'code', 'link', 'strike']).flat(),
    );
  });

  it('parses <@USER_ID> mentions as ids, anywhere but in code, and leaves malformed ones as text', () => {
    expect(inline('hi <@u_ada>, **<@u-b>** `<@u_c>` <@> <@u ada> <@u_d')).to.deep.equal([
      'hi ',
      { type: 'mention', id: 'u_ada' },
      ', ',
      { type: 'strong', children: [{ type: 'mention', id: 'u-b' }] },
      ' ',
      { type: 'code', text: '<@u_c>' },
      ' <@> <@u ada> <@u_d',
    ]);
  });
});
