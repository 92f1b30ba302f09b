import { expect } from '@open-wc/testing';
import { sharedNames, userTag } from './user-tag.js';

describe('userTag', () => {
  it('gives each id a # and four digits, the same every time, different for nearly every other id', () => {
    const ids = Array.from({ length: 500 }, (_, index) => `u_${index}`);
    const tags = ids.map(userTag);
    expect(tags.every((tag) => /^#\d{4}$/.test(tag))).to.equal(true);
    expect(ids.map(userTag)).to.deep.equal(tags);
    // 500 ids among 10,000 tags: a few may meet (the birthday problem), not many.
    expect(new Set(tags).size).to.be.above(480);
    expect(userTag('u_alice1')).not.to.equal(userTag('u_alice2'));
  });
});

describe('sharedNames', () => {
  it('names what two different people go by, not what one person wrote twice, skipping authorless pending messages', () => {
    const alice = { id: 'u_alice1', name: 'Alice', avatarUrl: null };
    const otherAlice = { id: 'u_alice2', name: 'Alice', avatarUrl: null };
    const bob = { id: 'u_bob', name: 'Bob', avatarUrl: null };
    expect([...sharedNames([alice, bob, alice, undefined, bob])]).to.deep.equal([]);
    expect([...sharedNames([alice, bob, otherAlice, alice])]).to.deep.equal(['Alice']);
  });
});
