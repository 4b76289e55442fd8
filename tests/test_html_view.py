"""The HTML view of a Record (engine.html_view): spans, escaping, overlaps, lab boxes, video, CLI, API, Chromium."""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from oncostruct.engine.cdm import (Document, DocType, Field, FieldStatus, Issue, Language, Record, Source, TableCell, TextSpan,
                        VideoTime)
from oncostruct.engine.cli import main, samples_dir
from oncostruct.engine.html_view import NO_TEXT_NOTE, assign_lanes, render_record_html, status_counts

RULE = Source(kind="rule", name="test", version="1")


# --- helpers --------------------------------------------------------------------------------


_VOID = {"meta", "br", "img", "hr", "link", "input"}


class _Marks(HTMLParser):
    """Collects the text inside each field's marks, the page's plain text per element id, and every start tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.marked: dict[str, str] = {}
        self.doc_text = ""
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in _VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, f"unbalanced </{tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if any(tag == "pre" for tag, _ in self.stack):
            self.doc_text += data
        for tag, attrs in self.stack:
            if tag == "mark":
                name = attrs["data-field"] or ""
                self.marked[name] = self.marked.get(name, "") + data


def _parse(page: str) -> _Marks:
    parser = _Marks()
    parser.feed(page.split("\n", 1)[1])  # after the doctype
    parser.close()
    return parser


def _field(name: str, *prov: object, status: FieldStatus = FieldStatus.auto_accepted, confidence: float = 0.9,
           value: object = "v", reason: str | None = None) -> Field:
    return Field(name=name, value=value, confidence=confidence, provenance=list(prov), source=RULE, status=status,
                 review_reason=reason)


def _span(text: str, start: int, end: int) -> TextSpan:
    return TextSpan(start=start, end=end, text=text[start:end])


def _record(*fields: Field, doc_type: DocType = DocType.pathology, doc_id: str = "doc-1",
            issues: list[Issue] | None = None) -> Record:
    doc = Document(doc_id=doc_id, doc_type=doc_type, language=Language.en, source_sha256="0" * 64,
                   engine_version="0.1.0", model_versions={"pathology-rules": "2"})
    return Record(document=doc, fields=list(fields), issues=issues or [])


def _png(width: int, height: int) -> bytes:
    """A white RGB PNG, written by hand (no Pillow needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\xff" * 3 * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


# --- rendering --------------------------------------------------------------------------------

TEXT = "Invasive adenocarcinoma, grade 2. pT2a N0. Margins free."


def test_span_text_appears_inside_a_mark_with_the_field_name() -> None:
    record = _record(_field("pathology.histology", _span(TEXT, 0, 23)), _field("pathology.pT", _span(TEXT, 34, 38)))
    page = render_record_html(record, TEXT)
    marks = _parse(page)
    assert marks.marked == {"pathology.histology": "Invasive adenocarcinoma", "pathology.pT": "pT2a"}
    assert marks.doc_text == TEXT
    assert 'data-label="pT"' in page and 'id="m1"' in page and 'href="#m1"' in page


def test_tooltip_has_value_normalized_confidence_source_and_reason() -> None:
    field = _field("pathology.pT", _span(TEXT, 34, 38), status=FieldStatus.needs_review, confidence=0.42,
                   value="pT2a", reason="below threshold")
    field = field.model_copy(update={"normalized": {"prefix": "p", "category": "T2a"}})
    title = re.search(r'<mark [^>]*title="([^"]*)"', render_record_html(_record(field), TEXT)).group(1)
    for part in ("pathology.pT", "value: pT2a", "normalized: {&quot;prefix&quot;: &quot;p&quot;", "confidence: 0.42",
                 "source: rule test v1", "status: needs_review", "review reason: below threshold"):
        assert part in title
    assert 'class="st-needs_review low"' in render_record_html(_record(field), TEXT)


def test_untrusted_content_is_escaped_everywhere() -> None:
    text = 'Report <script>alert("x")</script> & <img src=x onerror=alert(1)> pT2'
    start = text.index("<script>")
    bad = '"><script>alert(2)</script>'
    field = _field("pathology.<u>x</u>", _span(text, start, start + 8), value=bad, reason=bad)
    record = _record(field, doc_id="<script>alert(3)</script>",
                     issues=[Issue(code="<i>c</i>", message=bad, fields=[field.name])])
    page = render_record_html(record, text)
    parsed = _parse(page)
    assert not {"script", "img", "u", "i"} & set(parsed.tags)
    assert "<script" not in page.lower()
    assert parsed.doc_text == text and parsed.marked["pathology.<u>x</u>"] == "<script>"
    assert "alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x" in page


def test_overlapping_and_nested_spans_render_as_nested_marks() -> None:
    text = "left upper lobe nodule 3.2 cm"
    fields = [_field("a.site", _span(text, 0, 15)), _field("a.lobe", _span(text, 5, 22)),
              _field("a.upper", _span(text, 5, 10)), _field("a.size", _span(text, 23, 29))]
    page = render_record_html(_record(*fields), text)
    parsed = _parse(page)  # asserts every tag is balanced
    assert parsed.doc_text == text
    assert parsed.marked == {f.name: f.provenance[0].text for f in fields}
    assert re.search(r"<mark [^>]*--l:1[^>]*><mark [^>]*--l:0", page), "the higher lane is the outer mark"


def test_spans_beyond_the_text_are_clipped_and_reported() -> None:
    field = _field("pathology.pT", TextSpan(start=34, end=400, text="pT2a"))
    page = render_record_html(_record(field), TEXT)
    assert _parse(page).marked["pathology.pT"] == TEXT[34:]
    assert "do not match the text" in page


def test_lanes_separate_overlapping_intervals_only() -> None:
    assert assign_lanes([(0, 10), (5, 15), (10, 20), (16, 18)]) == [0, 1, 0, 1]


def test_lab_cells_are_boxes_over_the_embedded_image() -> None:
    cell = TableCell(table=0, row=2, col=1, bbox=(10, 20, 110, 40))
    record = _record(_field("lab.results[0].value", cell, value="5.2"), doc_type=DocType.lab_report)
    page = render_record_html(record, image=_png(300, 200))
    assert '<image href="data:image/png;base64,' in page and 'viewBox="0 0 300 200"' in page
    assert re.search(r'<rect class="box" x="10.0" y="20.0" width="100.0" height="20.0"[^>]*'
                     r'data-field="lab.results\[0\].value"><title>#0 lab.results\[0\].value', page)
    assert "page 0 table 0 row 2 col 1" in page


def test_lab_boxes_without_an_image_are_drawn_on_an_empty_canvas_with_their_values() -> None:
    cells = [TableCell(table=0, row=r, col=1, bbox=(10, 20 + 30 * r, 110, 40 + 30 * r)) for r in range(3)]
    record = _record(*(_field(f"lab.results[{r}].value", c, value=f"<{r}>") for r, c in enumerate(cells)),
                     doc_type=DocType.lab_report)
    page = render_record_html(record)
    assert "<image" not in page and 'viewBox="0 0 130 120"' in page
    assert page.count('<rect class="box"') == 3 and ">&lt;2&gt;</text>" in page
    assert NO_TEXT_NOTE not in page  # a lab report has no text to miss


def test_an_image_a_browser_cannot_show_gets_a_note_and_an_empty_canvas() -> None:
    cell = TableCell(table=0, row=0, col=1, bbox=(10, 20, 110, 40))
    page = render_record_html(_record(_field("lab.results[0].value", cell), doc_type=DocType.lab_report),
                              image=b"II*\x00 not really a TIFF")
    assert "cannot be shown in a browser" in page and "<image" not in page and 'viewBox="0 0 130 60"' in page


def test_video_time_provenance_is_drawn_on_a_time_bar() -> None:
    fields = [_field("video.phase[0]", VideoTime(t_start=0, t_end=60)), _field("video.phase[1]", VideoTime(t_start=30, t_end=120))]
    page = render_record_html(_record(*fields, doc_type=DocType.surgical_video))
    bar = page[page.index('<section id="video">'):]
    assert "left:0.000%;width:50.000%;top:2px" in bar and "left:25.000%;width:75.000%;top:20px" in bar
    assert "time: 0:30.0–2:00.0" in bar and "2:00.0</span>" in bar


def test_without_text_the_fields_table_is_shown_with_a_note() -> None:
    record = _record(_field("pathology.pT", _span(TEXT, 34, 38), value="pT2a"))
    page = render_record_html(record)
    assert NO_TEXT_NOTE in page and "<mark" not in page and '<pre class="doc"' not in page
    assert '<tr id="f0" class="st-auto_accepted"><td class="num">0</td><td class="name"><code>pathology.pT</code>' in page


def test_header_counts_fields_by_status_and_the_page_is_self_contained() -> None:
    record = _record(_field("a", status=FieldStatus.needs_review), _field("b"), _field("c", status=FieldStatus.rejected),
                     issues=[Issue(code="low_confidence", message="check a", fields=["a"])])
    assert status_counts(record) == {"auto_accepted": 1, "needs_review": 1, "reviewed": 0, "rejected": 1}
    page = render_record_html(record, "")
    assert "needs_review 1</span>" in page and "reviewed 0</span>" in page and "low_confidence" in page
    assert not re.search(r'(src|href)="(?!data:|#)', page) and "<link" not in page and "<script" not in page


@pytest.fixture(scope="module")
def petct_record() -> Record:
    from oncostruct.engine.pipeline import Pipeline

    return Pipeline().extract_path(samples_dir() / "petct_1.txt")


def test_every_span_of_a_real_sample_is_marked(petct_record: Record) -> None:
    text = (samples_dir() / "petct_1.txt").read_text(encoding="utf-8-sig")
    page = render_record_html(petct_record, text)
    parsed = _parse(page)
    assert parsed.doc_text == text and "do not match" not in page
    for f in petct_record.fields:
        for p in f.provenance:
            if isinstance(p, TextSpan):
                assert p.text in parsed.marked[f.name]


# --- the command line -----------------------------------------------------------------------------


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_view_html_finds_the_bundled_sample(tmp_path: Path, petct_record: Record) -> None:
    rec, out = tmp_path / "r.json", tmp_path / "view.html"
    rec.write_text(petct_record.model_dump_json(indent=2), encoding="utf-8")
    code, stdout, stderr = _invoke("view", str(rec), "--html", "--out", str(out))
    assert (code, stdout, stderr) == (0, "", "")
    assert out.read_text(encoding="utf-8").count("<mark") >= len(petct_record.fields)
    code, stdout, _ = _invoke("view", str(rec))
    assert code == 0 and stdout.startswith(f"{petct_record.document.doc_id} (petct, zh): ")


def test_cli_view_picks_a_record_of_a_jsonl_and_finds_its_source_in_a_folder(tmp_path: Path) -> None:
    from oncostruct.engine.pipeline import Pipeline

    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    texts = {"a": "Other note: patient seen.", "b": TEXT}
    for key, text in texts.items():
        (docs / "sub" / f"{key}.txt").write_text(text, encoding="utf-8")
    pipeline = Pipeline()
    records = [pipeline.extract_path(docs / "sub" / f"{k}.txt") for k in texts]
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    code, stdout, stderr = _invoke("view", str(jsonl), "--html", "--source", str(docs),
                                   "--doc-id", records[1].document.doc_id)
    assert code == 0, stderr
    assert _parse(stdout).doc_text == TEXT and f"<h1>{records[1].document.doc_id}</h1>" in stdout
    code, stdout, _ = _invoke("view", str(jsonl), "--html", "--source", str(docs / "sub" / "a.txt"))
    assert code == 0 and _parse(stdout).doc_text == texts["a"]


def test_cli_view_finds_a_lab_image_by_sha256_and_draws_its_boxes(tmp_path: Path) -> None:
    import hashlib

    png = _png(200, 100)
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "renamed.png").write_bytes(png)
    record = _record(_field("lab.results[0].value", TableCell(table=0, row=0, col=1, bbox=(5, 5, 50, 20))),
                     doc_type=DocType.lab_report)
    record.document.source_sha256 = hashlib.sha256(png).hexdigest()
    rec = tmp_path / "r.json"
    rec.write_text(record.model_dump_json(), encoding="utf-8")
    code, stdout, stderr = _invoke("view", str(rec), "--html", "--source", str(tmp_path / "scans"))
    assert code == 0, stderr
    assert '<image href="data:image/png;base64,' in stdout and 'viewBox="0 0 200 100"' in stdout


