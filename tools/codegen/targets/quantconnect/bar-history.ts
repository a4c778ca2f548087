/**
 * The bars `compute_plan` reads, kept bar by bar: a rolling window of one symbol's recent bars in
 * columns. Plain Python, so the strategy core runs and is tested without LEAN.
 */
export const barHistoryRuntime = String.raw`
class BarHistory:
    """One symbol's most recent bars in columns, oldest first, as compute_plan reads them: at most
    capacity bars. Times are epoch ms of each bar's start on its exchange's clock (only the
    calendar indicators read them, and only their date)."""

    def __init__(self, symbol, capacity):
        self.symbol = symbol
        self.capacity = capacity
        self.time = []
        self.open = []
        self.high = []
        self.low = []
        self.close = []
        self.volume = []

    def append(self, time_ms, open_price, high, low, close, volume):
        columns = (self.time, self.open, self.high, self.low, self.close, self.volume)
        for column, value in zip(columns, (time_ms, open_price, high, low, close, volume)):
            column.append(value)
            if len(column) > self.capacity:
                del column[0]


def clock_ms(moment):
    """Epoch ms of a naive datetime's calendar date and clock, read as UTC."""
    days = days_from_civil(moment.year, moment.month, moment.day)
    return days * DAY_MS + ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1000
`.trim();
