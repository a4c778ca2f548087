/** Proleptic Gregorian dates from day counts and back, for the calendar indicators and times. */
export const civilCalendarRuntime = String.raw`
def days_from_civil(year, month, day):
    """Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm)."""
    year -= 1 if month <= 2 else 0
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def civil_from_days(days):
    """(year, month, day) of a count of days since 1970-01-01."""
    days += 719468
    era = days // 146097
    day_of_era = days - era * 146097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted_month = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * shifted_month + 2) // 5 + 1
    month = shifted_month + 3 if shifted_month < 10 else shifted_month - 9
    year = year_of_era + era * 400 + (1 if month <= 2 else 0)
    return year, month, day


def days_in_month(year, month):
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return days_from_civil(following[0], following[1], 1) - days_from_civil(year, month, 1)
`.trim();

/**
 * Reading bars as `import_bars` does (tools/bars/read-bars-csv.ts, tools/time-input.ts): header
 * `symbol,timestamp,open,high,low,close,volume` in any order, extra columns ignored, ISO-8601
 * (UTC unless offset) or epoch-millisecond times, and all or nothing: any bad row rejects the
 * file, naming up to 20 problems by line. Also the UTC calendar arithmetic the rest needs.
 */
export const barsRuntime = String.raw`
BAR_COLUMNS = ("symbol", "timestamp", "open", "high", "low", "close", "volume")
SYMBOL_PATTERN = re.compile(r"[A-Za-z0-9._\-/=^:]{1,32}")
ISO_PATTERN = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?",
    re.ASCII,
)
EPOCH_MS_PATTERN = re.compile(r"-?\d+(?:\.\d+)?", re.ASCII)
DECIMAL_PATTERN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
RADIX_PATTERN = re.compile(r"0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+", re.ASCII)
# Epoch ms below this (3 March 1973) are almost certainly epoch seconds.
SMALLEST_PLAUSIBLE_MS = 10**11
# JavaScript's Date range: the backtester cannot represent later times.
LARGEST_TIME_MS = 8_640_000_000_000_000
MAX_REPORTED_PROBLEMS = 20


class InputError(Exception):
    """Input this program refuses; the message names the line and field, or the option, to fix."""


class Bars:
    """One symbol's bars in columns, oldest first; times in epoch milliseconds UTC."""

    def __init__(self, symbol):
        self.symbol = symbol
        self.time = []
        self.open = []
        self.high = []
        self.low = []
        self.close = []
        self.volume = []

    def until(self, end_ms):
        """The bars at or before end_ms (all of them when end_ms is None)."""
        if end_ms is None:
            return self
        count = lower_bound(self.time, end_ms + 1)
        kept = Bars(self.symbol)
        for field in ("time", "open", "high", "low", "close", "volume"):
            setattr(kept, field, getattr(self, field)[:count])
        return kept


def lower_bound(times, time_ms):
    """Index of the first time at or after time_ms (len(times) when none)."""
    low, high = 0, len(times)
    while low < high:
        middle = (low + high) // 2
        if times[middle] < time_ms:
            low = middle + 1
        else:
            high = middle
    return low


${civilCalendarRuntime}


def iso_time(time_ms):
    """Epoch ms as JavaScript's toISOString prints them: 2024-03-01T14:30:00.000Z."""
    days, rest = divmod(time_ms, DAY_MS)
    year, month, day = civil_from_days(days)
    seconds, millis = divmod(rest, 1000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    year_text = f"{year:04d}" if 0 <= year <= 9999 else f"{year:+07d}"
    return f"{year_text}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}.{millis:03d}Z"


def parse_timestamp(text):
    """Epoch ms of an ISO-8601 date or date-time (UTC unless it carries an offset) or of epoch
    milliseconds; a str naming the problem otherwise."""
    if EPOCH_MS_PATTERN.fullmatch(text):
        value = float(text)
        if not math.isfinite(value) or value != math.floor(value):
            return f'"{text}" is not a whole number of epoch milliseconds'
        if abs(value) < SMALLEST_PLAUSIBLE_MS:
            return f"{text} looks like epoch seconds; use epoch milliseconds or ISO-8601"
        if abs(value) > LARGEST_TIME_MS:
            return f"{text} is out of range"
        return int(value)
    match = ISO_PATTERN.fullmatch(text.strip())
    if not match:
        return f'"{text}" is not ISO-8601 (e.g. 2024-03-01 or 2024-03-01T14:30:00Z) or epoch milliseconds'
    year, month, day = (int(part) for part in match.group(1, 2, 3))
    hour, minute, second = (int(part or 0) for part in match.group(4, 5, 6))
    fraction, zone = match.group(7, 8)
    invalid = f'"{text}" is not a valid date'
    if not 1 <= month <= 12 or not 1 <= day <= days_in_month(year, month):
        return invalid
    if hour > 23 or minute > 59 or second > 59:
        return invalid
    offset_minutes = 0
    if zone and zone != "Z":
        digits = zone[1:].replace(":", "")
        zone_hours, zone_minutes = int(digits[:2]), int(digits[2:])
        if zone_hours > 23 or zone_minutes > 59:
            return invalid
        offset_minutes = (zone_hours * 60 + zone_minutes) * (1 if zone[0] == "+" else -1)
    # Date.parse keeps milliseconds and drops finer digits.
    millis = int((fraction or "").ljust(3, "0")[:3])
    seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
    return (seconds - offset_minutes * 60) * 1000 + millis


def parse_number(text):
    """A field as JavaScript's Number() reads it; NaN when it is not a number."""
    if DECIMAL_PATTERN.fullmatch(text):
        return float(text)
    if RADIX_PATTERN.fullmatch(text):
        return float(int(text, 0))
    return NAN


def read_bars_csv(path):
    """One Bars per symbol, each sorted by time; raises InputError listing the bad rows."""
    problems = []

    def report(line, message):
        if len(problems) < MAX_REPORTED_PROBLEMS:
            problems.append(f"line {line}: {message}")

    rows = {}
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = None
            for record in reader:
                if not record:
                    continue
                fields = [field.strip() for field in record]
                if header is None:
                    header = fields
                    missing = [column for column in BAR_COLUMNS if column not in header]
                    if missing:
                        raise InputError(
                            f"CSV header lacks {', '.join(missing)} (found: {','.join(header)}; "
                            f"needed: {','.join(BAR_COLUMNS)})"
                        )
                    continue
                if len(fields) != len(header):
                    raise InputError(
                        f"CSV could not be parsed: line {reader.line_num} has {len(fields)} fields, "
                        f"the header has {len(header)}"
                    )
                read_row(dict(zip(header, fields)), reader.line_num, rows, report)
    except OSError as error:
        raise InputError(f"no readable file at {path} ({error.strerror})") from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise InputError(f"CSV could not be parsed: {error}") from None
    if not rows and not problems:
        raise InputError(f"CSV has no data rows: expected a header {','.join(BAR_COLUMNS)} and at least one row")
    series = {symbol: sorted_bars(symbol, symbol_rows, report) for symbol, symbol_rows in rows.items()}
    if problems:
        raise InputError(f"CSV rejected: {'; '.join(problems)}")
    return series


def read_row(record, line, rows, report):
    """Checks one row as import_bars does; keeps it under its symbol when it has no problem."""
    symbol = record["symbol"]
    if not SYMBOL_PATTERN.fullmatch(symbol):
        report(line, f'symbol "{symbol}" must be 1-32 letters, digits or . _ - / = ^ :')
        return
    row_problems = []
    time = parse_timestamp(record["timestamp"])
    if isinstance(time, str):
        row_problems.append(f"timestamp {time}")
    values = {}
    for field in ("open", "high", "low", "close", "volume"):
        text = record[field]
        value = parse_number(text) if text else NAN
        in_range = value >= 0 if field == "volume" else value > 0
        if not math.isfinite(value):
            row_problems.append(f'{field} "{text}" is not a number')
        elif not in_range:
            row_problems.append(f"{field} {text} must be {'>= 0' if field == 'volume' else '> 0'}")
        values[field] = value
    if values["low"] > values["high"]:
        row_problems.append(f"low {record['low']} is above high {record['high']}")
    else:
        for field in ("open", "close"):
            if not values["low"] <= values[field] <= values["high"]:
                row_problems.append(
                    f"{field} {record[field]} is outside low..high ({record['low']}..{record['high']})"
                )
    for problem in row_problems:
        report(line, problem)
    if not row_problems:
        rows.setdefault(symbol, []).append((time, values, line))


def sorted_bars(symbol, symbol_rows, report):
    """A symbol's rows sorted by time (stable); a second row for a time is a problem."""
    symbol_rows.sort(key=lambda row: row[0])
    bars = Bars(symbol)
    for index, (time, values, line) in enumerate(symbol_rows):
        if index > 0 and time == symbol_rows[index - 1][0]:
            first_line = symbol_rows[index - 1][2]
            report(line, f"{symbol} has a second row for {iso_time(time)} (first on line {first_line})")
            continue
        bars.time.append(time)
        for field in ("open", "high", "low", "close", "volume"):
            getattr(bars, field).append(values[field])
    return bars
`;
