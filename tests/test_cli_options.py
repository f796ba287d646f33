"""The command line's edges: version, closed choices, settings errors, exit codes, odd file names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from prefect.states import Completed, Failed
from typer.testing import CliRunner

from pairaid_etl import __version__
from pairaid_etl.cli import app
from pairaid_etl.errors import SchemaOutOfDate
from pairaid_etl.orchestrate.run import outcome_of

PAIRAID = Path(sys.executable).with_name("pairaid")
SAMPLE = Path(__file__).resolve().parents[1] / "raw" / "zhejiang-sichuan-2010.txt"
runner = CliRunner()


def test_it_prints_its_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"pairaid_etl {__version__}"


@pytest.mark.parametrize("args", [["extract", "-f", "csv", str(SAMPLE)], ["eval", "-f", "xml", str(SAMPLE)]])
def test_an_unknown_format_is_refused_not_ignored(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "is not one of" in result.output


def test_a_known_format_still_works():
    result = runner.invoke(app, ["extract", "-f", "jsonl", str(SAMPLE)])
    assert result.exit_code == 0 and result.output.startswith('{"doc": ')


@pytest.mark.parametrize(("value", "message"), [
    ("ten", "'ten' is not a size"),
    ("10XB", "'10XB' is not a size"),
    ("0", "greater than 0"),
])
def test_a_bad_setting_is_one_clear_line_not_a_traceback(tmp_path, value, message):
    env = {"PATH": "/usr/bin:/bin", "PAIRAID_MAX_BYTES": value, "PREFECT_HOME": str(tmp_path)}
    done = subprocess.run([str(PAIRAID), "ingest", str(tmp_path)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert "PAIRAID_MAX_BYTES" in done.stderr and message in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_sizes_with_units_are_understood():
    from pairaid_etl.config import load_settings

    sizes = {v: load_settings({"PAIRAID_MAX_BYTES": v}).max_bytes for v in ("10MB", "512 KB", "1GiB", "2048")}
    assert sizes == {"10MB": 10 * 1024**2, "512 KB": 512 * 1024, "1GiB": 1024**3, "2048": 2048}


def test_file_names_with_brackets_are_printed_as_written(tmp_path):
    odd = tmp_path / "[bold]draft [2010].txt"
    odd.write_bytes(SAMPLE.read_bytes())
    missing = tmp_path / "[red]gone.txt"
    result = runner.invoke(app, ["extract", str(odd), str(missing)], env={"COLUMNS": "300"})
    assert result.exit_code == 1  # the missing file
    assert "[bold]draft [2010].txt" in result.output
    assert "[red]gone.txt" in result.output


@pytest.mark.parametrize(("state", "code"), [
    (Completed(data={"failed": 0, "run_id": 1}), 0),
    (Failed(message="2 files failed: a (doc_empty), b (doc_binary)", data={"failed": 2, "run_id": 1}), 1),
    (Failed(message="schema", data=SchemaOutOfDate("run `pairaid db upgrade`")), 2),
    (Failed(message="Flow run encountered an exception: OperationalError", data=RuntimeError("boom")), 3),
])
def test_the_exit_code_tells_failed_files_from_a_crash(state, code):
    assert outcome_of(state).exit_code == code
