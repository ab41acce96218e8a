"""Production as the README describes it: DEBUG off, check --deploy clean, gunicorn serving."""
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "DEBUG"))}
    env.update({
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "tracker.example.org,127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "VAR_DIR": str(tmp_path / "var"),
        "EMAIL_HOST": "smtp.example.org",
        **extra,
    })
    return env


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def test_check_deploy_reports_nothing(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_gunicorn_serves_pages_and_static_files(tmp_path):
    env = production_env(tmp_path, SECURE_SSL_REDIRECT="0")
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        result = manage(env, *command)
        assert result.returncode == 0, result.stderr
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tracker.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                login = urllib.request.urlopen(base + "/accounts/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("gunicorn did not answer: " + server.stderr.read1().decode())
        html = login.read().decode()
        assert login.status == 200 and "Log in" in html
        # The page links the stylesheet by its hashed name (collectstatic's manifest).
        css = [line for line in html.splitlines() if "stylesheet" in line][0].split('href="')[1].split('"')[0]
        assert css.startswith("/static/css/site.") and css != "/static/css/site.css"
        response = urllib.request.urlopen(base + css)
        assert response.status == 200 and b"--accent" in response.read()
        assert "max-age" in response.headers.get("Cache-Control", "")
        dashboard = urllib.request.urlopen(base + "/")  # follows to the login page
        assert "/accounts/login/" in dashboard.url
    finally:
        server.terminate()
        server.wait(timeout=20)
