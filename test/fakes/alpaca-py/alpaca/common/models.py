import re
from datetime import datetime

FRACTION_PATTERN = re.compile(r"(\.\d{6})\d+")


def parse_datetime(text):
    """An RFC 3339 time as Alpaca sends it: Z or an offset, up to nanoseconds."""
    return datetime.fromisoformat(FRACTION_PATTERN.sub(r"\1", text.replace("Z", "+00:00")))


class Model:
    """An API answer as attributes. Fields named in converters are converted; class attributes
    are the defaults of optional fields."""

    converters = {}

    def __init__(self, **data):
        for name, value in data.items():
            convert = self.converters.get(name)
            setattr(self, name, convert(value) if convert is not None and value is not None else value)
