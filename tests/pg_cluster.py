"""Where the tests find PostgreSQL: a configured URL, the local server, or a throw-away cluster.

A throw-away cluster is made with the installed binaries (``initdb``/``pg_ctl`` under
``/usr/lib/postgresql/*/bin``, from the ``postgresql`` package) in a temporary folder, on a
free port, with trust authentication, and removed at the end of the session.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

LOCAL_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


class Unavailable(Exception):
    """No PostgreSQL can be had here; the message says why."""


def reachable(url: str) -> bool:
    from sqlalchemy import create_engine, text

    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not usable"
        return False
    finally:
        engine.dispose()


def port_open(host: str = "127.0.0.1", port: int = 5432) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, port)) == 0


def find_bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise Unavailable("no PostgreSQL binaries (initdb) under /usr/lib/postgresql/*/bin; "
                          "install the postgresql package or set PAIRAID_TEST_POSTGRES_URL")
    return Path(found[-1]).parent


@dataclass
class Cluster:
    url: str
    folder: Path
    bindir: Path
    as_user: list[str]

    def stop(self) -> None:
        subprocess.run([*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"),
                        "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster:
    """initdb + pg_ctl start in a temporary folder (as user postgres when running as root)."""
    bindir = find_bindir()
    folder = Path(tempfile.mkdtemp(prefix="pairaid-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no 'postgres' user to run initdb as") from None
        shutil.chown(folder, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cluster = Cluster(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", folder, bindir, as_user)
    steps = [[str(bindir / "initdb"), "-D", str(folder / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8",
              "--no-sync"],
             [str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "server.log"), "-w", "-t", "60",
              "-o", f"-p {port} -h 127.0.0.1 -k {folder} -F", "start"]]
    for step in steps:
        done = subprocess.run([*as_user, *step], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            cluster.stop()
            raise Unavailable(f"{Path(step[0]).name} failed: {done.stderr.strip() or done.stdout.strip()}")
    return cluster
