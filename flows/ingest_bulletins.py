"""Thin entry to the ingest flow, which lives in the package (pairaid_etl.orchestrate.flow).

For Prefect tools that want a file:  prefect deploy flows/ingest_bulletins.py:ingest_bulletins
From a checkout:                     python flows/ingest_bulletins.py ingest raw/   (same as `pairaid ...`)
"""

from pairaid_etl.orchestrate.flow import ingest_bulletins

__all__ = ["ingest_bulletins"]

if __name__ == "__main__":
    from pairaid_etl.cli import main

    main()
