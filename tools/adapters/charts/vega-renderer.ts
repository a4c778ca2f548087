import { createRequire } from "node:module";
import type { ResvgRenderOptions } from "@resvg/resvg-js";
import type { TopLevelSpec } from "vega-lite";
import type {
  ChartRenderer,
  ChartSpec,
  HeatmapChartSpec,
  TimeChartSpec,
  XYChartSpec,
} from "../../ports/chart-renderer.ts";

export interface VegaChartRendererOptions {
  /** Pixel size of the whole image, titles and legend included (default 900 x 450). */
  width?: number;
  height?: number;
}

const fontFamily = "Inter";
const padding = 12;
const subtitleFontSize = 12;
const require = createRequire(import.meta.url);
/**
 * System fonts stay unloaded (slow, and different on every machine), so resvg needs font files:
 * without one it silently drops every text element. @expo-google-fonts/inter ships Inter as TTF.
 */
const fontFiles = [
  require.resolve("@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf"),
  require.resolve("@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf"),
];

/** Colors that stay apart for readers with common color-vision deficiencies (Okabe-Ito). */
const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"];

/** Charts as PNG: vega-lite compiles to vega, a headless vega View draws SVG, resvg rasterizes it. */
export class VegaChartRenderer implements ChartRenderer {
  private readonly width: number;
  private readonly height: number;

  constructor(options: VegaChartRendererOptions = {}) {
    this.width = options.width ?? 900;
    this.height = options.height ?? 450;
  }

  async renderPng(chart: ChartSpec): Promise<Uint8Array> {
    const { vega, vegaLite, resvg } = await loadLibraries();
    const view = new vega.View(vega.parse(vegaLite.compile(this.vegaLiteSpec(chart)).spec), {
      renderer: "none",
    });
    try {
      const svg = await view.toSVG();
      // Rasterizes on libuv's thread pool, off the event loop.
      const image = await resvg.renderAsync(svg, resvgOptions);
      return new Uint8Array(image.asPng());
    } finally {
      view.finalize();
    }
  }

  /**
   * Headless vega sizes text by estimate (0.8 em a character, wider than Inter's real ~0.55)
   * and cuts what exceeds the title's limit, so long subtitles break at " · " onto more lines.
   */
  private subtitleLines(subtitle: string): string[] {
    const maxChars = Math.floor((this.width - 2 * padding) / (0.8 * subtitleFontSize));
    const lines: string[] = [];
    for (const part of subtitle.split(" · ")) {
      const last = lines.at(-1);
      if (last !== undefined && last.length + 3 + part.length <= maxChars)
        lines[lines.length - 1] = `${last} · ${part}`;
      else lines.push(part);
    }
    return lines;
  }

  /** The vega-lite spec drawn; paste it into the Vega editor to debug a chart. */
  vegaLiteSpec(chart: ChartSpec): TopLevelSpec {
    if (chart.kind === "xy") return this.xySpec(chart);
    if (chart.kind === "heatmap") return this.heatmapSpec(chart);
    return this.timeSpec(chart);
  }

