"""Rule-pack and lexicon loading: validation errors are clear, offsets are exact."""
from __future__ import annotations

from pathlib import Path

import pytest

from oncostruct.engine.errors import RulePackError
from oncostruct.extractors.rules import load_lexicon, load_pack


def _write(tmp_path: Path, text: str) -> str:
    p = tmp_path / "pack.yaml"
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_pack_with_unknown_key_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "pack: x\nversion: '1'\nrules:\n  - id: a\n    label: a\n    pattern: 'a'\n    colour: red\n")
    with pytest.raises(RulePackError, match="colour"):
        load_pack(path)


def test_pack_with_bad_regex_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "pack: x\nversion: '1'\nrules:\n  - id: a\n    label: a\n    pattern: '(unclosed'\n")
    with pytest.raises(RulePackError, match="bad pattern"):
        load_pack(path)


def test_pack_whose_example_does_not_match_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "pack: x\nversion: '1'\nrules:\n  - id: a\n    label: a\n    pattern: 'abc'\n    examples: ['xyz']\n")
    with pytest.raises(RulePackError, match="does not match its example"):
        load_pack(path)


def test_pack_definitions_expand_and_offsets_are_exact(tmp_path: Path) -> None:
    path = _write(tmp_path, "pack: x\nversion: '1'\ndefinitions: {n: '\\d+'}\nrules:\n  - id: a\n    label: num\n    pattern: 'N={{n}}'\n")
    text = "值 N=42 和 N=7"
    matches = load_pack(path).find(text)
    assert [(m.text, text[m.start:m.end]) for m in matches] == [("N=42", "N=42"), ("N=7", "N=7")]


def test_lexicon_longest_match_with_codes(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "lexicon: t\nversion: '1'\nsource: test\nentries:\n"
        "  - {canonical: adenocarcinoma, terms: [腺癌, adenocarcinoma], codes: [{system: ICD-O-3-M, code: '8140/3'}]}\n"
        "  - {canonical: invasive adenocarcinoma, terms: [浸润性腺癌]}\n",
    )
    lex = load_lexicon(path)
    text = "（右肺）浸润性腺癌；Adenocarcinoma of lung; bioadenocarcinomax"
    found = [(m.entry.canonical, text[m.start:m.end]) for m in lex.find(text)]
    assert found == [("invasive adenocarcinoma", "浸润性腺癌"), ("adenocarcinoma", "Adenocarcinoma")]


def test_lexicon_requires_source(tmp_path: Path) -> None:
    path = _write(tmp_path, "lexicon: t\nversion: '1'\nentries: []\n")
    with pytest.raises(RulePackError, match="source"):
        load_lexicon(path)


def test_unknown_pack_name() -> None:
    with pytest.raises(RulePackError, match="no rule pack"):
        load_pack("no_such_pack")
