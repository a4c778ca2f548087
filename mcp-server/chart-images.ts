import type { ImageContent } from "@modelcontextprotocol/sdk/types.js";
import { chartsForResult } from "../tools/charts/charts-for-result.ts";
import type { ChartRenderer } from "../tools/ports/chart-renderer.ts";
import type { Logger } from "../tools/ports/logger.ts";

/**
 * PNG image blocks of a result's charts (none for tools without charts). A chart that fails
 * to draw is logged and left out: the tool's result stands without it.
 */
export async function chartImages(
  renderer: ChartRenderer,
  toolName: string,
  result: unknown,
  log: Logger,
): Promise<ImageContent[]> {
  const images: ImageContent[] = [];
  for (const chart of chartsForResult(toolName, result)) {
    try {
      const png = await renderer.renderPng(chart);
      images.push({
        type: "image",
        data: Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString("base64"),
        mimeType: "image/png",
      });
    } catch (error) {
      log.warn({ tool: toolName, chart: chart.title, err: error }, "chart not rendered");
    }
  }
  return images;
}
