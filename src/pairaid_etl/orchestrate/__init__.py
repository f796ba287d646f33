"""Orchestration with Prefect: the ingest flow, how a run is started, served and deployed."""
