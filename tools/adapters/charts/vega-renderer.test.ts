import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import type { ChartSpec } from "../../ports/chart-renderer.ts";
import { VegaChartRenderer } from "./vega-renderer.ts";

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const dayMs = 86_400_000;

function line(name: string, length: number, value: (index: number) => number) {
  const startMs = Date.UTC(2021, 0, 4);
  return {
    name,
    points: Array.from({ length }, (_, index) => ({
      timeMs: startMs + index * dayMs,
      value: value(index),
    })),
  };
}

const chart: ChartSpec = {
  title: "Equity against benchmarks",
  subtitle: "Total return: Strategy +25.0% · Buy and hold +30.0%",
  yAxisLabel: "Equity",
  series: [
    line("Strategy", 1000, (index) => 100_000 * (1 + 0.1 * Math.sin(index / 40) + index / 4000)),
    line("Buy and hold", 1000, (index) => 100_000 * (1 + index / 3300)),
  ],
};

/** Width and height from the IHDR chunk, which must come first (PNG spec, section 11.2.2). */
function header(png: Uint8Array) {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return {
    chunk: new TextDecoder().decode(png.subarray(12, 16)),
    width: view.getUint32(16),
    height: view.getUint32(20),
  };
}

/** Pixels in a rectangle that are close to the RGB color given. */
function countPixels(
  image: PNG,
  area: { x: number; y: number; width: number; height: number },
  matches: (red: number, green: number, blue: number) => boolean,
) {
  let count = 0;
  for (let y = area.y; y < area.y + area.height; y++) {
    for (let x = area.x; x < area.x + area.width; x++) {
      const offset = (y * image.width + x) * 4;
      if (matches(image.data[offset]!, image.data[offset + 1]!, image.data[offset + 2]!)) count++;
    }
  }
  return count;
}

