"""Progress of a run: a bar on a terminal, one plain line per batch elsewhere (logs, cron, CI)."""

from __future__ import annotations

import io

from rich.console import Console

from pairaid_etl.orchestrate.ingest import BatchResult
from pairaid_etl.orchestrate.progress import batch_progress


def _report(terminal: bool) -> str:
    out = io.StringIO()
    console = Console(file=out, force_terminal=terminal, width=100)
    with batch_progress(2, 150, console) as progress:
        progress.advance(BatchResult(loaded=98, failed=2))
        progress.advance(BatchResult(loaded=10, skipped=40))
    return out.getvalue()


def test_without_a_terminal_each_batch_is_one_plain_line():
    assert _report(terminal=False).splitlines() == [
        "batch 1/2: 98 loaded, 0 unchanged, 2 failed (100/150 files)",
        "batch 2/2: 10 loaded, 40 unchanged, 0 failed (150/150 files)",
    ]


def test_on_a_terminal_a_bar_counts_files_and_failures():
    shown = _report(terminal=True)
    assert "\x1b[" in shown  # drawn with terminal control codes
    assert "150/150" in shown and "2 failed" in shown
    assert "batch 1/2" not in shown
