/**
 * Charts drawn on the server as SVG markup: no JavaScript, nothing the Content-Security-Policy
 * forbids (colours are SVG presentation attributes, not style attributes). Each chart is an image
 * with a text alternative (`role="img"`, <title>, <desc>); pages put its data table beside it.
 * The geometry is in pure functions (`barGeometry`, `columnGeometry`), unit-tested.
 */

export type Bar = {
  label: string;
  value: number /** Drawn behind the value, lighter (e.g. "reached" behind "completed"). */;
  back?: number;
};

const WIDTH = 640;
const ROW = 28;
const LABEL = 220;
const VALUE_ROOM = 70;
const INK = '#1f2a3d';
const BAR = '#2f5d9e';
const BACK = '#c9d6ea';

/** Where each horizontal bar goes: widths proportional to the largest value (or back value). */
export function barGeometry(bars: readonly Bar[], width = WIDTH - LABEL - VALUE_ROOM) {
  const max = Math.max(1, ...bars.map((b) => Math.max(b.value, b.back ?? 0)));
  return bars.map((bar, i) => ({
    ...bar,
    y: i * ROW,
    width: Math.round((bar.value / max) * width),
    backWidth: bar.back === undefined ? 0 : Math.round((bar.back / max) * width),
  }));
}

/** Vertical bars over evenly spaced slots, heights proportional to the largest value. */
export function columnGeometry(bars: readonly Bar[], width: number, height: number) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = bars.length ? width / bars.length : width;
  return bars.map((bar, i) => {
    const h = Math.round((bar.value / max) * height);
    return { ...bar, x: Math.round(i * slot + slot * 0.15), width: Math.max(1, Math.round(slot * 0.7)), height: h, y: height - h };
  });
}

type ChartText = { id: string; title: string; desc: string };

/** Horizontal bars, one row per item: label, bar (and its back bar), value text. */
export function HorizontalBars({
  id,
  title,
  desc,
  bars,
  valueText,
}: ChartText & { bars: readonly Bar[]; valueText: (bar: Bar) => string }) {
  const rows = barGeometry(bars);
  const height = Math.max(ROW, rows.length * ROW);
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      {rows.map((row) => (
        <g>
          <text x={LABEL - 8} y={row.y + ROW / 2 + 5} text-anchor="end" font-size="13" fill={INK}>
            {clip(row.label, 30)}
          </text>
          {row.backWidth > 0 && <rect x={LABEL} y={row.y + 4} width={row.backWidth} height={ROW - 8} fill={BACK} />}
          <rect x={LABEL} y={row.y + 4} width={row.width} height={ROW - 8} fill={BAR} />
          <text x={LABEL + Math.max(row.width, row.backWidth) + 6} y={row.y + ROW / 2 + 5} font-size="13" fill={INK}>
            {valueText(row)}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Vertical bars over a time axis (weeks): the first and last labels under the axis, values above the bars. */
export function ColumnBars({ id, title, desc, bars }: ChartText & { bars: readonly Bar[] }) {
  const plot = { left: 10, top: 20, width: WIDTH - 20, height: 160 };
  const columns = columnGeometry(bars, plot.width, plot.height);
  const height = plot.top + plot.height + 30;
  const first = bars[0];
  const last = bars.at(-1);
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      <line x1={plot.left} x2={plot.left + plot.width} y1={plot.top + plot.height} y2={plot.top + plot.height} stroke={INK} />
      {columns.map((c) => (
        <g>
          <rect x={plot.left + c.x} y={plot.top + c.y} width={c.width} height={c.height} fill={BAR} />
          {c.value > 0 && (
            <text x={plot.left + c.x + c.width / 2} y={plot.top + c.y - 4} text-anchor="middle" font-size="12" fill={INK}>
              {String(c.value)}
            </text>
          )}
        </g>
      ))}
      {first && (
        <text x={plot.left} y={height - 8} font-size="12" fill={INK}>
          {first.label}
        </text>
      )}
      {last && last !== first && (
        <text x={plot.left + plot.width} y={height - 8} text-anchor="end" font-size="12" fill={INK}>
          {last.label}
        </text>
      )}
    </svg>
  );
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
