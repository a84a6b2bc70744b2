"""The objects each module offers as checklist evidence (see planning/evidence_objects.py)."""

from __future__ import annotations
