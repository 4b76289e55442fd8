"""Patient-level assembly: link Records into patients, reconcile their fields, build episodes and a timeline.

    records ─► link (rules as data) ─► reconcile (catalogue precedence, recency, gaps, conflicts)
            ─► episodes (OMOP EPISODE concepts) ─► patients.jsonl + timeline.html (writer)

:func:`assemble` is the entry point; ``oncostruct assemble`` and ``batch --assemble`` call it
through :mod:`engine.assembly.writer`.
"""
from __future__ import annotations

from oncostruct.engine.assembly.assemble import assemble

__all__ = ["assemble"]
