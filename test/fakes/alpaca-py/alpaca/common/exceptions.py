import json


class APIError(Exception):
    """An error answer: the text is the answer's body, status_code its HTTP status (alpaca-py's
    alpaca/common/exceptions.py)."""

    def __init__(self, error, http_error=None):
        super().__init__(error)
        self._error = error
        self._http_error = http_error

    @property
    def code(self):
        return json.loads(self._error)["code"]

    @property
    def status_code(self):
        return getattr(self._http_error, "code", None)

    @property
    def response(self):
        return self._http_error


class RetryException(Exception):
    """Raised inside RESTClient for an answer it retries."""