def test_cli_view_without_the_source_lists_the_fields_with_a_note(tmp_path: Path) -> None:
    rec = tmp_path / "r.json"
    rec.write_text(_record(_field("pathology.pT", _span(TEXT, 34, 38))).model_dump_json(), encoding="utf-8")
    code, stdout, _ = _invoke("view", str(rec), "--html", "--source", str(tmp_path))
    assert code == 0 and "was not found in" in stdout and "<mark" not in stdout and "pathology.pT" in stdout


@pytest.mark.parametrize(("content", "args", "needle"), [
    ("not json\n", [], "not valid JSON"),
    ('{"document": 1}', [], "not a Record"),
    ("{}", ["--doc-id", "nope"], "no record with doc_id 'nope'"),
    (None, ["--source", str(samples_dir() / "petct_2.txt")], "is not the document of record"),
])
def test_cli_view_bad_input_is_one_line_and_exit_2(tmp_path: Path, content: str | None, args: list[str],
                                                  needle: str) -> None:
    rec = tmp_path / "r.json"
    rec.write_text(content if content is not None else _record().model_dump_json(), encoding="utf-8")
    code, stdout, stderr = _invoke("view", str(rec), "--html", *args)
    assert code == 2 and stdout == ""
    assert stderr.startswith("error [E") and needle in stderr and stderr.count("\n") == 1


