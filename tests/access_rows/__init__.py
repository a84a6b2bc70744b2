"""Rows of the access matrix (tests/test_access_matrix.py) kept by topic: each module defines
`rows(m)` and `state(quartier)`; see EXTRA_MODULES there."""
