"""Chat, comment and transcript layouts (session 21, branch social36): the grammar of a chat export (a clock time,
then the speaker's handle in angle brackets or an event line's handle after stars), a stream's channel, a framed
@handle, a comment export's author column, and the speakers of transcripts (a surname before the colon in Chinese,
a surname in capitals after a time code in a broadcast script, a caller's name in brackets); names of minutes and
donor lists (a given name and an initial, a given name opening a line as its subject, a family named by its
surname, a hashtag built on a name). Negatives: the script's own roles, gene families, common hashtags, clinical
labels at a line's start.

Every text here is invented for this file.
"""
from __future__ import annotations

import pytest

from tests.deid_helpers import covered, holds, overlaps


@pytest.mark.parametrize("lang, text, category, value", [
    # chat exports: the handle in angle brackets after the clock time, an event line's handle, the channel
    ("en", "[20:14:09] <mossy_kettle8> go go go\n[20:15:10] <pinecone> so proud\n", "CONTACT", "mossy_kettle8"),
    ("en", "[20:14:09] <mossy_kettle8> go go go\n[20:15:10] <pinecone> so proud\n", "CONTACT", "pinecone"),
    ("en", "(8:02 PM) <Auntie_Bea> love this\n", "CONTACT", "Auntie_Bea"),
    ("en", "[21:30:00] *** lanternfox42 donated $40 — keep going\n", "CONTACT", "lanternfox42"),
    ("en", "--- export | channel: harbourlightslive | 14 viewers ---\n", "CONTACT", "harbourlightslive"),
    # framed @handles
    ("en", "Co-host: Leela Varkey (@leelareads)\n", "CONTACT", "@leelareads"),
    ("en", "TikTok:           @quillandmoss\n", "CONTACT", "@quillandmoss"),
    # a comment export's author column
    ("zh", "时间\t昵称\t内容\n20:01:02\t晚风吹过0318\t加油\n20:02:13\t橙子味的云\t好感动\n", "CONTACT", "晚风吹过0318"),
    ("zh", "时间\t用户\t内容\n20:01:02\t晚风吹过0318\t加油\n20:02:13\t橙子味的云\t好感动\n", "CONTACT", "橙子味的云"),
    # Chinese speaker labels
    ("zh", "[00:12:40] 邝：谢谢主持人。\n[00:13:05] 主持人：您好\n", "NAME", "邝"),
    ("zh", "主持人：阿姨您好\n蔺：听得清楚。\n", "NAME", "蔺"),
    ("zh", "21:03:11\t星河77\t[管理员]鄢：预约请拨打总机\n", "NAME", "鄢"),
    ("zh", "2. 向基金会申请物资（负责人：蒯）\n", "NAME", "蒯"),
    # English transcripts
    ("en", "[01:12] ABERNETHY-COLE (VO): She started in May.\n", "NAME", "ABERNETHY-COLE"),
    ("en", "[04:40] WINTERBOTTOM: Thanks for watching.\n", "NAME", "WINTERBOTTOM"),
    ("en", "CALLER (Thelma): Hello, long-time listener\n", "NAME", "Thelma"),
    # minutes, donor walls, hashtags
    ("en", "Attending (4): Nora Quill, Hector V., Bettina R., Simone K.\n", "NAME", "Bettina R."),
    ("en", "   Hector is starting his second cycle.\n", "NAME", "Hector"),
    ("en", "rides for members; Simone offered to drive\n", "NAME", "Simone"),
    ("en", "  ~ The Wexley-Brandt Family\n  ~ Anonymous\n", "NAME", "Wexley-Brandt"),
    ("en", "(cousin of the Okonkwo family), radiation ends Friday", "NAME", "Okonkwo"),
    ("en", "So grateful to everyone. #TeamQuennell #survivor", "NAME", "Quennell"),
])
def test_chat_and_transcript_phi(detector, lang, text, category, value):
    assert holds(detector, text, lang, category, value) or covered(detector, text, value, lang), (text, value)


@pytest.mark.parametrize("lang, text, value", [
    ("en", "[00:10] ANCHOR: Good evening from the newsroom.\n", "ANCHOR"),
    ("en", "[02:43] SUPER: Hospital exterior\n", "SUPER"),
    ("en", "Dasatinib inhibits the Src family kinases in vitro.", "Src"),
    ("en", "Share your story with #TeamHope today", "Hope"),
    ("en", "Levels were low, so we started Vitamin D.\n", "Vitamin D."),
    ("en", "Serology: Hepatitis B., negative\n", "Hepatitis B."),
    ("en", "   Chemo is on hold this week.\n", "Chemo"),
    ("zh", "左：0.8\n右：1.0\n", "左"),
    ("zh", "时间：19:30\n注：空腹采血\n", "时间"),
    ("zh", "[00:01:00] 主持人：欢迎收看\n", "主持人"),
    ("en", "Ion channel: blocked by lidocaine\n", "blocked"),
    ("en", "<b>Note</b> at 18:23\n", "Note"),
])
def test_chat_layout_negatives(detector, lang, text, value):
    assert not overlaps(detector, text, lang, value), (text, value)
