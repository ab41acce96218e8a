"""The settings the suite runs with: the project's own, DEBUG on as `make test` has it.

Set in the environment, so that the workers and servers the tests start inherit it;
tests of production settings start their subprocesses with DEBUG=0 (tests/test_production.py).
"""
import os

os.environ.setdefault("DEBUG", "1")

from .settings import *  # noqa: E402,F403
