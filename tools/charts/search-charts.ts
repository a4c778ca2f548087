import type { ChartSpec } from "../ports/chart-renderer.ts";

type Values = Record<string, number | string>;

/** The parts of an optimize_strategy result its search chart uses. */
export interface SearchCharted {
  /** "Sharpe ratio (daily returns, annualized)". */
  objective: string;
  best: { params: Values; objective: number };
  /** Trials that did not fail; a pruned one's value is null. */
  surface: readonly { params: Values; value: number | null }[];
}

const written = (params: Values) =>
  Object.entries(params)
    .map(([name, value]) => `${name} ${value}`)
    .join(", ");

/**
 * What the search found across its parameters, where a plateau or a lone spike shows: over two
 * numeric parameters (the first two) a heatmap, each cell the best over the other parameters and
 * grey where every trial was pruned; over one, the objective against it. Nothing with fewer than
 * two scored trials or no numeric parameter.
 */
export function searchCharts(result: SearchCharted): ChartSpec[] {
  const { params } = result.best;
  const numeric = Object.keys(params).filter((name) => typeof params[name] === "number");
  const scored = result.surface.filter((trial) => trial.value !== null);
  if (scored.length < 2 || numeric.length === 0) return [];
  const label = result.objective.replace(/\s*\(.*$/, "");
  const pruned = result.surface.length - scored.length;
  const counted = `${scored.length} scored trials${pruned > 0 ? `, ${pruned} pruned` : ""}`;
  const best = `best ${written(params)} (${result.best.objective.toFixed(2)})`;
  const [x, y] = numeric as [string, string | undefined];
  const at = (values: Values, name: string) => values[name] as number;
  if (y === undefined)
    return [
      {
        kind: "xy",
        title: `${label} across the search, by ${x}`,
        subtitle: `${counted} · ${best}`,
        xAxisLabel: x,
        yAxisLabel: label,
        series: [
          {
            name: "Trial",
            mark: "point",
            points: scored.map((trial) => ({ x: at(trial.params, x), y: trial.value! })),
          },
        ],
      },
    ];
  // Each cell the best of the trials that share its two values; pruned only where none scored.
  const cells = new Map<string, { x: number; y: number; value: number | null }>();
  for (const trial of result.surface) {
    const cell = { x: at(trial.params, x), y: at(trial.params, y), value: trial.value };
    const key = `${cell.x}|${cell.y}`;
    const held = cells.get(key)?.value ?? null;
    if (!cells.has(key) || (cell.value !== null && (held === null || cell.value > held)))
      cells.set(key, cell);
  }
  const rest = Object.keys(params).filter((name) => name !== x && name !== y);
  return [
    {
      kind: "heatmap",
      title: `${label} across the search, ${x} by ${y}`,
      subtitle: [
        counted + (pruned > 0 ? " (grey)" : ""),
        best,
        ...(rest.length > 0 ? [`each cell the best over ${rest.join(", ")}`] : []),
      ].join(" · "),
      xAxisLabel: x,
      yAxisLabel: y,
      valueLabel: label,
      cells: [...cells.values()],
      marked: {
        x: at(params, x),
        y: at(params, y),
        label: `the best, ${x} ${at(params, x)} and ${y} ${at(params, y)}`,
      },
    },
  ];
}
