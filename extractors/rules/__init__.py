"""Rule packs and lexicons stored as YAML data files, with validated loaders and matchers.

A *rule pack* (``<name>.yaml`` with a top-level ``pack`` key) is a list of regular
expressions, each with an id, a label, the languages it applies to, a stated reliability
(used as confidence until models are calibrated) and examples that must match (checked
at load time, so a broken pattern fails fast).

A *lexicon* (``<name>.yaml`` with a top-level ``lexicon`` key) is a list of terms with
aliases, a canonical form and optional codes; it is matched longest-first.

Both keep exact character offsets of every match.
"""
from __future__ import annotations

from oncostruct.extractors.rules.loader import Lexicon, LexiconEntry, LexiconMatch, Rule, RuleMatch, RulePack, load_lexicon, load_pack

__all__ = [
    "Lexicon",
    "LexiconEntry",
    "LexiconMatch",
    "Rule",
    "RuleMatch",
    "RulePack",
    "load_lexicon",
    "load_pack",
]
