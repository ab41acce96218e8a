"""The settings the suite runs with: the project's own, DEBUG on as `make test` has it.

Set in the environment, so that the workers and servers the tests start inherit it;
tests of production settings start their subprocesses with DEBUG=0 (tests/test_production.py).
"""
import os

os.environ.setdefault("DEBUG", "1")
# Nothing leaves the machine: the document system is a closed port unless a test serves it.
for _name, _path in (("UN_SYMBOL_URL", "/api/symbol/access?s={symbol}&t={type}"), ("UN_UNDOCS_URL", "/{symbol}"),
                     ("UN_LIBRARY_SEARCH_URL", "/search?p={query}&of=xm")):
    os.environ.setdefault(_name, "http://127.0.0.1:9" + _path)
os.environ.setdefault("UN_FETCH_BACKOFF", "0")

from .settings import *  # noqa: E402,F403

# Each test starts with no counts kept (tests/conftest.py clears it).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
