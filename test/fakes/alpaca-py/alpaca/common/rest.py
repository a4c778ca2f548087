import json
import time
import urllib.error
import urllib.parse
import urllib.request

from alpaca import __version__
from alpaca.common.exceptions import APIError, RetryException

# alpaca/common/constants.py
DEFAULT_RETRY_ATTEMPTS = 3
DEFAULT_RETRY_WAIT_SECONDS = 3
DEFAULT_RETRY_EXCEPTION_CODES = [429, 504]


class RESTClient:
    """Requests to an Alpaca REST API as alpaca-py's RESTClient sends them, over urllib: the key
    headers, GET and DELETE data as the query, other data as a JSON body; 429 and 504 retried."""

    def __init__(
        self,
        base_url,
        api_key=None,
        secret_key=None,
        oauth_token=None,
        use_basic_auth=False,
        api_version="v2",
        sandbox=False,
        raw_data=False,
        retry_attempts=None,
        retry_wait_seconds=None,
        retry_exception_codes=None,
    ):
        if not oauth_token and not api_key:
            raise ValueError("You must supply a method of authentication")
        if oauth_token and (api_key or secret_key):
            raise ValueError("Either an oauth_token or an api_key may be supplied, but not both")
        if not oauth_token and not (api_key and secret_key):
            raise ValueError("A corresponding secret_key must be supplied with the api_key")
        self._api_key = api_key
        self._secret_key = secret_key
        self._oauth_token = oauth_token
        self._api_version = api_version
        self._base_url = base_url
        self._sandbox = sandbox
        self._use_raw_data = raw_data
        self._retry = retry_attempts if retry_attempts and retry_attempts > 0 else DEFAULT_RETRY_ATTEMPTS
        self._retry_wait = retry_wait_seconds if retry_wait_seconds and retry_wait_seconds > 0 else DEFAULT_RETRY_WAIT_SECONDS
        self._retry_codes = retry_exception_codes or DEFAULT_RETRY_EXCEPTION_CODES

    def _request(self, method, path, data=None, base_url=None, api_version=None):
        url = (base_url or self._base_url) + "/" + (api_version or self._api_version) + path
        retry = self._retry
        while retry >= 0:
            try:
                return self._one_request(method, url, data, retry)
            except RetryException:
                time.sleep(self._retry_wait)
                retry -= 1

    def _headers(self):
        headers = {"User-Agent": "APCA-PY/" + __version__}
        if self._oauth_token:
            headers["Authorization"] = "Bearer " + self._oauth_token
        else:
            headers["APCA-API-KEY-ID"] = self._api_key
            headers["APCA-API-SECRET-KEY"] = self._secret_key
        return headers

    def _one_request(self, method, url, data, retry):
        body = None
        headers = self._headers()
        if method in ("GET", "DELETE"):
            # As requests encodes params: None left out, strings (str enums too) by their text,
            # other values through str().
            pairs = [
                (key, value.encode("utf-8") if isinstance(value, str) else value)
                for key, value in (data or {}).items()
                if value is not None
            ]
            query = urllib.parse.urlencode(pairs)
            url = f"{url}?{query}" if query else url
        elif data is not None:
            body = json.dumps(data).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                text = response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8")
            if error.code in self._retry_codes and retry > 0:
                raise RetryException() from None
            raise APIError(text, error) from None
        return json.loads(text) if text else None

    def get(self, path, data=None, **kwargs):
        return self._request("GET", path, data, **kwargs)

    def post(self, path, data=None):
        return self._request("POST", path, data)

    def delete(self, path, data=None):
        return self._request("DELETE", path, data)
