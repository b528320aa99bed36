"""The storages of object-storage mode, read from the environment (S3_BUCKET and its companions).

Kept apart from settings.py (and free of Django imports) so that the tests build the very same options for
their own bucket on moto's server (tests/storage/conftest.py)."""

S3_BACKEND = "storages.backends.s3.S3Storage"


def s3_options(environ, *, expire):
    """django-storages' S3Storage options for the bucket named by ``environ``'s S3_BUCKET.

    Private objects ("private" ACL; S3_ACL="" sends none, for a bucket whose ACLs are disabled), every URL
    signed (SigV4) for ``expire`` seconds, path-style addressing (MinIO, moto; S3_ADDRESSING_STYLE=virtual for
    AWS), and a name already taken is never overwritten (as on disk).
    """
    return {
        "bucket_name": environ["S3_BUCKET"].strip(),
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "access_key": environ.get("S3_ACCESS_KEY") or None,
        "secret_key": environ.get("S3_SECRET_KEY") or None,
        "region_name": environ.get("S3_REGION") or "us-east-1",
        "default_acl": environ.get("S3_ACL", "private") or None,
        "signature_version": "s3v4",
        "addressing_style": environ.get("S3_ADDRESSING_STYLE") or "path",
        "querystring_auth": True,
        "querystring_expire": expire,
        "file_overwrite": False,
    }


def s3_storages(environ, *, expire=60):
    """The STORAGES entries that put every kept file in the bucket: "default" (dossier files, letters,
    backups) and "artifacts" (the issued PDFs, under ``artifacts/``; named by their digest, so writing one
    again writes the same bytes: no renamed twin when two nodes write it at once)."""
    options = s3_options(environ, expire=expire)
    return {
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": options},
        "artifacts": {"BACKEND": S3_BACKEND, "OPTIONS": {**options, "location": "artifacts", "file_overwrite": True}},
    }
