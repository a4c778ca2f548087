import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { indicatorCatalog, type ParameterRule } from "../../../engine/indicators/catalog.ts";
import type { BarSeries } from "../../../engine/types.ts";
import type { IndicatorProbe } from "../parity/indicator-values.ts";
import type { SignalsBySymbol } from "../parity/signals.ts";
import { functionName } from "../targets/mql5/compile-plan.ts";
import { bookkeeping } from "../targets/mql5/expert.ts";
import { mql5Functions } from "../targets/mql5/functions.ts";
import { mql5Double } from "../targets/mql5/syntax.ts";

const execFileAsync = promisify(execFile);

/**
 * MetaTrader cannot run here, so the tests compile the MQL5 runtime and a file's ComputePlan as
 * C++ (the runtime keeps to the part of MQL5 that C++ shares, plus dynamic arrays, which this
 * translates to vectors) and compare what they compute with the engine. `double` becomes `Real`,
 * a double whose comparisons abort on NaN: the runtime must never compare an undefined value,
 * since MQL5's answer to such a comparison is not IEEE's to rely on.
 */
const shim = String.raw`
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

struct Real
  {
   double v;
   Real() : v(0) {}
   Real(double x) : v(x) {}
   explicit operator double() const { return v; }
   explicit operator int() const { return (int)v; }
   explicit operator long() const { return (long)v; }
   Real &operator+=(Real o) { v += o.v; return *this; }
   Real &operator-=(Real o) { v -= o.v; return *this; }
   Real &operator*=(Real o) { v *= o.v; return *this; }
   Real &operator/=(Real o) { v /= o.v; return *this; }
   Real operator-() const { return Real(-v); }
  };
inline Real operator+(Real a, Real b) { return Real(a.v + b.v); }
inline Real operator-(Real a, Real b) { return Real(a.v - b.v); }
inline Real operator*(Real a, Real b) { return Real(a.v * b.v); }
inline Real operator/(Real a, Real b) { return Real(a.v / b.v); }
inline void Compared(Real a, Real b)
  {
   if(std::isnan(a.v) || std::isnan(b.v))
     {
      std::fprintf(stderr, "an undefined value was compared\n");
      std::abort();
     }
  }
inline bool operator<(Real a, Real b) { Compared(a, b); return a.v < b.v; }
inline bool operator>(Real a, Real b) { Compared(a, b); return a.v > b.v; }
inline bool operator<=(Real a, Real b) { Compared(a, b); return a.v <= b.v; }
inline bool operator>=(Real a, Real b) { Compared(a, b); return a.v >= b.v; }
inline bool operator==(Real a, Real b) { Compared(a, b); return a.v == b.v; }
inline bool operator!=(Real a, Real b) { Compared(a, b); return a.v != b.v; }

typedef unsigned short ushort;
typedef unsigned long ulong;
typedef std::string string;
typedef std::vector<Real> RealSeries;
typedef std::vector<int> IntSeries;
typedef std::vector<long> LongSeries;

template <class T> int ArraySize(const std::vector<T> &a) { return (int)a.size(); }
template <class T> int ArrayResize(std::vector<T> &a, int size) { a.resize(size); return size; }
template <class T, class V> void ArrayInitialize(std::vector<T> &a, V value) { for(auto &x : a) x = T(value); }
template <class T> void ArrayCopy(std::vector<T> &to, const std::vector<T> &from) { to = from; }
inline bool MathIsValidNumber(Real x) { return std::isfinite(x.v); }
inline Real MathSqrt(Real x) { return Real(std::sqrt(x.v)); }
inline Real MathLog(Real x) { return Real(std::log(x.v)); }
inline Real MathAbs(Real x) { return Real(std::fabs(x.v)); }
inline Real MathFloor(Real x) { return Real(std::floor(x.v)); }
inline int MathMin(int a, int b) { return a < b ? a : b; }
inline int MathMax(int a, int b) { return a > b ? a : b; }
inline Real MathMin(Real a, Real b) { return a < b ? a : b; }
inline Real MathMax(Real a, Real b) { return a > b ? a : b; }

// For the test programs' main: numbers in as decimals, out exactly (%.17g), undefined as null.
inline Real ReadReal() { double x; std::cin >> x; return Real(x); }
inline void PrintReal(Real x)
  {
   if(std::isnan(x.v))
      std::printf("null");
   else
      std::printf("%.17g", x.v);
  }

#define double Real
`;

