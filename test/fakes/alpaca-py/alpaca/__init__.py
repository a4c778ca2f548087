"""A test-only stand-in for alpaca-py (see test/fakes/alpaca-py/README.md): the names the
generated alpaca-python programs use, speaking Alpaca's REST API to the fake servers."""

__version__ = "0.0.0+stand-in"
