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
});
