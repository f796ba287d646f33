"""The review report as headless Chromium sees it: highlights, rejected candidates and conflicts.

Needs the Debian package `chromium` (`make chromium` installs it). Skipped when it is missing,
except under CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pairaid_etl.orchestrate import ingest as ingest_stage
from pairaid_etl.store.corrections import apply_corrections
from pairaid_etl.review import write_report

from review_support import document, hillside_extraction, ingest
from test_review import Page

pytestmark = pytest.mark.browser
SAMPLE = Path(__file__).resolve().parents[1] / "raw" / "zhejiang-sichuan-2010.txt"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")


@pytest.fixture(scope="session")
def chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed; CI must install it (`make chromium`, Debian package chromium)")
        pytest.skip("chromium is not installed (`make chromium`)")
    return found


def dump_dom(chromium: str, page: Path, profile: Path) -> Page:
    """The DOM after Chromium loaded and laid out the page, parsed."""
    result = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.resolve().as_uri()],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<mark" in result.stdout, f"no DOM dumped; stderr: {result.stderr[-2000:]}"
    return Page(result.stdout)


def test_the_browser_shows_highlights_rejections_and_the_conflict_list(chromium, engine, tmp_path):
    ingest(engine, [(document(), hillside_extraction())])
    index = write_report(engine, tmp_path / "review")
    page = dump_dom(chromium, index.parent / "doc-1.html", tmp_path / "profile")
    kinds = {m["data-kind"] for m in page.marks if "fig" in m["class"].split()}
    assert kinds == {"money", "count", "length"}
    assert {m["text"] for m in page.marks if "rej" in m["class"].split()} == {"2019", "2+2", "010-5550123"}
    assert len(page.items["conflicts"]) == 2 and all("disagrees" in item for item in page.items["conflicts"])
    assert "with" not in page.tags and "script" not in page.tags, "document text must stay text"


@pytest.fixture
def sample_report(engine, tmp_path) -> Path:
    """The sample bulletin ingested as `make run` does (same library calls, no Prefect), then reviewed."""
    run_id = ingest_stage.start_run(engine)
    result = ingest_stage.process_files(engine, run_id, [str(SAMPLE)], 10 * 1024 * 1024)
    ingest_stage.finish_run(engine, run_id, 1, result)
    apply_corrections(engine, run_id, [])
    index = write_report(engine, tmp_path / "review")
    return next(p for p in index.parent.glob("doc-*.html"))


def test_the_sample_bulletin_shows_its_rejected_1_plus_1_and_years(chromium, sample_report, tmp_path):
    page = dump_dom(chromium, sample_report, tmp_path / "profile")
    text = SAMPLE.read_text(encoding="utf-8")
    rejected = [m for m in page.marks if "rej" in m["class"].split()]
    years = [m for m in rejected if "rejected_year" in m["class"]]
    assert years and all(m["text"].isdigit() and len(m["text"]) == 4 for m in years)
    one_plus_one = text.index('"1 +1"') + 1
    inside = [m for m in rejected if one_plus_one <= int(m["data-start"]) < one_plus_one + 4]
    assert inside, "the '1 +1' candidates must be marked as rejected"
    assert not any(one_plus_one <= int(m["data-start"]) < one_plus_one + 4
                   for m in page.marks if "fig" in m["class"].split())


def test_the_sample_bulletin_shows_the_hospitals_conflict(chromium, sample_report, tmp_path):
    page = dump_dom(chromium, sample_report, tmp_path / "profile")
    hospitals = [item for item in page.items.get("conflicts", []) if "hospital" in item]
    assert hospitals, page.items.get("conflicts")
    flagged = [m for m in page.marks if "flagged" in m["class"].split()]
    assert any("item hospital" in m["data-tip"] for m in flagged), "the conflicting figure is outlined"
