"""A .pth patch of the service venvs: sqlite transactions begin IMMEDIATE."""

from __future__ import annotations

from pathlib import Path

# Several processes (Nova's api, conductor, scheduler and compute; Keystone's workers)
# share one sqlite file; with deferred transactions two writers that both started as
# readers fail with "database is locked".
# BEGIN IMMEDIATE takes the write lock up front, so writers queue on the busy timeout.
_SQLITE_FIX = '''\
"""Test-harness patch: sqlite transactions begin IMMEDIATE, with a busy timeout."""
try:
    from sqlalchemy import event as _event
    from sqlalchemy.engine import Engine as _Engine
except ImportError:
    pass
else:
    @_event.listens_for(_Engine, "connect")
    def _osc_connect(dbapi_connection, record):
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            dbapi_connection.isolation_level = None
            dbapi_connection.execute("PRAGMA busy_timeout = 60000")

    # Class-level listeners run before oslo.db's per-engine one, which then sees its
    # own "in_transaction" marker and does not emit a second, deferred BEGIN.
    @_event.listens_for(_Engine, "begin")
    def _osc_begin(connection):
        if connection.dialect.name == "sqlite" and "in_transaction" not in connection.info:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            connection.info["in_transaction"] = True

    @_event.listens_for(_Engine, "commit")
    @_event.listens_for(_Engine, "rollback")
    def _osc_end(connection):
        connection.info.pop("in_transaction", None)
'''


def install(venv: Path) -> None:
    """Make every SQLAlchemy sqlite engine in ``venv`` begin transactions IMMEDIATE."""
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "_osc_sqlite_immediate.py").write_text(_SQLITE_FIX)
    (site / "_osc_sqlite_immediate.pth").write_text("import _osc_sqlite_immediate\n")
