import { expect } from '@open-wc/testing';
import { RowWindow } from './row-window.js';

const keys = (count: number) => Array.from({ length: count }, (_, index) => `row ${index}`);

describe('RowWindow', () => {
  it('renders the rows around the viewport and stands in for the rest with their estimated height', () => {
    const rowWindow = new RowWindow(100, 50);
    const slice = rowWindow.slice(keys(1000), 10_000, 500);
    // 10,000 px down at 50 px a row is row 200; 100 px of overscan is two rows either side.
    expect(slice).to.deep.equal({ first: 198, end: 212, before: 9900, after: 50 * 1000 - 10_600, scrollTop: 10_000 });
  });

  it('clamps the scroll position to the rows, and Infinity means the end', () => {
    const rowWindow = new RowWindow(0, 50);
    expect(rowWindow.slice(keys(100), Number.POSITIVE_INFINITY, 500)).to.include({ first: 90, end: 100, after: 0, scrollTop: 4500 });
    expect(rowWindow.slice(keys(100), -300, 500)).to.include({ first: 0, end: 10, before: 0, scrollTop: 0 });
    expect(rowWindow.slice(keys(3), 0, 500)).to.include({ first: 0, end: 3, before: 0, after: 0, scrollTop: 0 });
  });

  it('uses measured heights by key, and the average of those measured for the others', () => {
    const rowWindow = new RowWindow(0, 50);
    const rows = keys(10);
    expect(
      rowWindow.measure([
        ['row 0', 100],
        ['row 1', 20],
      ]),
    ).to.equal(true);
    expect(rowWindow.measure([['row 0', 100]])).to.equal(false);
    expect(rowWindow.heightOf('row 0')).to.equal(100);
    expect(rowWindow.heightOf('row 5')).to.equal(60);
    expect(rowWindow.offsetOf(rows, 3)).to.equal(100 + 20 + 60);
    // Measurements follow their rows when older rows are added before them.
    expect(rowWindow.offsetOf(['older', ...rows], 1)).to.equal(60);
  });

  it('forgets the heights of rows that left the list once they outnumber it', () => {
    const rowWindow = new RowWindow(0, 50);
    rowWindow.measure(keys(30).map((key) => [key, 10] as const));
    rowWindow.keepOnly(keys(20));
    expect(rowWindow.heightOf('row 25')).to.equal(10);
    rowWindow.keepOnly(keys(10));
    rowWindow.measure([['row 0', 40]]);
    // Only rows 0-9 are known now: (40 + 9 × 10) / 10.
    expect(rowWindow.heightOf('row 25')).to.equal(13);
  });
});
