/**
 * The command line: `replay` is the python target's `main` (the same bars, signals and bar model,
 * the same output); `live` runs passes at Alpaca until stopped, or one with --once.
 */
export const commandRuntime = String.raw`
def live_loop(broker, history_bars, once):
    """Passes until stopped: signals after each close (from 19:00 New York time), protective
    orders shortly after each open, when entries have filled. Returns the refusals counted."""
    while True:
        clock = broker.clock()
        try:
            run_pass(broker, clock, history_bars)
        except LiveError as error:
            if once or not error.later:
                raise
            log_event("pass_failed", level="error", message=str(error), retry_in_seconds=300)
            sleep(300)
            continue
        if once:
            return broker.errors
        after_open = clock.next_open + timedelta(minutes=2)
        wait = signal_window(clock)
        wake = wait if clock.is_open else after_open if wait is None else min(wait, after_open)
        seconds = max(60.0, (wake - clock.timestamp).total_seconds())
        log_event("sleeping", until=wake, seconds=round(seconds))
        sleep(seconds)


def live_main(argv):
    parser = argparse.ArgumentParser(
        prog=f"{PROGRAM} live",
        description="Trade this strategy at Alpaca with alpaca-py: on paper unless --live.",
    )
    parser.add_argument("--live", action="store_true", help="trade real money at https://api.alpaca.markets (live keys)")
    parser.add_argument("--once", action="store_true", help="run one pass and exit, e.g. from cron after 19:00 New York time")
    parser.add_argument("--history-bars", type=int, default=HISTORY_BARS, help=f"daily bars the signals are computed on (default {HISTORY_BARS})")
    parser.add_argument("--feed", choices=("iex", "sip"), help="Alpaca's stock data feed (default: the best the account's plan allows)")
    options = parser.parse_args(argv)
    try:
        if LIVE_PROBLEMS:
            raise LiveError(f"this strategy cannot trade live: {'; '.join(LIVE_PROBLEMS)} (replay still works)", 2)
        if not 2 <= options.history_bars <= MAX_HISTORY_BARS:
            raise LiveError(f"--history-bars must be 2 to {MAX_HISTORY_BARS} (was {options.history_bars})", 2)
        keys = api_keys(os.environ, options.live)
        trading_url = trading_endpoint(os.environ.get("APCA_API_BASE_URL", ""), options.live)
        data_url = endpoint(os.environ.get("APCA_API_DATA_URL", "")) or None
        broker = Broker(import_alpaca(), keys, trading_url, data_url, options.live, options.feed)
        log_event(
            "start",
            mode="live" if options.live else "paper",
            trading_url=trading_url,
            data_url=data_url or "https://data.alpaca.markets",
            spec_hash=SPEC_HASH,
            generator_version=GENERATOR_VERSION,
            universe=list(UNIVERSE),
        )
        errors = live_loop(broker, options.history_bars, options.once)
    except LiveError as error:
        log_event("fatal", level="error", message=str(error))
        print(f"error: {error}", file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        log_event("stopped")
        return 130
    except Exception as error:
        log_event("crashed", level="error", message=repr(error))
        raise
    log_event("done", errors=errors)
    return 1 if errors else 0


def cli(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    command = argv[0] if argv else None
    if command == "replay":
        return main(argv[1:])
    if command == "live":
        return live_main(argv[1:])
    if command in ("-h", "--help"):
        print(USAGE)
        return 0
    print(f"{USAGE}\nerror: the first argument must be replay or live (was {command!r})", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(cli())
`;