def test_cli_view_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    assert _invoke("view", str(tmp_path / "none.json"), "--html")[0] == 2


# --- the REST API ------------------------------------------------------------------------------------


def test_api_record_as_html_keeps_ownership_and_says_the_text_is_not_kept() -> None:
    pytest.importorskip("fastapi", reason="the serve extra is not installed")
    from fastapi.testclient import TestClient

    from oncostruct.serving.main import create_app
    from tests.conftest import ZH_PATHOLOGY
    from tests.serving_helpers import ADMIN, API_KEYS, READER, api_settings, wait_for

    with TestClient(create_app(api_settings(), api_keys=API_KEYS), raise_server_exceptions=False) as client:
        wait_for(lambda: client.get("/readyz").status_code)
        location = client.post("/v1/extract", json={"text": ZH_PATHOLOGY}, headers=ADMIN).headers["location"]
        resp = client.get(f"{location}?format=html", headers=ADMIN)
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
        assert "default-src 'none'" in resp.headers["content-security-policy"]
        assert "The server keeps records, not document texts" in resp.text and "pathology.pT" in resp.text
        assert client.get(f"{location}?format=html", headers=READER).status_code == 404  # not the reader's
        assert client.get(f"{location}?format=html").status_code == 401
        assert client.get(f"{location}?format=xml", headers=ADMIN).status_code == 422
        assert client.get(location, headers=ADMIN).json()["document"]["doc_type"] == "pathology"
        spec = client.get("/openapi.json").json()["paths"]["/v1/records/{record_id}"]["get"]
        assert set(spec["responses"]["200"]["content"]) == {"application/json", "text/html"}


# --- headless Chromium ---------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def screenshot(page: Path, png: Path, size: str = "1400,1000") -> None:
    """A headless Chromium screenshot of a local HTML file (no network, no sandbox: tests run as root in CI)."""
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={png}", f"--window-size={size}", page.resolve().as_uri()],
                   check=True, capture_output=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
@pytest.mark.parametrize("sample", ["petct_1.txt", "pathology_zh_1.txt"])
def test_chromium_renders_the_page_of_a_sample(tmp_path: Path, sample: str) -> None:
    from oncostruct.engine.pipeline import Pipeline

    path = samples_dir() / sample
    page, png = tmp_path / "view.html", tmp_path / "view.png"
    page.write_text(render_record_html(Pipeline().extract_path(path), path.read_text(encoding="utf-8-sig")),
                    encoding="utf-8")
    screenshot(page, png)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and struct.unpack(">II", data[16:24]) == (1400, 1000)
    assert len(data) > 30_000  # a blank page compresses to a few kB; the rendered text does not
