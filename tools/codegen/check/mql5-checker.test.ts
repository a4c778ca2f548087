import { describe, expect, it } from "vitest";
import { checkMql5 } from "./mql5-checker.ts";

/** A small expert advisor the checker must accept; each test breaks one line of it. */
const valid = [
  '#property copyright "Alphadesk"', //  1
  '#property version   "1.00"', //      2
  "#include <Trade\\Trade.mqh>", //      3
  "", //                                 4
  "input int InpBars = 10; // Bars", //  5
  "#define LIMIT 3", //                  6
  "CTrade g_trade;", //                  7
  "int    g_count = 0;", //              8
  "", //                                 9
  "int OnInit(void)", //                 10
  "  {", //                              11
  "   g_trade.SetExpertMagicNumber(7);", // 12
  "   return INIT_SUCCEEDED;", //        13
  "  }", //                              14
  "", //                                 15
  "void OnTick(void)", //                16
  "  {", //                              17
  "   double values[];", //              18
  "   ArrayResize(values, InpBars);", // 19
  "   for(int i = 0; i < InpBars && i < LIMIT; i++)", // 20
  "      values[i] = Twice(i);", //      21
  "   long year, month;", //             22
  "   year = month = g_count++;", //     23
  '   Print("done: }) /* ", year); // {', // 24
  "  }", //                              25
  "", //                                 26
  "/* { a block comment */", //          27
  "double Twice(int value)", //          28
  "  {", //                              29
  "   return 2.0 * value;", //           30
  "  }", //                              31
];

/** The source with line `line` (1-based) replaced. */
function withLine(line: number, text: string): string {
  return valid.map((original, index) => (index === line - 1 ? text : original)).join("\n");
}

describe("checkMql5", () => {
  it("accepts a well-formed expert advisor: brackets in strings and comments do not count", () => {
    expect(checkMql5(valid.join("\n"))).toEqual([]);
  });

  it.each([
    ["a brace never closed", 14, "", { line: 11, message: "{ is never closed" }],
    [
      "a stray parenthesis",
      19,
      "   ArrayResize(values, InpBars));",
      { line: 19, message: ") does not close anything (expected } for the { on line 17)" },
    ],
    [
      "a string never closed",
      24,
      '   Print("done);',
      { line: 24, message: 'literal opened with " is never closed' },
    ],
    [
      "a block comment never closed",
      27,
      "/* { a block comment",
      { line: 27, message: "comment is never closed" },
    ],
    [
      "a statement without ;",
      23,
      "   year = month = g_count++",
      { line: 23, message: "statement does not end with ; (year = month = g_count++)" },
    ],
    [
      "a return without ;",
      30,
      "   return 2.0 * value",
      { line: 30, message: "statement does not end with ; (return 2.0 * value)" },
    ],
    [
      "no OnTick handler",
      16,
      "void OnTock(void)",
      { line: 1, message: "the expert advisor has no void OnTick(void) handler" },
    ],
    [
      "no OnInit handler",
      10,
      "int OnStart(void)",
      { line: 1, message: "the expert advisor has no int OnInit(void) handler" },
    ],
    [
      "an unknown #property",
      2,
      "#property strict",
      { line: 2, message: "#property strict is not an MQL5 property" },
    ],
    [
      "a call of an undefined function",
      21,
      "      values[i] = Thrice(i);",
      {
        line: 21,
        message: "calls Thrice, which is neither defined in the file nor a known MQL5 function",
      },
    ],
    [
      "an undeclared variable",
      23,
      "   year = month = g_counter++;",
      { line: 23, message: "uses g_counter, which is declared nowhere in the file" },
    ],
    [
      "an unknown CTrade method",
      12,
      "   g_trade.SetMagic(7);",
      { line: 12, message: "calls method SetMagic, which is not a known CTrade method" },
    ],
  ] as const)("reports %s, with its line", (_, line, text, problem) => {
    expect(checkMql5(withLine(line, text))).toContainEqual(problem);
  });

  it("reports a file without #property lines at line 1", () => {
    const source = valid.filter((line) => !line.startsWith("#property")).join("\n");
    expect(checkMql5(source)).toEqual([
      { line: 1, message: "no #property lines (copyright, version, description)" },
    ]);
  });

  it("accepts statements and conditions continued on the next line", () => {
    const source = withLine(
      23,
      [
        "   year = month",
        "      + g_count",
        "      - 1;",
        "   if(year > 0",
        "      && month > 0)",
        "      g_count++;",
      ].join("\n"),
    );
    expect(checkMql5(source)).toEqual([]);
  });
});