/** MQL5 of the runtime's subset as C++: dynamic arrays become vectors, inputs plain globals. */
function mql5AsCpp(source: string): string {
  return source
    .split("\n")
    .filter((line) => !/^#(property|include)\b/.test(line))
    .map((line) =>
      line
        .replace(/^input\s+/, "")
        .replace(/\b(const\s+)?(double|int|long)\s*&\s*(\w+)\[\]/g, (_, constant, type, name) => {
          return `${constant ?? ""}${seriesType(type)} &${name}`;
        })
        .replace(/^(\s*)(double|int|long)\s+(\w+)\[\];/, (_, indent, type, name) => {
          return `${indent}${seriesType(type)} ${name};`;
        }),
    )
    .join("\n");
}

function seriesType(type: string): string {
  return type === "double" ? "RealSeries" : type === "int" ? "IntSeries" : "LongSeries";
}

/** Declarations of a C++ file's functions (MQL5 needs none; C++ wants them before use). */
function prototypes(source: string): string {
  const lines = source.split("\n");
  return lines
    .filter(
      (line, index) =>
        /^\w[\w\s]*\s+\w+\(.*\)$/.test(line) && lines[index + 1]?.trimEnd() === "  {",
    )
    .map((line) => `${line};`)
    .join("\n");
}

/** The top-level function `name` of an MQL5 file (MetaEditor style: its body closes with "  }"). */
function functionOf(source: string, name: string): string {
  const lines = source.split("\n");
  const start = lines.findIndex((line) => new RegExp(`^\\w[\\w\\s]*\\s${name}\\(`).test(line));
  if (start < 0) throw new Error(`no function ${name}`);
  const end = lines.findIndex((line, index) => index > start && line === "  }");
  let from = start;
  while (from > 0 && lines[from - 1]!.startsWith("//")) from--;
  return lines.slice(from, end + 1).join("\n");
}

/** Compiles C++ (the shim first) and runs it with `input` on stdin; resolves to its stdout. */
async function runCpp(program: string, input: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "alphadesk-mql5-"));
  try {
    const source = join(directory, "kernel.cpp");
    const binary = join(directory, "kernel");
    await writeFile(source, `${shim}\n${program}`);
    // -O0: compiling dominates; the bars are few.
    await execFileAsync("g++", ["-std=c++17", "-O0", "-w", "-o", binary, source]);
    const child = execFileAsync(binary, [], { maxBuffer: 256 * 1024 * 1024 });
    child.child.stdin!.end(input);
    return (await child).stdout;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** What the MQL5 kernel computes, as the parity tests compare it with the engine. */
export interface KernelResults {
  /** Per program, each universe symbol's entry and exit signals. */
  signals: SignalsBySymbol[];
  /** Per probe, the indicator's values (undefined as null). */
  indicators: (number | null)[][];
}

/**
 * Compiles the whole MQL5 runtime with each generated file's ComputePlan (in a namespace of its
 * own) in one C++ program, and runs it on the bars: every program's signals for its universe,
 * and every indicator probe's values on `probeSymbol`'s bars.
 */
export async function runMql5Kernel(
  programs: readonly { code: string; universe: readonly string[] }[],
  probes: readonly IndicatorProbe[],
  probeSymbol: string,
  bars: readonly BarSeries[],
): Promise<KernelResults> {
  const structs = mql5AsCpp(bookkeeping);
  const runtime = mql5AsCpp(mql5Functions.map((definition) => definition.code).join("\n\n"));
  const constants = programs[0]!.code
    .split("\n")
    .filter((line) => /^#define (RULE|EXIT|OUT)_/.test(line))
    .join("\n");
  const cases = programs.map(({ code }, index) => {
    const inputs = code.split("\n").filter((line) => line.startsWith("input "));
    const kernel = mql5AsCpp(
      [...inputs, functionOf(code, "WantedNotional"), functionOf(code, "ComputePlan")].join("\n\n"),
    );
    return `namespace program${index}\n{\n${prototypes(kernel)}\n${kernel}\n}`;
  });
  const jobs = programs.flatMap(({ universe }, index) =>
    universe.map((symbol) => `{${index}, ${JSON.stringify(symbol)}, program${index}::ComputePlan}`),
  );
  const program = [
    constants,
    structs,
    prototypes(runtime),
    runtime,
    ...cases,
    harness(jobs, probes.map(probeCall), probeSymbol),
  ].join("\n\n");
  const input = bars
    .map(
      (series) =>
        `${series.symbol} ${series.close.length}\n` +
        Array.from(series.close, (_, i) =>
          [
            Math.floor(series.timestampMs[i]! / 1000),
            series.open[i],
            series.high[i],
            series.low[i],
            series.close[i],
            series.volume[i],
          ].join(" "),
        ).join("\n"),
    )
    .join("\n");
  const output = JSON.parse(await runCpp(program, `${input}\n`)) as {
    plans: [number, string, { entry: number[]; exit: number[] | null }][];
    indicators: (number | null)[][];
  };
  const signals: SignalsBySymbol[] = programs.map(() => ({}));
  for (const [index, symbol, plan] of output.plans) signals[index]![symbol] = plan;
  return { signals, indicators: output.indicators };
}

/** The runtime call that computes a probe into `out`, on `bars` or on the series `close`, `warm`, `holes`. */
function probeCall(probe: IndicatorProbe): string {
  const rules = indicatorCatalog[probe.name].parameters as Record<string, ParameterRule>;
  const parameters = Object.entries(probe.parameters).map(([key, value]) =>
    rules[key]!.integer ? String(value) : mql5Double(value),
  );
  const line = probe.output === null ? [] : [`OUT_${probe.output.toUpperCase()}`];
  return `${functionName(probe.name)}(${[probe.input, ...parameters, ...line, "out"].join(", ")})`;
}

function harness(
  jobs: readonly string[],
  probeCalls: readonly string[],
  probeSymbol: string,
): string {
  return String.raw`
void PrintRules(const IntSeries &values)
  {
   std::printf("[");
   for(size_t i = 0; i < values.size(); i++)
      std::printf("%s%d", i ? "," : "", values[i]);
   std::printf("]");
  }

void PrintSeries(const RealSeries &values)
  {
   std::printf("[");
   for(size_t i = 0; i < values.size(); i++)
     {
      std::printf(i ? "," : "");
      PrintReal(values[i]);
     }
   std::printf("]");
  }

struct Job
  {
   int program;
   const char *symbol;
   void (*compute)(const BarSeries &, Plan &);
  };

int main()
  {
   std::map<std::string, BarSeries> all;
   std::string symbol;
   int count;
   while(std::cin >> symbol >> count)
     {
      BarSeries bars;
      for(int i = 0; i < count; i++)
        {
         long time;
         std::cin >> time;
         bars.time.push_back(time);
         bars.open.push_back(ReadReal());
         bars.high.push_back(ReadReal());
         bars.low.push_back(ReadReal());
         bars.close.push_back(ReadReal());
         bars.volume.push_back(ReadReal());
        }
      all[symbol] = bars;
     }
   Job jobs[] = {${jobs.join(", ")}};
   std::printf("{\"plans\":[");
   for(size_t k = 0; k < sizeof(jobs) / sizeof(jobs[0]); k++)
     {
      Plan plan;
      jobs[k].compute(all[jobs[k].symbol], plan);
      std::printf("%s[%d,\"%s\",{\"entry\":", k ? "," : "", jobs[k].program, jobs[k].symbol);
      PrintRules(plan.entry);
      std::printf(",\"exit\":");
      if(plan.hasExit)
         PrintRules(plan.exitSignals);
      else
         std::printf("null");
      std::printf("}]");
     }
   std::printf("],\"indicators\":[");
   const BarSeries &bars = all[${JSON.stringify(probeSymbol)}];
   RealSeries close = bars.close;
   RealSeries warm = bars.close;
   RealSeries holes = bars.close;
   for(size_t i = 0; i < close.size(); i++)
     {
      if(i < 30)
         warm[i] = Undefined();
      if(i % 17 == 5)
         holes[i] = Undefined();
     }
   RealSeries out;
${probeCalls.map((call, index) => `   ${call};\n   std::printf("${index === 0 ? "" : ","}");\n   PrintSeries(out);`).join("\n")}
   std::printf("]}\n");
   return 0;
  }
`;
}
