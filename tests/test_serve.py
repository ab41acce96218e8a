"""`make run` serves with `manage.py serve`: Ctrl-C stops the web, the worker and beat together."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_sigint_to_the_process_group_stops_all_three_within_20_seconds(tmp_path):
    """Started as a script starts it, with SIGINT ignored: a shell's trap could not catch it."""
    port = free_port()
    env = {**os.environ, "DEBUG": "1", "VAR_DIR": str(tmp_path)}
    serve = subprocess.Popen([sys.executable, "manage.py", "serve", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                             start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        deadline = time.monotonic() + 30
        while not answers(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert answers(port), "the web never answered"
        os.killpg(serve.pid, signal.SIGINT)
        stopped_by = time.monotonic() + 20
        serve.wait(timeout=20)
        while group_alive(serve.pid) and time.monotonic() < stopped_by:
            time.sleep(0.2)
        assert not group_alive(serve.pid), "a process of `make run` outlived Ctrl-C by 20 seconds"
    finally:
        if group_alive(serve.pid):
            os.killpg(serve.pid, signal.SIGKILL)
