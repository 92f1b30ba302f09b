import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { keyedRows } from './keyed-rows.js';

/** Renders one `<p>` per key into `host`, and returns the `<p>` elements by key. */
function show(host: HTMLElement, keys: string[]): Map<string, Element> {
  render(
    html`<div>
      ${keyedRows(
        keys,
        (key) => key,
        (key) => html`<p>${key}</p>`,
      )}
    </div>`,
    host,
  );
  return new Map([...host.querySelectorAll('p')].map((row) => [row.textContent, row]));
}

const order = (host: HTMLElement) => [...host.querySelectorAll('p')].map((row) => row.textContent);

describe('keyedRows', () => {
  it("keeps each row's element while its key stays, whatever comes, goes or moves around it", () => {
    const host = document.createElement('div');
    const first = show(host, ['a', 'b', 'c', 'd']);
    for (const keys of [
      ['b', 'c', 'd', 'e', 'f'], // the window slides down
      ['z', 'b', 'c', 'd', 'e', 'f'], // an older row comes in above
      ['z', 'b', 'x', 'd', 'e', 'f'], // one row in the middle is replaced
      ['f', 'e', 'd', 'x', 'b', 'z'], // reversed
      ['d', 'b', 'd', 'z'], // a key twice: the second gets an element of its own
      [],
      ['d', 'q'],
    ]) {
      const before = new Map([...host.querySelectorAll('p')].map((row) => [row.textContent, row]));
      const now = show(host, keys);
      expect(order(host)).to.deep.equal(keys);
      for (const key of new Set(keys)) {
        if (before.has(key)) expect(now.get(key) === before.get(key) || keys.indexOf(key) !== keys.lastIndexOf(key), key).to.equal(true);
      }
    }
    expect(first.get('d')!.isConnected).to.equal(false);
  });

  it('moves no row that stays when rows come and go only at the ends', () => {
    const host = document.createElement('div');
    show(host, ['a', 'b', 'c']);
    const observer = new MutationObserver(() => {});
    observer.observe(host, { childList: true, subtree: true });
    const rows = show(host, ['b', 'c', 'd']);
    const moved = observer.takeRecords().flatMap((record) => [...record.addedNodes].filter((node) => node instanceof HTMLElement));
    observer.disconnect();
    expect(moved).to.deep.equal([rows.get('d')]);
  });
});
