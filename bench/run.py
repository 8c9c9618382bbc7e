"""`make bench`: the treatments API under gunicorn on loopback, against Wagtail's API v2 and a static file.

Builds a throwaway SQLite database with demo-like content, then measures requests/s and p50/p99 latency for:
treatment detail (response cache off, then on: in the file cache, and in Redis when one answers), treatment list,
Wagtail API v2 detail of the same page, and the same detail JSON served as a static file by the same server. Every
request reads the change log's head once (treatments/change_log/): that is what keeps cached copies current.

"Uncached" means the response cache is off: each request finds the page, checks its privacy and reads the detail
JSON stored when it was published (treatments/api/documents.py). For comparison, a third server also turns stored
documents off, so every request builds the JSON from the StreamField as Wagtail's API v2 does.

Bounded: each case runs at most DURATION seconds or MAX_REQUESTS requests, best of ROUNDS rounds; the whole run
takes about two minutes.
"""

import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8103"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
DURATION = float(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))  # best of N interleaved rounds: other processes add noise
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "20000"))
STATIC_NAME = "bench/treatment.json"


def redis_url():
    """Redis for the cached-on-Redis cases, when one answers (BENCH_REDIS_URL, default a database of its own)."""
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # no Redis here: those cases are left out
        return ""
    return url


def environment(workdir, response_cache, stored_documents=True, redis=""):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "clinic_site.settings.dev",
            "DEBUG": "0",
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(workdir / "media"),
            "STATIC_ROOT": str(workdir / "static"),
            "API_ANON_RATE": "",  # off: four clients on one address would meet any real limit at once
            "API_RESPONSE_CACHE_SECONDS": "600" if response_cache else "0",
            "API_STORED_DOCUMENTS": "1" if stored_documents else "0",
            "API_WAGTAIL_V2": "1",
            "ALLOWED_HOSTS": HOST,
            "PYTHONPATH": str(ROOT),
        }
    )
    env.pop("REDIS_URL", None)  # the file cache by default, as `make run` has it
    env["CACHE_DIR"] = str(workdir / "cache")
    if redis:
        env.update({"REDIS_URL": redis, "CACHE_KEY_PREFIX": f"bench-{os.getpid()}", "API_RESPONSE_CACHE": "default"})
    return env


SETUP = """
import django, json, os
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from bench.content import build
from django.test import Client
page_id = build()
body = Client(HTTP_HOST="{host}:{port}").get(f"/api/v1/treatments/{{page_id}}/").content
target = os.path.join(os.environ["STATIC_ROOT"], "{static}")
os.makedirs(os.path.dirname(target), exist_ok=True)
open(target, "wb").write(body)
print(json.dumps({{"page_id": page_id, "bytes": len(body)}}))
"""


def setup(workdir):
    code = SETUP.format(host=HOST, port=PORT, static=STATIC_NAME)
    out = subprocess.run(
        [PYTHON, "-c", code], env=environment(workdir, True), cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    if out.returncode:
        sys.exit(f"Setting up the benchmark database failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_server(workdir, response_cache, stored_documents=True, redis=""):
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "clinic_site.wsgi:application",
        "--bind",
        f"{HOST}:{PORT}",
        "--workers",
        str(WORKERS),
        "--log-level",
        "warning",
        "--max-requests",
        "0",
    ]
    server = subprocess.Popen(command, env=environment(workdir, response_cache, stored_documents, redis), cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, PORT, timeout=2)
            connection.request("GET", "/api/v1/conditions/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn did not answer within 30 s")


def stop_server(server):
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def best_of(paths):
    """Each case's round with the most requests/s. Rounds interleave the cases, so a burst of load from other
    processes on the machine slows one round of every case rather than every round of one case."""
    best = {}
    for _ in range(ROUNDS):
        for name, path in paths.items():
            result = load(path)
            if name not in best or result["rps"] > best[name]["rps"]:
                best[name] = result
    return best


def load(path):
    """Requests/s and latencies of GET `path` with CONCURRENCY threads, bounded by DURATION and MAX_REQUESTS."""
    latencies, errors = [], []
    lock = threading.Lock()
    stop_at = time.monotonic() + DURATION
    budget = [MAX_REQUESTS]

    def worker():
        connection = http.client.HTTPConnection(HOST, PORT, timeout=10)
        while time.monotonic() < stop_at:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(response.status)
            except (OSError, http.client.HTTPException) as error:
                errors.append(repr(error))
                connection.close()
                connection = http.client.HTTPConnection(HOST, PORT, timeout=10)
                continue
            with lock:
                latencies.append(time.perf_counter() - started)

    # Warm up: first requests fill caches and import code; they are not measured.
    for _ in range(5):
        connection = http.client.HTTPConnection(HOST, PORT, timeout=10)
        connection.request("GET", path)
        connection.getresponse().read()
    began = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    if errors:
        print(f"  {path}: {len(errors)} errors, e.g. {errors[:3]}")
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else float("nan"),
        "n": len(latencies),
    }


