"""One regex for many literal values, as a character trie (issue 18, session 16: the detector stays linear).

An alternation of values sorted longest first (``Ann Lee|Anna|Ann``) tries every value at every position where the
first one fails, so looking for every value found in a document (propagation: one per name, number or code) costs
the text's length times the number of values, quadratic on a long document of distinct values. The trie's regex
prefers the longest value that matches, as that alternation does (a node tries its longer continuations before the
value that ends there), and tries at each position at most the longest value's characters.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

_Trie = dict[str, "_Trie"]


def trie_pattern(values: Iterable[str], char: Callable[[str], str] = re.escape) -> str:
    """A regex matching the longest of ``values`` at a position; ``char`` writes one character as a regex."""
    root: _Trie = {}
    for value in values:
        node = root
        for c in value:
            node = node.setdefault(c, {})
        node[""] = {}   # a value ends here
    return _node(root, char) if root else "(?!)"


def _node(node: _Trie, char: Callable[[str], str]) -> str:
    alternatives = [char(c) + _node(child, char) for c, child in sorted(node.items()) if c]
    if "" in node and alternatives:
        alternatives.append("")   # the value ending here, tried after every longer one
    if len(alternatives) <= 1:
        return alternatives[0] if alternatives else ""
    return "(?:" + "|".join(alternatives) + ")"
