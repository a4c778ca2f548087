from enum import Enum


class TimeFrameUnit(str, Enum):
    Minute = "Min"
    Hour = "Hour"
    Day = "Day"
    Week = "Week"
    Month = "Month"


class _ClassProperty(property):
    def __get__(self, instance, owner):
        return self.fget(owner)


class TimeFrame:
    """An amount of a unit; str() is the API's form, e.g. 1Day (alpaca/data/timeframe.py)."""

    def __init__(self, amount, unit):
        if not isinstance(unit, TimeFrameUnit):
            raise TypeError(f"unit must be of type TimeFrameUnit, got '{type(unit).__name__}' instead")
        if amount <= 0:
            raise ValueError("Amount must be a positive integer value.")
        self.amount_value = amount
        self.unit_value = unit

    @property
    def value(self):
        return f"{self.amount_value}{self.unit_value.value}"

    def __str__(self):
        return self.value

    Day = _ClassProperty(lambda cls: cls(1, TimeFrameUnit.Day))