describe("VegaChartRenderer", () => {
  it("draws a 900 x 450 PNG whose title text and series lines are visible", async () => {
    const png = await new VegaChartRenderer().renderPng(chart);
    expect([...png.subarray(0, 8)]).toEqual(pngSignature);
    expect(header(png)).toEqual({ chunk: "IHDR", width: 900, height: 450 });

    const image = PNG.sync.read(Buffer.from(png));
    // The title is the only thing in the top band; without a loaded font resvg leaves it blank.
    const dark = (red: number, green: number, blue: number) => red + green + blue < 200;
    const titleBand = { x: 0, y: 0, width: 450, height: 30 };
    expect(countPixels(image, titleBand, dark)).toBeGreaterThan(200);
    // The strategy's line in the first palette color (#0072B2).
    const strategyBlue = (red: number, green: number, blue: number) =>
      Math.abs(red - 0x00) < 40 && Math.abs(green - 0x72) < 40 && Math.abs(blue - 0xb2) < 40;
    const plot = { x: 0, y: 60, width: 900, height: 390 };
    expect(countPixels(image, plot, strategyBlue)).toBeGreaterThan(500);
  });

  it("honours the size asked for, also on a log axis", async () => {
    const png = await new VegaChartRenderer({ width: 640, height: 360 }).renderPng({
      title: "DEMO1 close",
      yAxisLabel: "Price",
      series: [line("Close", 300, (index) => 10 * 1.01 ** index)],
      logScale: true,
    });
    expect([...png.subarray(0, 8)]).toEqual(pngSignature);
    expect(header(png)).toEqual({ chunk: "IHDR", width: 640, height: 360 });
  });

  it("draws x/y charts: a frontier line with its chosen point in the second color, and bars over categories", async () => {
    const renderer = new VegaChartRenderer();
    const frontier: ChartSpec = {
      kind: "xy",
      title: "Efficient frontier (annualized)",
      xAxisLabel: "Volatility (%)",
      yAxisLabel: "Expected return (%)",
      series: [
        {
          name: "Efficient frontier",
          mark: "line",
          points: Array.from({ length: 20 }, (_, i) => ({ x: 8 + i, y: 4 + 6 * Math.sqrt(i) })),
        },
        { name: "hrp portfolio", mark: "point", points: [{ x: 14, y: 17 }] },
      ],
    };
    const spec = renderer.vegaLiteSpec(frontier) as { layer: { mark: { type: string } }[] };
    expect(spec.layer.map((layer) => layer.mark.type)).toEqual(["line", "point"]);
    const image = PNG.sync.read(Buffer.from(await renderer.renderPng(frontier)));
    // The chosen portfolio's dot in the second palette color (#E69F00, points drawn at 70%
    // opacity over white) where x 14 and y 17 fall on this plot, away from the legend.
    const orange = (red: number, green: number, blue: number) =>
      red > 200 && green > 150 && green < 210 && blue < 130;
    expect(countPixels(image, { x: 290, y: 210, width: 26, height: 26 }, orange)).toBeGreaterThan(
      50,
    );

    const weights: ChartSpec = {
      kind: "xy",
      title: "Weights (hrp)",
      xAxisLabel: "Asset",
      yAxisLabel: "Weight (%)",
      series: [
        {
          name: "Weight",
          mark: "bar",
          points: [
            { x: "trend", y: 61.3 },
            { x: "carry", y: 16.2 },
            { x: "value", y: 15.3 },
          ],
        },
      ],
    };
    const bars = renderer.vegaLiteSpec(weights) as {
      layer: { encoding: { x: { type: string; sort: string[] } } }[];
    };
    expect(bars.layer[0]!.encoding.x).toMatchObject({
      type: "nominal",
      sort: ["trend", "carry", "value"],
    });
    const barImage = PNG.sync.read(Buffer.from(await renderer.renderPng(weights)));
    const blue = (red: number, green: number, blue: number) =>
      Math.abs(red - 0x00) < 40 && Math.abs(green - 0x72) < 40 && Math.abs(blue - 0xb2) < 40;
    expect(countPixels(barImage, { x: 0, y: 60, width: 900, height: 390 }, blue)).toBeGreaterThan(
      5000,
    );
  });
  it("draws a heatmap: cells coloured by value (viridis, yellow the highest), grey where pruned, the best ringed", async () => {
    const renderer = new VegaChartRenderer();
    const cells = [5, 10, 15, 20].flatMap((x) =>
      [30, 40, 50].map((y) => ({ x, y, value: x === 20 ? null : (x * y) / 750 })),
    );
    const heatmap: ChartSpec = {
      kind: "heatmap",
      title: "Sharpe ratio across the search, fast by slow",
      xAxisLabel: "fast",
      yAxisLabel: "slow",
      valueLabel: "Sharpe ratio",
      cells,
      marked: { x: 15, y: 50, label: "the best" },
    };
    const spec = renderer.vegaLiteSpec(heatmap) as {
      layer: { data: { values: unknown[] }; mark: { shape: string } }[];
    };
    expect(spec.layer.map((layer) => [layer.mark.shape, layer.data.values.length])).toEqual([
      ["square", 3],
      ["square", 9],
      ["circle", 1],
    ]);
    const image = PNG.sync.read(Buffer.from(await renderer.renderPng(heatmap)));
    const plot = { x: 0, y: 60, width: 780, height: 390 };
    // viridis ends at #fde725; the pruned cells are #d9d9d9.
    const yellow = (red: number, green: number, blue: number) =>
      red > 220 && green > 200 && blue < 80;
    const grey = (red: number, green: number, blue: number) =>
      Math.abs(red - 0xd9) < 6 && Math.abs(green - 0xd9) < 6 && Math.abs(blue - 0xd9) < 6;
    expect(countPixels(image, plot, yellow)).toBeGreaterThan(300);
    expect(countPixels(image, plot, grey)).toBeGreaterThan(1500);
  });

  it("colours a signed heatmap red below 0 and blue above, and labels whole-number axes as such", async () => {
    const renderer = new VegaChartRenderer();
    const heatmap: ChartSpec = {
      kind: "heatmap",
      title: "Returns by month",
      xAxisLabel: "Month",
      yAxisLabel: "Year",
      valueLabel: "Return (%)",
      diverging: true,
      cells: [1, 2, 3].flatMap((x) =>
        [2023, 2024].map((y) => ({ x, y, value: y === 2023 ? -5 : 5 })),
      ),
    };
    const spec = JSON.stringify(renderer.vegaLiteSpec(heatmap));
    expect(spec).toContain('"format":"d"');
    const image = PNG.sync.read(Buffer.from(await renderer.renderPng(heatmap)));
    const plot = { x: 0, y: 60, width: 780, height: 390 };
    // redblue runs from #67001f (the lowest) to #053061 (the highest).
    const red = (r: number, g: number, b: number) => r > 80 && r > 2 * b && g < 40;
    const blue = (r: number, g: number, b: number) => b > 80 && b > 1.5 * g && r < 40;
    expect(countPixels(image, plot, red)).toBeGreaterThan(300);
    expect(countPixels(image, plot, blue)).toBeGreaterThan(300);
  });
});