  /** Size, title, padding and fonts every chart shares. */
  private frame(chart: ChartSpec) {
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      width: this.width,
      height: this.height,
      autosize: { type: "fit" as const, contains: "padding" as const },
      padding,
      background: "white",
      title: {
        text: chart.title,
        ...(chart.subtitle ? { subtitle: this.subtitleLines(chart.subtitle) } : {}),
        anchor: "start" as const,
        // Without a limit a long title's estimated width squeezes the plot under "fit".
        limit: this.width - 2 * padding,
      },
      config,
    };
  }

  private colors(names: readonly string[]) {
    return {
      field: "series",
      type: "nominal" as const,
      title: null,
      sort: [...names],
      scale: { domain: [...names], range: palette.slice(0, Math.max(1, names.length)) },
      legend:
        names.length > 1 ? { orient: "top-left" as const, direction: "vertical" as const } : null,
    };
  }

  /** One layer per series, each with its own mark, over a numeric or categorical x axis. */
  private xySpec(chart: XYChartSpec): TopLevelSpec {
    const names = chart.series.map((series) => series.name);
    const categorical = chart.series.some((series) =>
      series.points.some((point) => typeof point.x === "string"),
    );
    const categories = [...new Set(chart.series.flatMap((s) => s.points.map((p) => String(p.x))))];
    return {
      ...this.frame(chart),
      layer: chart.series.map((series) => ({
        data: { values: series.points.map((point) => ({ series: series.name, ...point })) },
        mark:
          series.mark === "line"
            ? { type: "line" as const, strokeWidth: 1.5, point: false }
            : series.mark === "point"
              ? { type: "point" as const, filled: true, size: 120 }
              : { type: "bar" as const },
        encoding: {
          x: categorical
            ? { field: "x", type: "nominal" as const, title: chart.xAxisLabel, sort: categories }
            : {
                field: "x",
                type: "quantitative" as const,
                title: chart.xAxisLabel,
                scale: { zero: false },
              },
          y: { field: "y", type: "quantitative" as const, title: chart.yAxisLabel },
          color: this.colors(names),
        },
      })),
    } as TopLevelSpec;
  }

  /**
   * Squares coloured by value (viridis, which reads in grey and to colour-blind eyes; signed values
   * red to blue around 0), each as
   * wide as the plot divided by the distinct values on its axis, so a grid tiles the plane and
   * scattered samples stay apart; cells without a value grey, the marked point ringed in black.
   */
  private heatmapSpec(chart: HeatmapChartSpec): TopLevelSpec {
    const distinct = (axis: "x" | "y") => new Set(chart.cells.map((cell) => cell[axis])).size;
    const side = Math.min(this.width / distinct("x"), (this.height * 0.8) / distinct("y"));
    const size = Math.min(900, Math.max(16, (side * 0.9) ** 2));
    // Whole numbers (periods, years, months) are labelled as such: "2024", not "2,024.0".
    const whole = (field: "x" | "y") => chart.cells.every((cell) => Number.isInteger(cell[field]));
    const axis = (field: "x" | "y", title: string) => ({
      field,
      type: "quantitative" as const,
      title,
      scale: { zero: false, nice: false, padding: Math.sqrt(size) / 2 + 2 },
      ...(whole(field) ? { axis: { format: "d", tickMinStep: 1 } } : {}),
    });
    return {
      ...this.frame(chart),
      layer: [
        {
          data: { values: chart.cells.filter((cell) => cell.value === null) },
          mark: {
            type: "point" as const,
            shape: "square",
            filled: true,
            opacity: 1,
            size,
            color: "#d9d9d9",
          },
          encoding: { x: axis("x", chart.xAxisLabel), y: axis("y", chart.yAxisLabel) },
        },
        {
          data: { values: chart.cells.filter((cell) => cell.value !== null) },
          mark: { type: "point" as const, shape: "square", filled: true, opacity: 1, size },
          encoding: {
            x: axis("x", chart.xAxisLabel),
            y: axis("y", chart.yAxisLabel),
            color: {
              field: "value",
              type: "quantitative" as const,
              title: chart.valueLabel,
              scale: chart.diverging ? { scheme: "redblue", domainMid: 0 } : { scheme: "viridis" },
            },
          },
        },
        ...(chart.marked
          ? [
              {
                data: { values: [{ x: chart.marked.x, y: chart.marked.y }] },
                mark: {
                  type: "point" as const,
                  shape: "circle",
                  filled: false,
                  color: "black",
                  strokeWidth: 2,
                  size: Math.max(120, size * 2.5),
                },
                encoding: { x: axis("x", chart.xAxisLabel), y: axis("y", chart.yAxisLabel) },
              },
            ]
          : []),
      ],
    } as TopLevelSpec;
  }

  private timeSpec(chart: TimeChartSpec): TopLevelSpec {
    const names = chart.series.map((series) => series.name);
    const values = chart.series.flatMap((series) =>
      series.points.map((point) => ({
        series: series.name,
        timeMs: point.timeMs,
        value: point.value,
      })),
    );
    return {
      ...this.frame(chart),
      data: { values },
      mark: { type: "line", strokeWidth: 1.5, interpolate: "linear" },
      encoding: {
        x: {
          field: "timeMs",
          type: "temporal",
          title: null,
          scale: { type: "utc" },
          // About eight ticks: years over a decade, months over a year (the default gives ~40).
          axis: { tickCount: 8, labelOverlap: true, grid: false },
        },
        y: {
          field: "value",
          type: "quantitative",
          title: chart.yAxisLabel,
          scale: chart.logScale ? { type: "log", nice: false } : { zero: false },
        },
        color: this.colors(names),
      },
    };
  }
}

const config = {
  font: fontFamily,
  view: { stroke: null },
  title: { fontSize: 16, subtitleFontSize, subtitleColor: "#555" },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#e6e6e6" },
  legend: {
    labelFontSize: 11,
    labelLimit: 400,
    fillColor: "rgba(255,255,255,0.85)",
    padding: 6,
  },
};

let libraries:
  | Promise<{
      vega: typeof import("vega");
      vegaLite: typeof import("vega-lite");
      resvg: typeof import("@resvg/resvg-js");
    }>
  | undefined;

/** Loaded on first use: importing vega takes about a second, which `alphadesk mcp` need not wait for. */
function loadLibraries() {
  libraries ??= Promise.all([import("vega"), import("vega-lite"), import("@resvg/resvg-js")]).then(
    ([vega, vegaLite, resvg]) => {
      tameSetToJson();
      return { vega, vegaLite, resvg };
    },
  );
  return libraries;
}

/**
 * Importing vega-lite patches `Set.prototype.toJSON` with a method of no parameters, and
 * discord.js imported after it then fails (`string "Set()" is not iterable`): its primordials call
 * every parameterless method of Set.prototype in search of iterators. The same method declared
 * with the key JSON.stringify passes anyway keeps vega-lite's output and lets discord.js load.
 */
function tameSetToJson(): void {
  const patched = Object.getOwnPropertyDescriptor(Set.prototype, "toJSON");
  if (typeof patched?.value !== "function" || patched.value.length !== 0) return;
  const toJson = patched.value as (this: Set<unknown>) => unknown;
  Object.defineProperty(Set.prototype, "toJSON", {
    ...patched,
    value: function toJSON(this: Set<unknown>, _key?: string) {
      return toJson.call(this);
    },
  });
}

const resvgOptions: ResvgRenderOptions = {
  font: {
    fontFiles,
    loadSystemFonts: false,
    defaultFontFamily: fontFamily,
    sansSerifFamily: fontFamily,
  },
  background: "white",
};
