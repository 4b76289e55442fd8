"""One regex for many literal values, as a character trie (issue 18, session 16: the detector stays linear).

An alternation of values sorted longest first (``Ann Lee|Anna|Ann``) tries every value at every position where the
first one fails, so looking for every value found in a document (propagation: one per name, number or code) costs
the text's length times the number of values, quadratic on a long document of distinct values. The trie's regex
prefers the longest value that matches, as that alternation does (a node tries its longer continuations before the
value that ends there), and tries at each position at most the longest value's characters. Values longer than
``_DEEPEST`` characters (an address block found whole) stay a plain alternation before the trie, longest first, so the
trie's groups never nest deeper than the regex parser allows.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Union

_DEEPEST = 200
_Trie = dict[str, "_Trie"]


def trie_pattern(values: Iterable[str], char: Callable[[str], str] = re.escape) -> str:
    """A regex matching the longest of ``values`` at a position; ``char`` writes one character as a regex."""
    root: _Trie = {}
    long: list[str] = []
    for value in values:
        if len(value) > _DEEPEST:
            long.append(value)
            continue
        node = root
        for c in value:
            node = node.setdefault(c, {})
        node[""] = {}   # a value ends here
    plain = ["".join(map(char, v)) for v in sorted(long, key=len, reverse=True)]
    return "|".join(plain + ([_written(root, char)] if root else [])) or "(?!)"


def _written(root: _Trie, char: Callable[[str], str]) -> str:
    """The trie as a regex, written without recursion: each node's continuations, then the value ending there."""
    parts: list[str] = []
    stack: list[Union[str, _Trie]] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        keys = [c for c in sorted(item) if c]
        group = len(keys) + ("" in item and bool(keys)) > 1
        todo: list[Union[str, _Trie]] = ["(?:"] if group else []
        for k, c in enumerate(keys):
            todo += (["|"] if k else []) + [char(c), item[c]]
        if group:
            todo.append("|)" if "" in item else ")")
        stack.extend(reversed(todo))
    return "".join(parts)
