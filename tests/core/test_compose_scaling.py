"""docker-compose.yml shows the scaled-out shape: the app behind PgBouncer in transaction mode,
and MinIO as the optional shared storage for uploads (docs/deployment.md, "Scaling out")."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_the_app_reaches_postgres_through_pgbouncer_in_transaction_mode():
    services = compose()["services"]
    pgbouncer = services["pgbouncer"]
    assert pgbouncer["environment"]["POOL_MODE"] == "transaction"
    assert pgbouncer["environment"]["DB_HOST"] == "postgres"
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert "@pgbouncer:6432/" in env["DATABASE_URL"], name
        assert env["DB_PGBOUNCER"] == "1", name
        assert "pgbouncer" in services[name]["depends_on"], name
    # Migrations talk to PostgreSQL itself.
    assert "@postgres:5432/" in services["migrate"]["environment"]["DATABASE_URL"]


def test_minio_is_an_optional_private_bucket_the_web_and_worker_are_configured_for():
    services = compose()["services"]
    assert services["minio"]["profiles"] == ["s3"]
    assert services["minio-bucket"]["profiles"] == ["s3"]
    assert "anonymous set none" in " ".join(services["minio-bucket"]["entrypoint"])
    for name in ("web", "worker"):
        env = services[name]["environment"]
        for key in (
            "COP_STORAGE",
            "AWS_STORAGE_BUCKET_NAME",
            "AWS_S3_ENDPOINT_URL",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
        ):
            assert key in env, (name, key)
    assert "COP_STORAGE=s3" in (ROOT / "docs/deployment.md").read_text()
