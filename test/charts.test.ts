import { describe, expect, it } from 'vitest';
import { barGeometry, ColumnBars, columnGeometry, HorizontalBars } from '../src/charts';

describe('barGeometry', () => {
  it('scales bars to the largest value or back value, one row each', () => {
    const rows = barGeometry(
      [
        { label: 'a', value: 2, back: 4 },
        { label: 'b', value: 1, back: 2 },
        { label: 'c', value: 0 },
      ],
      200,
    );
    expect(rows.map((r) => [r.y, r.width, r.backWidth])).toEqual([
      [0, 100, 200],
      [28, 50, 100],
      [56, 0, 0],
    ]);
  });

  it('draws nothing wide when every value is 0', () => {
    expect(barGeometry([{ label: 'a', value: 0 }], 200)[0]!.width).toBe(0);
  });
});

describe('columnGeometry', () => {
  it('puts columns in even slots with heights proportional to the largest', () => {
    const columns = columnGeometry(
      [
        { label: 'w1', value: 4 },
        { label: 'w2', value: 1 },
      ],
      100,
      80,
    );
    expect(columns.map((c) => [c.x, c.width, c.height, c.y])).toEqual([
      [8, 35, 80, 0],
      [58, 35, 20, 60],
    ]);
  });
});

describe('chart markup', () => {
  it('is an image with a title and a description, coloured by attributes, not styles', () => {
    const funnel = String(
      HorizontalBars({
        id: 'f',
        title: 'Funnel',
        desc: 'Where they stop',
        bars: [{ label: '<b>', value: 1, back: 2 }],
        valueText: (b) => `${b.value}/${b.back}`,
      }),
    );
    expect(funnel).toMatch(/^<svg class="chart" role="img" aria-labelledby="f-title f-desc"/);
    expect(funnel).toContain('<title id="f-title">Funnel</title><desc id="f-desc">Where they stop</desc>');
    expect(funnel).toContain('&lt;b&gt;');
    expect(funnel).toContain('>1/2</text>');
    expect(funnel).toContain('fill="#2f5d9e"');
    expect(funnel).not.toContain('style=');
    const weeks = String(ColumnBars({ id: 'w', title: 'Weeks', desc: 'Per week', bars: [{ label: '2026-01-05', value: 3 }] }));
    expect(weeks).toContain('role="img"');
    expect(weeks).toContain('>2026-01-05</text>');
    expect(weeks).toContain('>3</text>');
  });
});
