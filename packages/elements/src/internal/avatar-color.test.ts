import { expect } from '@open-wc/testing';
import { AVATAR_COLORS, avatarColor } from './avatar-color.js';

describe('avatarColor', () => {
  it('gives each id one slot of the palette, the same every time, and uses every slot', () => {
    const ids = Array.from({ length: 200 }, (_, index) => `u_${index}`);
    const slots = ids.map(avatarColor);
    expect(slots.every((slot) => Number.isInteger(slot) && slot >= 1 && slot <= AVATAR_COLORS)).to.equal(true);
    expect(ids.map(avatarColor)).to.deep.equal(slots);
    expect(new Set(slots).size).to.equal(AVATAR_COLORS);
  });
});