def main():
    workdir = Path(tempfile.mkdtemp(prefix="clinic-bench-"))
    try:
        print(f"Building demo content in {workdir} ...")
        info = setup(workdir)
        page_id = info["page_id"]
        print(f"Article {page_id}: {info['bytes']} bytes of JSON. {WORKERS} gunicorn workers, {CONCURRENCY} clients.")
        cases = {}
        server = start_server(workdir, response_cache=False)
        try:
            cases |= best_of(
                {
                    "treatment detail, uncached": f"/api/v1/treatments/{page_id}/",
                    "treatment list, uncached": "/api/v1/treatments/?limit=20",
                    "Wagtail API v2 detail": f"/api/wagtail-v2/pages/{page_id}/",
                }
            )
        finally:
            stop_server(server)
        server = start_server(workdir, response_cache=False, stored_documents=False)
        try:
            cases |= best_of({"treatment detail, built per request": f"/api/v1/treatments/{page_id}/"})
        finally:
            stop_server(server)
        server = start_server(workdir, response_cache=True)
        try:
            cases |= best_of(
                {
                    "treatment detail, cached": f"/api/v1/treatments/{page_id}/",
                    "treatment list, cached": "/api/v1/treatments/?limit=20",
                    "static file (same JSON)": f"/static/{STATIC_NAME}",
                }
            )
        finally:
            stop_server(server)
        if redis_url():
            server = start_server(workdir, response_cache=True, redis=redis_url())
            try:
                cases |= best_of(
                    {
                        "treatment detail, cached on Redis": f"/api/v1/treatments/{page_id}/",
                        "treatment list, cached on Redis": "/api/v1/treatments/?limit=20",
                    }
                )
            finally:
                stop_server(server)
        report(cases)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report(cases):
    print()
    print(f"{'case':38} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'requests':>9}")
    for name, result in cases.items():
        print(f"{name:38} {result['rps']:9.1f} {result['p50']:8.2f} {result['p99']:8.2f} {result['n']:9d}")
    v2 = cases["Wagtail API v2 detail"]["rps"]
    uncached = cases["treatment detail, uncached"]["rps"] / v2
    built = cases["treatment detail, built per request"]["rps"] / v2
    cached = cases["treatment detail, cached"]["rps"] / cases["static file (same JSON)"]["rps"]
    print()
    print(f"uncached detail / Wagtail API v2 detail: {uncached:.2f}x (target >= 3)")
    print(f"cached detail / static file:             {cached:.2f}x (target >= 0.5)")
    print(f"built per request / Wagtail API v2:      {built:.2f}x (no target: stored documents off)")
    # What the response cache earns, now that every request also reads the change log's head.
    for cached_name, uncached_name in (
        ("treatment detail, cached", "treatment detail, uncached"),
        ("treatment list, cached", "treatment list, uncached"),
        ("treatment detail, cached on Redis", "treatment detail, uncached"),
        ("treatment list, cached on Redis", "treatment list, uncached"),
    ):
        if cached_name in cases:
            gain = cases[cached_name]["rps"] / cases[uncached_name]["rps"]
            print(
                f"{cached_name} / uncached:{' ' * (24 - len(cached_name) + 14)}{gain:.2f}x (the response cache's gain)"
            )


if __name__ == "__main__":
    main()
