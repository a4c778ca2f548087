import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { AlphadeskError } from "../errors.ts";
import { readBarsCsv } from "./read-bars-csv.ts";

const header = "symbol,timestamp,open,high,low,close,volume";

async function rejection(csv: string): Promise<AlphadeskError> {
  const error = await readBarsCsv(csv).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AlphadeskError);
  return error as AlphadeskError;
}

describe("readBarsCsv", () => {
  it("reads rows per symbol, sorted by time, with ISO or epoch-ms timestamps", async () => {
    const csv = [
      header,
      "GOOG,2024-01-03,11,12,10,11.5,2000",
      "GOOG,2024-01-02T00:00:00Z,10,11,9,10.5,1000",
      `SPY,${Date.UTC(2024, 0, 2)},470,472,468,471,5e6`,
    ].join("\n");
    const series = await readBarsCsv(csv);
    expect(series.map((bars) => bars.symbol)).toEqual(["GOOG", "SPY"]);
    const goog = series[0]!;
    expect(Array.from(goog.timestampMs)).toEqual([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]);
    expect(Array.from(goog.close)).toEqual([10.5, 11.5]);
    expect(Array.from(series[1]!.volume)).toEqual([5e6]);
  });

  it("accepts any column order, extra columns, a BOM and CRLF line ends", async () => {
    const csv = `\uFEFFtimestamp,close,symbol,open,high,low,volume,note\r\n2024-01-02,10,AAA,10,10,10,0,hello\r\n`;
    const [bars] = await readBarsCsv(csv);
    expect(bars!.symbol).toBe("AAA");
    expect(bars!.volume[0]).toBe(0);
  });

  it("reads from a stream", async () => {
    const [bars] = await readBarsCsv(Readable.from([`${header}\n`, "AAA,2024-01-02,1,2,1,2,5\n"]));
    expect(bars!.high[0]).toBe(2);
  });

  it("names every bad line and field, and rejects the whole file", async () => {
    const csv = [
      header,
      "AAA,2024-01-02,10,11,9,10,100",
      "AAA,2024-01-03,10,9,11,10,100",
      "AAA,2024-01-04,-1,11,9,10,100",
      "AAA,yesterday,10,11,9,10,100",
      "AAA,2024-01-05,10,11,9,12,100",
      "AAA,2024-01-06,10,11,9,10,-5",
      "AAA,2024-01-07,10,11,9,ten,100",
    ].join("\n");
    const error = await rejection(csv);
    expect(error.code).toBe("invalid_input");
    expect(error.issues!.map((issue) => issue.path)).toEqual([
      ["line", 3, "low"],
      ["line", 4, "open"],
      ["line", 4, "open"],
      ["line", 5, "timestamp"],
      ["line", 6, "close"],
      ["line", 7, "volume"],
      ["line", 8, "close"],
    ]);
    expect(error.message).toMatch(/line 3: low 11 is above high 9/);
    expect(error.message).toMatch(/line 6: close 12 is outside low\.\.high \(9\.\.11\)/);
    expect(error.message).toMatch(/nothing imported/);
  });

  it("reports a duplicate timestamp with both line numbers", async () => {
    const error = await rejection(
      [
        header,
        "AAA,2024-01-02,1,1,1,1,1",
        "AAA,2024-01-03,1,1,1,1,1",
        "AAA,2024-01-02T00:00:00Z,1,1,1,1,1",
      ].join("\n"),
    );
    expect(error.message).toMatch(
      /line 4: AAA has a second row for 2024-01-02T00:00:00.000Z \(first on line 2\)/,
    );
  });

  it("refuses a header without the required columns, an empty file and malformed CSV", async () => {
    expect((await rejection("symbol,time,open,high,low,close\nAAA,1,1,1,1,1")).message).toMatch(
      /lacks timestamp, volume/,
    );
    expect((await rejection(`${header}\n`)).message).toMatch(/no data rows/);
    expect(
      (await rejection(`${header}\nAAA,2024-01-02,1,1,1,1,1,extra,"unclosed`)).message,
    ).toMatch(/could not be parsed/);
  });

  it("refuses a bad symbol", async () => {
    expect((await rejection(`${header}\nA A,2024-01-02,1,1,1,1,1`)).message).toMatch(
      /line 2: symbol "A A"/,
    );
  });
});
