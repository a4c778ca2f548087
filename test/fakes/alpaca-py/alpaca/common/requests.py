from datetime import datetime, timezone
from enum import Enum
from uuid import UUID


class NonEmptyRequest:
    """A request model: fields are the class's annotations, a class attribute is a field's default
    (alpaca-py declares them on pydantic models). Floats and enums are converted as pydantic would;
    validate() stands for a model's root validator."""

    def __init__(self, **data):
        fields = self.fields()
        unknown = sorted(set(data) - set(fields))
        if unknown:
            raise ValueError(f"{type(self).__name__} has no field {', '.join(unknown)}")
        data = self.validate(dict(data))
        for name, kind in fields.items():
            if name in data:
                value = data[name]
            elif hasattr(type(self), name):
                value = getattr(type(self), name)
            else:
                raise ValueError(f"{type(self).__name__}: {name} is required")
            if value is not None and kind is float:
                value = float(value)
            elif value is not None and isinstance(kind, type) and issubclass(kind, Enum):
                value = kind(value)
            setattr(self, name, value)

    @classmethod
    def fields(cls):
        fields = {}
        for klass in reversed(cls.__mro__):
            fields.update(klass.__dict__.get("__annotations__", {}))
        return fields

    def validate(self, data):
        return data

    def to_request_fields(self):
        """The fields set, without None or empty values; nested requests as dicts, UUIDs as
        strings, datetimes in RFC 3339 (UTC when naive), as alpaca-py's NonEmptyRequest does."""

        def plain(value):
            if isinstance(value, UUID):
                return str(value)
            if isinstance(value, NonEmptyRequest):
                return value.to_request_fields()
            if isinstance(value, list):
                return [plain(item) for item in value]
            if isinstance(value, datetime):
                return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()
            return value

        values = {name: plain(getattr(self, name)) for name in self.fields()}
        return {name: value for name, value in values.items() if value and len(str(value)) > 0}
