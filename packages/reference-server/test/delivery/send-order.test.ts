import { describe, expect, it } from 'vitest';
import { SendOrder } from '../../src/delivery/send-order.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SendOrder', () => {
  it('queues sends in the order they were made, even when a later one is admitted faster', async () => {
    const order = new SendOrder();
    const queued: string[] = [];
    const send = (name: string, admitMs: number) =>
      order.run(
        () => wait(admitMs).then(() => name),
        async (admitted) => {
          queued.push(admitted);
          await wait(5);
          return `${admitted} stored`;
        },
      );
    const results = await Promise.all([send('first', 30), send('second', 0), send('third', 10)]);
    expect(queued).toEqual(['first', 'second', 'third']);
    expect(results).toEqual(['first stored', 'second stored', 'third stored']);
  });

  it('does not wait for a store to finish before admitting the next send', async () => {
    const order = new SendOrder();
    let releaseFirst: () => void = () => {};
    const first = order.run(
      async () => 'first',
      () => new Promise<string>((resolve) => (releaseFirst = () => resolve('first stored'))),
    );
    const second = await order.run(
      async () => 'second',
      async (admitted) => `${admitted} stored`,
    );
    expect(second).toBe('second stored');
    releaseFirst();
    expect(await first).toBe('first stored');
  });

  it('lets the sends after a refused one through, and rejects only the refused one', async () => {
    const order = new SendOrder();
    const refused = order.run(
      () => Promise.reject(new Error('not a member')),
      async () => 'never',
    );
    const next = order.run(
      async () => 'next',
      async (admitted) => admitted,
    );
    await expect(refused).rejects.toThrow('not a member');
    expect(await next).toBe('next');
  });
});
