"""The tagger's CONTACT needs contact syntax (issue 18, session 15, lead): a long run of glued words with no @, slash,
colon, underscore, www. or domain ending (a bibliography pasted without its spaces) is no e-mail, URL or handle;
real contacts the tagger finds stay (``model_tagger.veto.CONTACT`` in deid.yaml)."""
from __future__ import annotations

import pytest

from tests.test_deid_phi8rev import _tagger_spans

GLUED = [
    ("参考文献：3.HoltonKQ，etal.Outcomesofneonatalcoolingtrials.JPerinatMed，2009。", "etal.Outcomesofneonatalcoolingtrials.JPerinatMed"),
    ("见 PeterJQuenby.NeonatalIntensiveCare 第五版", "PeterJQuenby.NeonatalIntensiveCare"),
]
KEPT = [
    ("微信号：zhangqiang19860714 请添加", "zhangqiang19860714"),
    ("WeChat: LiuYang19920304 for updates", "LiuYang19920304"),
    ("portal at careline-reminders.example.org today", "careline-reminders.example.org"),
    ("QQ：wx_tianhe_88 留言", "wx_tianhe_88"),
    ("mail anna.berg@clinic-mail.example.com now", "anna.berg@clinic-mail.example.com"),
]


@pytest.mark.parametrize(("text", "value"), GLUED)
def test_glued_words_are_no_contact(text: str, value: str) -> None:
    assert _tagger_spans(text, [(value, "CONTACT", 0.99)]) == []


@pytest.mark.parametrize(("text", "value"), KEPT)
def test_contacts_with_their_syntax_stay(text: str, value: str) -> None:
    assert _tagger_spans(text, [(value, "CONTACT", 0.99)]) == [("CONTACT", value)]
