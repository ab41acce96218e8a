"""`make bench`: how fast the tracker parses, imports, serves and reminds, at growing sizes.

Prints one table with each target and whether it is met, and writes it as JSON under
var/bench/. It makes its own data: a synthetic corpus from the seeds, fresh SQLite and
PostgreSQL databases (PostgreSQL where one answers on DATABASE_URL or 127.0.0.1), and
obligations in bulk. Benchmarks only: the test suite times nothing.

    python -m bench.run                 # everything
    python -m bench.run --quick         # smaller sizes, for a try
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PG_ADMIN = os.getenv("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def row(area, measure, size, value, unit, target=None, met=None):
    return {"area": area, "measure": measure, "size": size, "value": round(value, 2) if value is not None else None,
            "unit": unit, "target": target, "met": met}


# --- parse -----------------------------------------------------------------------------------

def bench_parse(quick):
    from bench.corpus import SEEDS, synthetic
    from resolutions.parsing import parse_resolution

    rows = []
    for seed in SEEDS:
        text = seed.read_text()
        parse_resolution(text)
        times = []
        for _ in range(20 if quick else 100):
            start = time.perf_counter()
            parse_resolution(text)
            times.append((time.perf_counter() - start) * 1000)
        median = statistics.median(times)
        rows.append(row("parse", f"{seed.name}, median", "1", median, "ms", "<= 10 ms", median <= 10))
    n = 100 if quick else 1000
    texts = [synthetic(i) for i in range(n)]
    times = []
    for text in texts:
        start = time.perf_counter()
        parse_resolution(text)
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    rows.append(row("parse", "synthetic corpus, median", str(n), median, "ms", "<= 10 ms", median <= 10))
    rows.append(row("parse", "synthetic corpus, p95", str(n), percentile(times, 0.95), "ms"))
    return rows


# --- databases -------------------------------------------------------------------------------

def postgres_url(name):
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # no server, no rights: the PostgreSQL rows say so
        print(f"  PostgreSQL not available ({exc.__class__.__name__}); its rows are skipped", file=sys.stderr)
        return None
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def sqlite_url(name):
    path = OUT / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"


def child_env(database_url, **extra):
    return {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "0",
            "VAR_DIR": str(OUT / "var"), "STATIC_ROOT": str(OUT / "static"), "CELERY_BROKER_URL": "memory://",
            "DJANGO_SETTINGS_MODULE": "tracker.settings", "PYTHONPATH": str(ROOT), **extra}


def child(args, env, timeout=3600):
    """Run a step of this module in a process configured for one database; read its JSON."""
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    result = subprocess.run([sys.executable, "-m", "bench.run", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"bench step {args} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- import ----------------------------------------------------------------------------------

def step_import(n):
    import django

    django.setup()
    from bench.corpus import synthetic
    from tracker.importer import import_text

    texts = [synthetic(i) for i in range(n)]
    start = time.perf_counter()
    for text in texts:
        import_text(text)
    return {"seconds": time.perf_counter() - start}


def bench_import(quick):
    rows = []
    for backend in ("sqlite", "postgresql"):
        for n in ((20, 100) if quick else (100, 1000)):
            name = f"mandate_bench_import_{n}"
            url = sqlite_url(name) if backend == "sqlite" else postgres_url(name)
            if url is None:
                rows.append(row("import", f"{backend}, resolutions/s", str(n), None, "skipped"))
                continue
            seconds = child(["step-import", str(n)], child_env(url))["seconds"]
            target = "1,000 in < 60 s" if backend == "postgresql" and n >= 1000 else None
            rows.append(row("import", f"{backend}, resolutions/s", str(n), n / seconds, "res/s", target,
                            seconds < 60 if target else None))
            rows.append(row("import", f"{backend}, total", str(n), seconds, "s"))
    return rows


# --- dashboard and reminders ------------------------------------------------------------------

def populate(n_obligations, n_users=50):
    """Obligations in bulk (no parsing): 100 per resolution, deadlines over a year around today."""
    import random
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from resolutions.models import Actor, Paragraph, Resolution, Series
    from tracker.models import Obligation

    rng = random.Random(7)
    today = timezone.localdate()
    staff = Group.objects.get_or_create(name="staff")[0]
    users = []
    for i in range(n_users):
        user = get_user_model().objects.create_user(f"user{i}", f"user{i}@example.org", "bench-password")
        user.groups.add(staff)
        users.append(user)
    actors = [Actor.objects.create(name=f"Actor {i}") for i in range(20)] + [
        Actor.objects.get_or_create(name="Secretary-General")[0], Actor.objects.get_or_create(name="Member States")[0]]
    series = [Series.objects.create(title=f"Series {i}", key=f"series {i}") for i in range(50)]
    per = 100
    for start in range(0, n_obligations, 5000):
        count = min(5000, n_obligations - start)
        resolutions = Resolution.objects.bulk_create([
            Resolution(symbol=f"A/RES/{60 + (start + k) // 10000}/{start + k}", title="Bench resolution",
                       session=60 + (k // per) % 10, series=series[(k // per) % 50])
            for k in range(0, count, per)
        ])
        paragraphs = Paragraph.objects.bulk_create([
            Paragraph(resolution=r, kind="operative", number=str(j + 1), order=j,
                      text=f"Requests the Secretary-General to report on matter {j} at its next session;")
            for r in resolutions for j in range(per)
        ])
        obligations = Obligation.objects.bulk_create([
            Obligation(resolution=p.resolution, paragraph=p, key=f"{p.number}|requests|{p.pk}", label=p.number,
                       verb=rng.choice(["requests", "urges", "invites", "calls upon"]),
                       verb_class=rng.choice(["directive", "exhortative", "recommendatory"]),
                       kind=rng.choice(["report", "action", "action", "agenda"]),
                       action=f"to report on matter {p.number} and act on it",
                       due_date=today + timedelta(days=rng.randint(-180, 185)), due_precision="day",
                       status=rng.choice(["open", "open", "in_progress", "done"]),
                       owner=rng.choice(users + [None] * 10), order=int(p.number))
            for p in paragraphs
        ])
        Through = Obligation.addressees.through
        Through.objects.bulk_create([Through(obligation_id=o.pk, actor_id=rng.choice(actors).pk) for o in obligations])
    return users


def time_pages(client, pages, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = {}
    for name, url in pages.items():
        times, queries = [], 0
        for i in range(runs):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                if getattr(response, "streaming", False):
                    b"".join(response.streaming_content)
                times.append((time.perf_counter() - start) * 1000)
            queries = len(captured)
            assert response.status_code == 200, (url, response.status_code)
        results[name] = {"median": statistics.median(times), "p95": percentile(times, 0.95), "queries": queries}
    return results


def step_pages(n, runs):
    import django

    django.setup()
    import tracemalloc

    from django.test import Client

    from tracker.models import Obligation, Reminder
    from tracker.reminders import sweep

    users = populate(n)
    client = Client()
    client.force_login(users[0])
    obligation = Obligation.objects.order_by("pk")[n // 2]
    pages = {
        "home": "/",
        "filtered list": "/obligations/?kind=report&status=open&order=due",
        "obligation page": f"/obligations/{obligation.pk}/",
    }
    results = time_pages(client, pages, runs)
    # 10,000 rows: all of them at 10,000, one session in ten at 100,000.
    csv_url = "/obligations/export.csv" if n <= 10_000 else "/obligations/export.csv?session=60"
    results["CSV export of 10,000"] = time_pages(client, {"csv": csv_url}, max(3, runs // 4))["csv"]
    tracemalloc.start()
    start = time.perf_counter()
    result = sweep()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    results["sweep"] = {"seconds": seconds, "peak_mb": peak, "written": Reminder.objects.count(),
                        "queued": len(result.to_send)}
    return results


def bench_pages(quick):
    rows = []
    sizes = (2_000, 10_000) if quick else (10_000, 100_000)
    runs = 10 if quick else 30
    backend, queries = None, {}
    for n in sizes:
        url = postgres_url(f"mandate_bench_pages_{n}")
        backend = "postgresql" if url else "sqlite"
        url = url or sqlite_url(f"mandate_bench_pages_{n}")
        env = child_env(url)
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                       check=True)
        results = child(["step-pages", str(n), str(runs)], env)
        for page in ("home", "filtered list", "obligation page"):
            r = results[page]
            rows.append(row("dashboard", f"{page}, median ({backend})", f"{n:,}", r["median"], "ms"))
            rows.append(row("dashboard", f"{page}, p95 ({backend})", f"{n:,}", r["p95"], "ms", "p95 < 200 ms",
                            r["p95"] < 200))
            rows.append(row("dashboard", f"{page}, SQL queries", f"{n:,}", r["queries"], "queries"))
            queries.setdefault(page, []).append(r["queries"])
        if results.get("CSV export of 10,000"):
            r = results["CSV export of 10,000"]
            rows.append(row("dashboard", f"CSV export of 10,000 rows, median ({backend})", f"{n:,}", r["median"], "ms"))
            rows.append(row("dashboard", f"CSV export of 10,000 rows, p95 ({backend})", f"{n:,}", r["p95"], "ms"))
        sweep_result = results["sweep"]
        rows.append(row("reminders", f"sweep: find and queue ({backend})", f"{n:,}", sweep_result["seconds"], "s",
                        "< 5 s", sweep_result["seconds"] < 5))
        rows.append(row("reminders", "sweep: peak Python memory", f"{n:,}", sweep_result["peak_mb"], "MB"))
    for page, counts in queries.items():
        rows.append(row("dashboard", f"{page}: same queries at every size", " / ".join(map(str, sizes)),
                        max(counts), "queries", "equal", len(set(counts)) == 1))
    return rows


# --- load ------------------------------------------------------------------------------------

def step_session():
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    users = populate(2_000, n_users=5)
    session = SessionStore()
    session[SESSION_KEY] = str(users[0].pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = users[0].get_session_auth_hash()
    session.create()
    return {"cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}


def bench_load(quick):
    if shutil.which("wrk") is None:
        return [row("load", "wrk not installed (apt-get install wrk)", "-", None, "skipped")]
    url = postgres_url("mandate_bench_load")
    backend = "postgresql" if url else "sqlite"
    url = url or sqlite_url("mandate_bench_load")
    env = child_env(url)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    cookie = child(["step-session"], env)["cookie"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "tracker.wsgi", "--bind", f"127.0.0.1:{port}",
                               "--workers", "2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)
        target = f"http://127.0.0.1:{port}/obligations/?kind=report&order=due"
        out = subprocess.run(["wrk", "-t2", "-c8", f"-d{5 if quick else 20}s", "--latency", "-H", f"Cookie: {cookie}",
                              target], capture_output=True, text=True, timeout=120).stdout
    finally:
        server.terminate()
        server.wait(timeout=20)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p90 = re.search(r"90%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return [
        row("load", f"gunicorn 2 workers, logged-in list ({backend}), requests/s", "2,000", rps, "req/s"),
        row("load", "latency p90 (wrk, 8 connections)", "2,000", float(p90.group(1)) * scale[p90.group(2)], "ms"),
        row("load", "latency p99 (wrk, 8 connections)", "2,000", float(p99.group(1)) * scale[p99.group(2)], "ms"),
        row("load", "non-2xx responses", "2,000", int(errors.group(1)) if errors else 0, "responses", "0",
            not errors),
    ]


# --- the table -------------------------------------------------------------------------------

def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def table(rows):
    head = ("area", "measure", "size", "value", "unit", "target", "met")
    cells = [[str(r[k] if r[k] is not None else "-") if k != "met" else
              {True: "yes", False: "NO", None: ""}[r["met"]] for k in head] for r in rows]
    widths = [max(len(c[i]) for c in cells + [list(head)]) for i in range(len(head))]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(cell, widths)) + " |" for cell in cells]
    return "\n".join(lines)


def main():
    if len(sys.argv) > 1 and sys.argv[1].startswith("step-"):
        step = {"step-import": lambda a: step_import(int(a[0])),
                "step-pages": lambda a: step_pages(int(a[0]), int(a[1])),
                "step-session": lambda a: step_session()}[sys.argv[1]]
        print(json.dumps(step(sys.argv[2:])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--only", choices=["parse", "import", "pages", "load"], action="append")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    rows = []
    for name, bench in (("parse", bench_parse), ("import", bench_import), ("pages", bench_pages),
                        ("load", bench_load)):
        if args.only and name not in args.only:
            continue
        print(f"benchmarking {name}...", file=sys.stderr)
        rows += bench(args.quick)
    taken = datetime.now().strftime("%Y-%m-%d %H:%M")
    print(f"\nMandate Tracker benchmarks, {taken}, on {machine()}\n")
    print(table(rows))
    report = {"taken": taken, "machine": machine(), "quick": args.quick, "rows": rows}
    path = OUT / f"bench-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2))
    (OUT / "latest.json").write_text(json.dumps(report, indent=2))
    print(f"\nwritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
