"""A label's head decides what its value is (session 14): ``label：value``, ``label: value``, ``label value`` and
``label``+value glued, in prose or a form, whatever the words before the head (``项目编号``, ``血袋号``, ``客服热线``,
``Portal user``, ``Health Card``) and with a letter-spaced Chinese label folded (``床  号``).

The heads, their categories and the value shapes are data (``label_heads`` in ``deid.yaml``). Each category becomes
one recognizer rule of the pack (:func:`with_label_heads`), so the labels that veto a value (``cue_not_phi``: 型号,
批号, NDC, lot), the drug-batch check and every view (despaced, unwrapped, table cells read with their column label)
apply to it as to any rule.
"""
from __future__ import annotations

import re
from typing import Sequence

from oncostruct.extractors.deid.config import LabelHeads
from oncostruct.extractors.rules import RulePack
from oncostruct.extractors.rules.loader import Rule, RulePackFile

_ZH_GAP = "[ \\t]{0,2}"   # a letter-spaced label (床  号): two spaces at most between its characters
# a bracketed note between label and separator (Age(y/m/d):, 电话（内线）：), then a colon, #, = ...
_NOTE = "(?:[ \\t]{0,2}[(（][^()（）\\n]{1,12}[)）])?"
_COLON = "[ \\t]{0,3}[：:#=][ \\t]{0,3}"


def head_pattern(heads: Sequence[str]) -> str:
    """The heads as one alternation: a Chinese head letter-spaced or not, a Latin head without case on its word
    bounds (``No.``, ``#`` as written)."""
    zh = [_ZH_GAP.join(map(re.escape, h)) for h in sorted(heads, key=len, reverse=True) if not h.isascii()]
    en = [re.escape(h) for h in sorted(heads, key=len, reverse=True) if h.isascii()]
    parts = []
    if zh:
        parts.append(f"(?:{'|'.join(zh)})")
    if en:
        parts.append(f"(?<![A-Za-z])(?i:{'|'.join(en)})(?![A-Za-z])")
    return "|".join(parts)


def label_head_rules(settings: LabelHeads) -> list[Rule]:
    """One rule per category: a head, then either a separator and the category's value (``value``), or no separator
    (a Chinese head glued to its value, a space after any head) and a longer value (``bare_value``)."""
    rules = []
    for category, heads in settings.heads.items():
        value, bare = settings.value[category], settings.bare_value.get(category)
        cued = f"{_NOTE}{_COLON}(?P<v>{value})"
        plain = f"|(?:(?<=[\\u4e00-\\u9fa5])|[ \\t]{{1,2}})(?P<v2>{bare})" if bare else ""
        pattern = f"(?:{head_pattern(heads)})(?:{cued}{plain})(?![A-Za-z0-9])"
        rules.append(Rule(id=f"deid.label_head_{category.lower()}", label=category, pattern=pattern,
                          reliability=settings.reliability))
    return rules


def with_label_heads(pack: RulePack, settings: LabelHeads | None) -> RulePack:
    """``pack`` with the label-head rules of ``settings`` (none when ``None``)."""
    if settings is None or not settings.heads:
        return pack
    spec = pack.spec
    return RulePack(RulePackFile(pack=spec.pack, version=spec.version, description=spec.description,
                                 source=spec.source, definitions=spec.definitions, parameters=spec.parameters,
                                 rules=[*spec.rules, *label_head_rules(settings)]))
