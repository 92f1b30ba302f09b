import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { type MentionNames, renderMarkdown } from './render-markdown.js';

/** Renders a message's text into a fresh element, as a row does. */
function show(content: string, mentions?: MentionNames): HTMLElement {
  const container = document.createElement('div');
  render(renderMarkdown(content, mentions), container);
  return container;
}

/** Every element the text became, by tag, with every attribute it carries (sorted by name). */
function elements(container: HTMLElement): string[] {
  return [...container.querySelectorAll('*')].map((node) =>
    [node.localName, ...[...node.attributes].map((attribute) => `${attribute.name}=${attribute.value}`).sort()].join(' '),
  );
}

describe('renderMarkdown', () => {
  it('builds each construct into its element', () => {
    const container = show('**b** *i* ~~s~~ `c` [l](https://example.com/x)\n```py\nprint(1)\n```\n> quoted');
    expect(elements(container)).to.deep.equal([
      'p',
      'strong',
      'em',
      's',
      'code part=code',
      'a href=https://example.com/x rel=noopener noreferrer nofollow target=_blank',
      'pre class=code-block data-lang=py part=code-block tabindex=0',
      'code',
      'blockquote part=quote',
      'p',
    ]);
    expect(container.querySelector('pre')!.textContent).to.equal('print(1)');
    expect(container.querySelector('blockquote')!.textContent).to.equal('quoted');
    expect(container.querySelector('p')!.textContent).to.equal('b i s c l');
  });

  it('keeps line breaks as text and leaves out the language of a fence without one', () => {
    const container = show('one\ntwo\n```\nx\n```');
    expect(container.querySelector('p')!.textContent).to.equal('one\ntwo');
    expect(container.querySelector('pre')!.hasAttribute('data-lang')).to.equal(false);
  });

  it('renders HTML, script and entity payloads as text, creating no element of their own', () => {
    const payloads = [
      '<img src=x onerror="window.__pwnedByMarkdown = true">',
      '<script>window.__pwnedByMarkdown = true</script>',
      '**<img src=x onerror="window.__pwnedByMarkdown = true">**',
      '`<svg onload="window.__pwnedByMarkdown = true">`',
      '```html\n<iframe src="javascript:window.__pwnedByMarkdown = true"></iframe>\n```',
      '> <a href="javascript:alert(1)">quoted</a>',
      '&lt;b&gt;not bold&lt;/b&gt; &#106;avascript:alert(1)',
    ];
    for (const payload of payloads) {
      const container = show(payload);
      const tags = [...container.querySelectorAll('*')].map((node) => node.localName);
      expect(
        tags.every((tag) => ['p', 'strong', 'code', 'pre', 'blockquote'].includes(tag)),
        payload,
      ).to.equal(true);
      expect(container.querySelectorAll('img, script, svg, iframe, a')).to.have.length(0);
      expect(elements(container).join(' '), payload).not.to.match(/onerror|onload|javascript|src=/i);
    }
    expect(show('&lt;b&gt;').textContent).to.equal('&lt;b&gt;');
    expect((window as { __pwnedByMarkdown?: boolean }).__pwnedByMarkdown).to.equal(undefined);
  });

  it('renders links to anything but http, https and mailto as text', () => {
    for (const payload of [
      '[x](javascript:alert(1))',
      '[x](JAVASCRIPT:alert(1))',
      '[x]( javascript:alert(1))',
      '[x](jav&#x09;ascript:alert(1))',
      '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '**[x](javascript:alert(1))**',
      'javascript:alert(1)',
    ]) {
      const container = show(payload);
      expect(container.querySelector('a'), payload).to.equal(null);
      // Shown as written, less the bold markers around one of them.
      expect(container.textContent, payload).to.equal(payload.replaceAll('**', ''));
      expect(elements(container).join(' '), payload).not.to.match(/javascript|data:|href/i);
    }
  });

  it('shows mentions of known users as @Name chips, the reader’s own marked, and any other token as written', () => {
    const users = [
      { id: 'u_ada', name: 'Ada', avatarUrl: null },
      { id: 'u_me', name: '<b>Me</b>', avatarUrl: null },
    ];
    const container = show('<@u_ada> <@u_me> <@u_gone>', { users, me: 'u_me' });
    expect(elements(container)).to.deep.equal([
      'p',
      'span class=mention part=mention',
      'span class=mention mention-me part=mention mention-me',
    ]);
    expect(container.textContent).to.equal('@Ada @<b>Me</b> <@u_gone>');
    expect(show('<@u_ada>').textContent).to.equal('<@u_ada>');
  });
});
