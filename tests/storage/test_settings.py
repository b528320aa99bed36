"""Object-storage mode comes from the environment only (S3_BUCKET, S3_ENDPOINT_URL, S3_ACCESS_KEY, S3_SECRET_KEY,
S3_REGION): the settings a fresh process reads, a private bucket with signed links; without S3_BUCKET the files
stay on this machine, as always; a setting that would keep something on one server is refused."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
READ = """
import json
from django.conf import settings
from django.core.files.storage import storages
from ubnd_schedule.storage import artifact_storage
print(json.dumps({
    "default": type(storages["default"]).__name__,
    "artifacts": type(artifact_storage()).__name__,
    "options": settings.STORAGES["default"].get("OPTIONS", {}),
    "artifact_location": settings.STORAGES.get("artifacts", {}).get("OPTIONS", {}).get("location"),
    "bucket": getattr(artifact_storage(), "bucket_name", None),
}))
"""
BUCKET = {
    "S3_BUCKET": "ubnd-files",
    "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "S3_ACCESS_KEY": "khoa",
    "S3_SECRET_KEY": "bi-mat",
    "S3_REGION": "ap-southeast-1",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def settings_of(**env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("S3_", "CACHE_URL"))}
    environment.update({"DJANGO_SETTINGS_MODULE": "ubnd_schedule.settings", "ARTIFACT_SENDFILE": "", **env})
    code = "import django; django.setup()\n" + READ
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_without_a_bucket_the_files_stay_on_this_machine():
    answer = settings_of()
    assert answer.returncode == 0, answer.stderr
    read = json.loads(answer.stdout)
    assert read["default"] == "FileSystemStorage" and read["artifacts"] == "FileSystemStorage"


def test_a_bucket_is_private_signed_and_addressed_by_path():
    answer = settings_of(**BUCKET)
    assert answer.returncode == 0, answer.stderr
    read = json.loads(answer.stdout)
    assert read["default"] == "S3Storage" and read["artifacts"] == "S3Storage"
    options = read["options"]
    assert options["bucket_name"] == "ubnd-files" and options["endpoint_url"] == "http://127.0.0.1:9000"
    assert (options["access_key"], options["secret_key"], options["region_name"]) == (
        "khoa",
        "bi-mat",
        "ap-southeast-1",
    )
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert options["signature_version"] == "s3v4" and options["addressing_style"] == "path"
    assert options["querystring_expire"] == 60 and options["file_overwrite"] is False
    assert read["artifact_location"] == "artifacts" and read["bucket"] == "ubnd-files"


def test_a_bucket_without_a_shared_cache_or_with_sendfile_is_refused():
    for cache_url in ("", "locmem://", "file:///srv/cache"):
        answer = settings_of(**{**BUCKET, "CACHE_URL": cache_url})
        assert answer.returncode != 0 and "set CACHE_URL to the shared cache" in answer.stderr
    answer = settings_of(**BUCKET, ARTIFACT_SENDFILE="x-accel-redirect")
    assert answer.returncode != 0 and "leave it empty when S3_BUCKET is set" in answer.stderr
