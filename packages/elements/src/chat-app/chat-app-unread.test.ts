import { expect, fixture, html } from '@open-wc/testing';
import type { UnreadChangeDetail } from '../events.js';
import { eventually } from '../../test/eventually.js';
import { FakeHearth } from '../../test/fake-hearth.js';
import './chat-app.js';

const bob = { id: 'u_bob', name: 'Bob', avatarUrl: null };

describe('chat-app unread totals', () => {
  it('fires chat-unread-change with the totals over all servers when they change, once per change', async () => {
    const hearth = new FakeHearth();
    hearth.addServer({ id: 's_three', name: 'Quiet Corner', categoryId: 'ct_games', channels: ['general'] });
    hearth.post('c_one_general', 'hi <@u_me>', bob);
    hearth.post('c_one_random', 'news', bob);
    hearth.post('c_three_general', 'more news', bob);
    const told: UnreadChangeDetail[] = [];
    await fixture(
      html`<div
        style="width: 1000px; height: 500px"
        @chat-unread-change=${(event: CustomEvent<UnreadChangeDetail>) => told.push(event.detail)}
      >
        <chat-app .client=${hearth.client()} server-id="s_one"></chat-app>
      </div>`,
    );
    const last = () => told.at(-1);
    await eventually(() => last()?.unread === 3, 'the totals at ready were never told');
    expect(last()).to.deep.equal({ unread: 3, mentions: 1 });

    hearth.post('c_three_general', 'ping <@u_me>', bob);
    await eventually(() => last()?.mentions === 2, 'a new mention elsewhere was never told');
    expect(last()).to.deep.equal({ unread: 4, mentions: 2 });

    // Read in another tab: the totals drop.
    hearth.markRead('c_one_general', 99);
    await eventually(() => last()?.mentions === 1, 'the read was never told');
    expect(last()).to.deep.equal({ unread: 3, mentions: 1 });

    // A change that leaves the totals as they were (an edit) tells nothing new.
    const count = told.length;
    hearth.edit('c_one_random', hearth.messages.get('c_one_random')![0]!.id, 'news, edited');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(told.length).to.equal(count);
    expect(told.filter((detail, index) => index > 0 && JSON.stringify(detail) === JSON.stringify(told[index - 1]))).to.deep.equal([]);
  });
});
