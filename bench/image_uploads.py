"""`make bench` (second part): peak memory and time of accepting one image upload, per format and size.

Each case uploads one photo-like image (JPEG, PNG, WebP, AVIF at 12, 24 and 40 megapixels) through the Wagtail
admin's add-image form, in a fresh worker process pinned to one CPU core: form checks, metadata stripping, the
stored original and the API renditions made at upload time, all included. The request body is streamed from a
file, as a server hands a worker its socket: Django spools the upload to a temporary file, and the body is never
held in memory whole (the test client would hold two copies of it, which no server does). The worker first
uploads a small image so that imports and first-request costs are not counted. It prints:

- the outcome (accepted, or the form's refusal message),
- wall time and CPU time of the upload request (the worker has one core, so CPU time is what the upload costs on
  an idle core; wall time also counts waiting for other processes on a busy machine),
- the worker's peak resident memory, how much the upload added to it, and the peak as a share of the budget,
- for the 24 MP JPEG, its CPU time as a share of the time budget.

Targets (issue 10): at most 512 MB peak per upload, and at most 3 s for a 24 MP JPEG including its renditions.
Options: `--formats JPEG,PNG`, `--megapixels 12,24`, `--timeout 300` (seconds per case).
"""

import argparse
import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FORMATS = ("JPEG", "PNG", "WEBP", "AVIF")
SIZES = {12: (4000, 3000), 24: (6000, 4000), 40: (7680, 5200)}  # 40 MP is just under 40,000,000 pixels
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
MEMORY_TARGET_MB = 512
JPEG_24MP_TARGET_S = 3.0


def environment(workdir):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "clinic_site.settings.dev",
            "DEBUG": "0",
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(workdir / "media"),
            "STATIC_ROOT": str(workdir / "static"),
            "ALLOWED_HOSTS": "testserver",
            "IMAGES_MAX_UPLOAD_MB": "200",  # the size limit is not what is measured here: the pixel budget is
            "PYTHONPATH": str(ROOT),
        }
    )
    env.pop("REDIS_URL", None)
    return env


def photo_like(size):
    """A smooth gradient with grain, like a photo: compresses as badly as a real one (noise is drawn in C)."""
    from PIL import Image

    gradient = Image.linear_gradient("L").resize(size)
    grain = Image.effect_noise(size, 24)
    red = Image.blend(gradient, grain, 0.35)
    green = Image.blend(gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT), grain, 0.25)
    blue = Image.blend(gradient.transpose(Image.Transpose.ROTATE_180), grain, 0.3)
    return Image.merge("RGB", (red, green, blue))


def encode(image, fmt):
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 90}, "PNG": {"compress_level": 1}, "WEBP": {"quality": 85, "method": 0}}
    options["AVIF"] = {"quality": 70, "speed": 10}
    image.save(buffer, fmt, **options[fmt])
    return buffer.getvalue()


def make_samples(workdir, formats, megapixels):
    samples = []
    for mp in megapixels:
        image = photo_like(SIZES[mp])
        for fmt in formats:
            path = workdir / f"sample-{mp}mp.{EXTENSIONS[fmt]}"
            path.write_bytes(encode(image, fmt))
            samples.append((fmt, mp, path))
        del image
    return samples


SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")
"""


def setup(workdir):
    out = subprocess.run(
        [PYTHON, "-c", SETUP], env=environment(workdir), cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    if out.returncode:
        sys.exit(f"Setting up the benchmark database failed:\n{out.stderr[-3000:]}")


def peak_rss_mb():
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent
    across fork and exec, so a worker started by a parent holding the samples would report the parent's size."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


BOUNDARY = "clinic-bench-boundary"


def multipart_body(path, body_path):
    """Writes the add-image form's multipart body for the file at `path` to `body_path`, copying the file in
    chunks; returns the body's length."""
    from wagtail.models import Collection

    def field(name, value):
        return f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()

    with open(body_path, "wb") as body, open(path, "rb") as source:
        body.write(field("title", "Bench photo"))
        body.write(field("collection", Collection.get_first_root_node().pk))
        body.write(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{Path(path).name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
        )
        while chunk := source.read(1 << 20):
            body.write(chunk)
        body.write(f"\r\n--{BOUNDARY}--\r\n".encode())
        return body.tell()


def post_upload(client, path):
    """POSTs the file at `path` to the add-image form, the body read from disk as a server would stream it."""
    from django.urls import reverse

    body_path = f"{path}.body"
    length = multipart_body(path, body_path)
    try:
        with open(body_path, "rb") as body:
            return client.request(
                REQUEST_METHOD="POST",
                PATH_INFO=reverse("wagtailimages:add"),
                CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
                CONTENT_LENGTH=str(length),
                **{"wsgi.input": body},
            )
    finally:
        os.remove(body_path)


def worker(path):
    """One upload in this process, pinned to one core; prints one JSON line."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from wagtail.images import get_image_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    warm = Path(path).with_name("warm-up.jpg")
    photo_like((640, 480)).save(warm, "JPEG")
    post_upload(client, warm)
    baseline = peak_rss_mb()
    renditions_before = get_image_model().get_rendition_model().objects.count()
    started, cpu_started = time.perf_counter(), time.process_time()
    response = post_upload(client, path)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    result = {"seconds": seconds, "cpu": cpu, "peak_mb": peak_rss_mb(), "baseline_mb": baseline}
    if response.status_code == 302:
        result["outcome"] = "accepted"
        result["renditions"] = get_image_model().get_rendition_model().objects.count() - renditions_before
    else:
        result["outcome"] = "refused: " + form_errors(response)
    print(json.dumps(result))


def form_errors(response):
    """The messages of the form shown again (read from the HTML: outside tests, no template context is kept)."""
    html = response.content.decode(errors="replace")
    found = re.findall(r'class="[^"]*error-message[^"]*"[^>]*>(.*?)</(?:p|div)>', html, flags=re.DOTALL)
    messages = [" ".join(re.sub(r"<[^>]+>", " ", text).split()) for text in found]
    return " ".join(unescape(message) for message in messages if message) or f"HTTP {response.status_code}"


def run_case(workdir, path, timeout):
    command = [PYTHON, __file__, "--worker", str(path)]
    try:
        out = subprocess.run(
            command, env=environment(workdir), cwd=ROOT, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"outcome": f"killed after {timeout} s"}
    if out.returncode:
        tail = out.stderr.strip().splitlines()[-1:] or [f"exit {out.returncode}"]
        return {"outcome": "crashed: " + tail[0]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(rows):
    header = f"{'format':6} {'MP':>3} {'file MB':>8} {'wall s':>7} {'cpu s':>6} {'peak MB':>8} {'added MB':>8}"
    print(f"\n{header} {'of 512':>7}  outcome")
    for fmt, mp, size, result in rows:
        if "seconds" in result:
            figures = (
                f"{result['seconds']:7.2f} {result['cpu']:6.2f} {result['peak_mb']:8.0f} "
                f"{result['peak_mb'] - result['baseline_mb']:8.0f} {result['peak_mb'] / MEMORY_TARGET_MB:7.0%}"
            )
        else:
            figures = f"{'-':>7} {'-':>6} {'-':>8} {'-':>8} {'-':>7}"
        outcome = result["outcome"]
        if "renditions" in result:
            outcome += f" ({result['renditions']} renditions)"
        print(f"{fmt:6} {mp:3d} {size / 1e6:8.2f} {figures}  {outcome}")
    measured = [result for _f, _m, _s, result in rows if "peak_mb" in result]
    if measured:
        worst = max(result["peak_mb"] for result in measured)
        verdict = "met" if worst <= MEMORY_TARGET_MB else "NOT met"
        print(
            f"\n- Worst peak memory of a worker: {worst:.0f} MB, {worst / MEMORY_TARGET_MB:.0%} of the budget "
            f"(target <= {MEMORY_TARGET_MB} MB: {verdict})."
        )
    for fmt, mp, _size, result in rows:
        if fmt == "JPEG" and mp == 24 and "seconds" in result:
            verdict = "met" if result["cpu"] <= JPEG_24MP_TARGET_S else "NOT met"
            print(
                f"- 24 MP JPEG: {result['cpu']:.2f} s of one core, {result['cpu'] / JPEG_24MP_TARGET_S:.0%} of the "
                f"budget (target <= {JPEG_24MP_TARGET_S} s: {verdict}); {result['seconds']:.2f} s wall."
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--megapixels", default=",".join(str(mp) for mp in SIZES))
    parser.add_argument("--timeout", type=int, default=300)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker)
    formats = [fmt.strip().upper() for fmt in args.formats.split(",")]
    megapixels = [int(mp) for mp in args.megapixels.split(",")]
    with tempfile.TemporaryDirectory(prefix="clinic-bench-images-") as tmp:
        workdir = Path(tmp)
        print("== Drawing sample photos and building a throwaway database")
        samples = make_samples(workdir, formats, megapixels)
        setup(workdir)
        rows = []
        for fmt, mp, path in samples:
            print(f"== {fmt} {mp} MP", flush=True)
            rows.append((fmt, mp, path.stat().st_size, run_case(workdir, path, args.timeout)))
        report(rows)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
