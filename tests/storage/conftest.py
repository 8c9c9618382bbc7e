"""An S3 API server on loopback (moto's standalone server) for the object-storage tests, started and stopped here."""

import json
import os
import socket
import subprocess
import sys
import time

import pytest
import requests

REGION = "us-east-1"
PUBLIC, PRIVATE = "clinic-media", "clinic-private"
# The README's policy of the public bucket: anonymous reads of public renditions and documents, nothing else.
PUBLIC_BUCKET_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "PublicRenditionsAndDocuments",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": [f"arn:aws:s3:::{PUBLIC}/images/*", f"arn:aws:s3:::{PUBLIC}/documents/*"],
        }
    ],
}


def free_loopback_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(url, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto's server exited with {process.returncode} before answering")
        try:
            requests.get(url, timeout=5)
            return
        except requests.RequestException:  # refused while it starts, or slow to answer on a loaded machine
            time.sleep(0.1)
    raise RuntimeError(f"moto's server did not answer on {url} within {seconds} s")


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint URL of a moto S3 server running in its own process for the whole session."""
    # moto without its server extra fails to import moto.server (no Flask): skip, as when moto is missing.
    pytest.importorskip(
        "moto.server", reason="moto[server] is not installed (requirements-dev.txt)", exc_type=ImportError
    )
    port = free_loopback_port()
    environment = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    process = subprocess.Popen(  # noqa: S603 - our own interpreter running moto
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(endpoint, process)
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def forget_private_buckets():
    # The private bucket's storage is cached per bucket/prefix/expiry: each test must build it from its own settings.
    from galleries import storage as galleries_storage

    galleries_storage._private_bucket.cache_clear()


@pytest.fixture
def s3(s3_server, settings, monkeypatch):
    """A boto3 client of the loopback server, with an empty public and private bucket, and the site's media on them."""
    import boto3

    # Dummy credentials only: nothing in a test may reach a real account.
    for variable, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing")):
        monkeypatch.setenv(variable, value)
    for variable in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    requests.post(f"{s3_server}/moto-api/reset", timeout=5).raise_for_status()
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    for bucket in (PUBLIC, PRIVATE):
        client.create_bucket(Bucket=bucket)
    client.put_bucket_policy(Bucket=PUBLIC, Policy=json.dumps(PUBLIC_BUCKET_POLICY))
    client.put_public_access_block(
        Bucket=PRIVATE,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    from clinic_site.settings.base import object_storage_settings

    # The site's own settings block, fed the environment a deployer would set.
    environment = {"AWS_STORAGE_BUCKET_NAME": PUBLIC, "AWS_S3_ENDPOINT_URL": s3_server, "AWS_S3_REGION_NAME": REGION}
    for name, value in object_storage_settings(environment).items():
        setattr(settings, name, value)
    settings.GALLERIES_PRIVATE_BUCKET_NAME = PRIVATE
    forget_private_buckets()
    yield client
    forget_private_buckets()


def keys(client, bucket, prefix=""):
    listing = client.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return [item["Key"] for item in listing.get("Contents", [])]
