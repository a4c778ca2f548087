/**
 * The command line: `python3 strategy.py bars.csv [--initial-cash N] [--start T] [--end T]`,
 * with backtest_strategy's options and defaults. Bars before --start only warm up indicators;
 * bars after --end are ignored. Prints one JSON object on stdout; bad input exits 2 with
 * `error: ...` on stderr, as the alphadesk command does.
 */
export const mainRuntime = String.raw`
DATE_ONLY_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def backtest(csv_path, initial_cash=100_000.0, start_ms=None, end_ms=None):
    """Closed trades of the strategy over the universe's bars in csv_path, in exit order."""
    series = read_bars_csv(csv_path)
    missing = [symbol for symbol in UNIVERSE if symbol not in series]
    if missing:
        found = ", ".join(sorted(series)[:20])
        raise InputError(f"the CSV has no bars for {', '.join(missing)} (it has: {found})")
    plans = [compute_plan(series[symbol].until(end_ms)) for symbol in UNIVERSE]
    trades, steps = simulate(plans, initial_cash, start_ms, end_ms)
    if steps == 0:
        start = "the first bar" if start_ms is None else iso_time(start_ms)
        end = "the last bar" if end_ms is None else iso_time(end_ms)
        raise InputError(f"no bars between {start} and {end} for {', '.join(UNIVERSE)}")
    return trades


def time_option(name, text):
    """Epoch ms of --start or --end; a date alone as --end covers that whole UTC day."""
    if text is None:
        return None
    time = parse_timestamp(text)
    if isinstance(time, str):
        raise InputError(f"--{name}: {time}")
    if name == "end" and DATE_ONLY_PATTERN.fullmatch(text.strip()):
        return time + DAY_MS - 1
    return time


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Backtest this strategy on bars from a CSV file and print its trades as JSON."
    )
    parser.add_argument("bars", help="CSV with the columns symbol,timestamp,open,high,low,close,volume")
    parser.add_argument("--initial-cash", type=float, default=100_000.0, help="starting cash (default 100000)")
    parser.add_argument("--start", help="first bar to trade (ISO-8601 or epoch ms); earlier bars only warm up")
    parser.add_argument("--end", help="last bar (ISO-8601 or epoch ms; a date alone covers the day)")
    options = parser.parse_args(argv)
    try:
        if not 0 < options.initial_cash <= 1e12:
            raise InputError(f"--initial-cash must be above 0 and at most 1e12 (was {options.initial_cash})")
        start_ms = time_option("start", options.start)
        end_ms = time_option("end", options.end)
        if start_ms is not None and end_ms is not None and start_ms > end_ms:
            raise InputError("--start must not be after --end")
        trades = backtest(options.bars, options.initial_cash, start_ms, end_ms)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps({"trades": trades}, allow_nan=False))
    return 0
`;

/** Runs `main` when the file is run as a program, not when it is imported. */
export const entryPoint = `if __name__ == "__main__":
    sys.exit(main())`;
