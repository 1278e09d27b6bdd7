"""The migrations build exactly the schema the models describe, on SQLite and on PostgreSQL."""
import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from learning.cli.database import upgrade_database
from learning.db import make_engine
from learning.models import metadata
from tests.conftest import database_url, is_postgres


def _fresh_database_url(tmp_path):
    if not is_postgres():
        return f"sqlite:///{tmp_path / 'migrated.sqlite3'}", None
    name = f"migrations_{uuid.uuid4().hex[:12]}"
    admin = make_engine(database_url())
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = database_url().rsplit("/", 1)[0]
    return f"{base}/{name}", (admin, name)


def test_migrated_schema_equals_the_models(tmp_path):
    url, cleanup = _fresh_database_url(tmp_path)
    try:
        upgrade_database(url)
        engine = make_engine(url)
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, metadata)
            tables = set(conn.dialect.get_table_names(conn))
        engine.dispose()
        assert differences == []
        assert {"staff", "states", "townships", "alembic_version"} <= tables
    finally:
        if cleanup:
            admin, name = cleanup
            with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
