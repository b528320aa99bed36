"""/readyz in object-storage mode: the storage check asks the bucket (moto's S3 server), and names it when the
bucket is gone."""


def test_readyz_asks_the_bucket_and_names_the_storage_when_it_is_gone(client, db, s3, settings):
    settings.READYZ_TIMEOUT = 5
    settings.CELERY_TASK_ALWAYS_EAGER = True
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["storage"] == "ok"
    assert s3.var_files() == []  # the probe wrote nothing

    s3.client.delete_bucket(Bucket=s3.name)  # the bucket answers "no such bucket" now
    gone = client.get("/readyz")
    assert gone.status_code == 503
    assert gone.json()["failed"] == ["storage"]
