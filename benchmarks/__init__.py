"""`make bench` and its corpus generator (not part of the test suite)."""
