import type { HeatmapChartSpec } from "../../tools/ports/chart-renderer.ts";

/** Low to high; `·` a cell tried without a value (pruned), a space one not tried, `X` the mark. */
const ramp = ".:-=+*#%@";
const width = 48;
const maxRows = 12;

/** Where `value` falls among `slots` evenly spaced over [low, high]. */
const slot = (value: number, low: number, high: number, slots: number) =>
  high === low ? 0 : Math.round(((value - low) / (high - low)) * (slots - 1));

const axisNumber = (value: number) =>
  Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));

/**
 * A heatmap in characters for a terminal: each cell the highest value that falls in it, darker
 * characters higher, the marked point `X`, the y axis rising upward; a legend names the range.
 * Few distinct values on the x axis get wider cells, so the map is never a narrow strip.
 */
export function textHeatmap(chart: HeatmapChartSpec): string | undefined {
  const scored = chart.cells.flatMap((cell) => (cell.value === null ? [] : [cell.value]));
  if (scored.length < 2) return undefined;
  const xs = chart.cells.map((cell) => cell.x);
  const ys = chart.cells.map((cell) => cell.y);
  const [xLow, xHigh] = [Math.min(...xs), Math.max(...xs)];
  const [yLow, yHigh] = [Math.min(...ys), Math.max(...ys)];
  const [low, high] = [Math.min(...scored), Math.max(...scored)];
  const columns = Math.min(width, new Set(xs).size);
  const cellWidth = Math.max(1, Math.min(4, Math.floor(width / columns)));
  const rows = Math.min(maxRows, new Set(ys).size);
  // undefined: nothing tried there; null: tried, no value.
  const grid: (number | null | undefined)[][] = Array.from({ length: rows }, () =>
    new Array<number | null | undefined>(columns).fill(undefined),
  );
  for (const { x, y, value } of chart.cells) {
    const row = grid[rows - 1 - slot(y, yLow, yHigh, rows)]!;
    const column = slot(x, xLow, xHigh, columns);
    const held = row[column];
    if (held === undefined || (value !== null && (held === null || value > held)))
      row[column] = value;
  }
  const mark = chart.marked && {
    row: rows - 1 - slot(chart.marked.y, yLow, yHigh, rows),
    column: slot(chart.marked.x, xLow, xHigh, columns),
  };
  const integers = ys.every(Number.isInteger);
  const lines = grid.map((row, index) => {
    const yValue = rows === 1 ? yLow : yHigh - ((yHigh - yLow) * index) / (rows - 1);
    const cells = row
      .map((value, column) =>
        (mark?.row === index && mark.column === column
          ? "X"
          : value === undefined
            ? " "
            : value === null
              ? "·"
              : ramp[slot(value, low, high, ramp.length)]!
        ).repeat(cellWidth),
      )
      .join("");
    return `${axisNumber(integers ? Math.round(yValue) : yValue).padStart(7)} ┤${cells}`;
  });
  const span = columns * cellWidth;
  const [left, right] = [axisNumber(xLow), axisNumber(xHigh)];
  const pruned = chart.cells.some((cell) => cell.value === null);
  return [
    `${chart.title} (${chart.yAxisLabel} up, ${chart.xAxisLabel} across):`,
    ...lines,
    `${" ".repeat(8)}└${"─".repeat(span)}`,
    `${" ".repeat(9)}${left}${right.padStart(Math.max(right.length + 1, span - left.length))}`,
    [
      `${ramp[0]} ${chart.valueLabel} ${axisNumber(low)} … ${ramp.at(-1)} ${axisNumber(high)}`,
      ...(pruned ? ["· pruned"] : []),
      ...(chart.marked ? [`X ${chart.marked.label}`] : []),
    ].join("; "),
  ].join("\n");
}
