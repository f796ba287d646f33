"""The package works when installed from a wheel, outside any checkout (no alembic.ini, migrations/, flows/)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from pairaid_etl.store.models import DocumentRow, ExtractionRun, FigureRow

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "raw" / "zhejiang-sichuan-2010.txt"

pytestmark = pytest.mark.flow


def _run(args: list, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600, **kwargs)
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the sources (the checkout stays clean), without downloads."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", dist, source])
    (built,) = dist.glob("pairaid_etl-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed for real (not editable); its
    dependencies are borrowed from the test environment's site-packages rather than downloaded."""
    target = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", target])
    python = target / "bin" / "python"
    _run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", wheel])
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "zz_borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return target


def test_the_installed_package_is_the_wheel_not_the_checkout(venv):
    where = _run([venv / "bin" / "python", "-c", "import pairaid_etl; print(pairaid_etl.__file__)"]).stdout
    assert where.startswith(str(venv)) and "site-packages" in where


def test_a_wheel_install_migrates_and_ingests_the_sample(venv, prefect_api, tmp_path):
    work = tmp_path / "elsewhere"
    (work / "raw").mkdir(parents=True)
    shutil.copy(SAMPLE, work / "raw")
    url = f"sqlite:///{work / 'aid.sqlite3'}"
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "PAIRAID_DATABASE_URL": url, "PREFECT_API_URL": prefect_api,
           "PREFECT_HOME": os.environ["PREFECT_HOME"], "PREFECT_LOGGING_LEVEL": "WARNING"}
    pairaid = venv / "bin" / "pairaid"

    _run([pairaid, "db", "upgrade"], cwd=work, env=env)
    ingested = _run([pairaid, "ingest", "raw"], cwd=work, env=env)

    assert "1 loaded" in ingested.stdout
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(DocumentRow)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(FigureRow)).scalar_one() > 20
        flow_run_id = conn.execute(select(ExtractionRun.flow_run_id)).scalar_one()
    engine.dispose()
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:  # the run went to PREFECT_API_URL's server, not a temporary one
        assert client.read_flow_run(flow_run_id).state.is_completed()
