"""Fuzz the reader, the Markdown parser, every extractor and the normalizers.

Why a separate command: the property tests (tests/test_fuzz_props.py) run a few hundred
examples in CI; hostile-document bugs (a regex that backtracks on one odd line, a
table shape nobody thought of) hide in the long tail, so this runs the same oracle for
as long as you give it::

    python tests/fuzz.py --minutes 10            # or: python -m tests.fuzz --minutes 10
    python tests/fuzz.py --minutes 1 --seed 7 --out fuzz-failures

The oracle (:func:`check_document`), for each generated document (bytes):

* ``parse_document`` either returns a Document or raises ``InputError`` whose message
  is one line naming the file ("skipped with a one-line reason"); anything else is a
  crash;
* ``kg.extract.extract_claims`` does not raise, and every claim is well formed: its
  line exists, its quote is a non-empty verbatim substring of that source line, its
  values have the declared kinds;
* the claims resolve and become RDF quads that an in-memory store accepts;
* all of it within a time budget per document (``--timeout``, seconds): over it is a
  hang (SIGALRM interrupts Python code and regex matching alike).

Failing documents are written to ``--out`` (default ``fuzz-failures/``) with the error,
so they can be replayed: ``python tests/fuzz.py --replay fuzz-failures/crash-0001.bin``.
The last line printed is the summary: documents tried, crashes, hangs.
"""

from __future__ import annotations

import argparse
import codecs
import random
import re
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # so `python tests/fuzz.py` finds kg without installing
    sys.path.insert(0, str(REPO))

from kg.extract.common import quote_at  # noqa: E402  (after the path: the script runs uninstalled)

#: Names the extractors know, plus hostile ones (emoji, RTL, markup, formulas).
MODEL_NAMES = (
    "GPT-4", "GPT-3.5", "LLaMA 2", "Llama-3-70B", "Qwen2.5", "Qwen-7B-Chat", "文心一言",
    "通义千问", "DeepSeek-V3", "Mistral 7B", "ChatGLM3-6B", "Baichuan2-13B", "BERT", "T5",
    "GPT‮-4", "مرحبا-7B", "Llama-🦙-2", "🚀Rocket-1", "=1+2", "@SUM(A1)", "<script>x</script>",
    "[red]x[/red]", "A\u200fB", "Ｑｗｅｎ２", "x" * 300,
)
ORG_NAMES = ("OpenAI", "Meta", "Google", "阿里巴巴", "百度", "智谱", "深度求索", "Mistral AI", "شركة")
CUES = (
    "发布", "由", "开发", "基于", "微调", "蒸馏", "的升级版", "参数量为", "上下文长度", "训练",
    "采用", "开源", "闭源", " released by ", " fine-tuned from ", " based on ", " distilled from ",
    " is the successor of ", " uses ", " with ", "。", "，", ". ", "; ", "！",
)
NUMBERS = (
    "7B", "-7B", "1e400 亿", "175B", "1750 亿", "1.8 万亿", "8B 到 405B", "80-4050 亿", "7B、13B",
    "128k", "1M", "32,768", "15T tokens", "1.4 万亿个词元", "9" * 40, "1," * 30, "0B", "NaN",
    "∞", "٣B", "１７５B", "2023 年 2 月", "2023-13-45", "Feb 2023", "9999-99", "2024.02.30",
    "1" + "0" * 400, "-0", "+5", "1.5e3B", "0x1F", "万亿亿亿", "0.0000001B",
)
HEADERS = ("模型", "模型名称", "参数", "参数量(亿)", "发布时间", "开发者", "是否开源", "基础模型",
           "上下文", "训练数据", "架构", "Model", "Params (B)", "Release", "Base Model", "", "|")
MARKUP = ("#", "##", "- ", "* ", "1. ", "> ", "```", "`", "**", "_", "|", "---", "<table>",
          "<tr>", "<td>", "</td>", "<th rowspan=99999>", '<td colspan="1000">', "</table>",
          "<!--", "-->", "[", "](", ")", "\\", "&lt;", "&#x1b;", "&#0;", "\t", "  ", "\n", "\n\n")
ODD_CHARS = ("\x00", "\x1b", "\x1b[31m", "\x07", "\x0b", "\x0c", "\r", "\r\n", "\u0085", "\u2028",
             "\u2029", "\u202e", "\u2066", "\ufeff", "\ufffd", "\U0001f999", "\u0301", "\uffff",
             "\U0010ffff", "\u200b", "\xa0", "\u3000")
PREDICATES = frozenset((
    "type", "developer", "releaseDate", "parameters", "activeParameters", "contextLength",
    "trainingTokens", "openWeights", "architecture", "usesTechnique", "series", "successorOf",
    "derivedFrom", "fineTunedFrom", "distilledFrom", "quantizedFrom", "adapterOf", "mergedFrom",
))
CLASSES = frozenset(("Model", "Organization", "Technique", "Series"))
ARCHITECTURES = frozenset(("decoder-only", "encoder-only", "encoder-decoder", "MoE"))
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


# ---------------------------------------------------------------- generators
def _pick(rng: random.Random, seq: tuple[str, ...]) -> str:
    return seq[rng.randrange(len(seq))]


def random_unicode(rng: random.Random, n: int) -> str:
    """Any code points (surrogates excluded: a str with them cannot be encoded)."""
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.3:
            out.append(chr(rng.randrange(32, 127)))
        elif r < 0.5:
            out.append(chr(rng.randrange(0x4E00, 0x9FFF)))
        elif r < 0.6:
            out.append(_pick(rng, ODD_CHARS))
        else:
            c = rng.randrange(0, 0x110000)
            out.append(chr(c) if not 0xD800 <= c <= 0xDFFF else "?")
    return "".join(out)


def _cell(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.3:
        return _pick(rng, MODEL_NAMES)
    if r < 0.6:
        return _pick(rng, NUMBERS)
    if r < 0.75:
        return _pick(rng, ORG_NAMES + ("开源", "闭源", "是", "否", "-", "N/A", "Decoder-Only", "MoE"))
    if r < 0.85:
        return ""
    return random_unicode(rng, rng.randrange(0, 12)).replace("\n", " ")


def gen_table(rng: random.Random) -> str:
    """A pipe table of 0-500 columns; rows short, long or ragged; caption above."""
    cols = rng.choice((0, 1, 2, 3, 5, 8, rng.randrange(0, 500)))
    rows = rng.choice((0, 1, 3, 10, rng.randrange(0, 300)))
    header = [_pick(rng, HEADERS) for _ in range(cols)]
    lines = [_pick(rng, ("", "以下模型均为开源模型：", "闭源模型一览", "指令微调模型", "# 模型表"))]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * max(cols, 1))
    for _ in range(rows):
        n = max(0, cols + rng.choice((0, 0, 0, -1, 1, -cols, 5)))
        lines.append("| " + " | ".join(_cell(rng) for _ in range(n)) + (" |" if rng.random() < 0.8 else ""))
    return "\n".join(lines) + "\n"


def gen_html_table(rng: random.Random) -> str:
    """An HTML table, often unclosed, with wild rowspan/colspan values."""
    parts = ["<table>"]
    for r in range(rng.randrange(0, 40)):
        parts.append("<tr>")
        for _ in range(rng.randrange(0, 8)):
            tag = "th" if r == 0 else "td"
            attrs = ""
            if rng.random() < 0.2:
                attrs += f' rowspan="{rng.choice(("2", "0", "-1", "99999", "x", "1e9"))}"'
            if rng.random() < 0.2:
                attrs += f" colspan={rng.choice(('3', '0', '1000', '', '7B'))}"
            cell = _pick(rng, HEADERS) if r == 0 else _cell(rng)
            parts.append(f"<{tag}{attrs}>{cell}" + (f"</{tag}>" if rng.random() < 0.7 else ""))
        if rng.random() < 0.7:
            parts.append("</tr>")
        parts.append("\n" if rng.random() < 0.5 else "")
    if rng.random() < 0.5:
        parts.append("</table>")
    return "".join(parts) + "\n"


def gen_sentences(rng: random.Random) -> str:
    """Prose mixing names, cue words and numbers, the way the sentence extractor reads."""
    out = []
    for _ in range(rng.randrange(1, 30)):
        pieces = [rng.choice((_pick(rng, MODEL_NAMES), _pick(rng, ORG_NAMES), _pick(rng, NUMBERS),
                              _pick(rng, CUES), _pick(rng, CUES))) for _ in range(rng.randrange(1, 12))]
        out.append("".join(pieces))
    sep = rng.choice(("\n", " ", "。", "\n\n", "\n- ", "\n  - "))
    return sep.join(out) + "\n"


def gen_markdown_soup(rng: random.Random) -> str:
    """Random Markdown tokens, names and odd characters glued together."""
    pool = MARKUP + MODEL_NAMES + ORG_NAMES + CUES + NUMBERS + ODD_CHARS
    return "".join(_pick(rng, pool) for _ in range(rng.randrange(1, 400)))


def gen_nested(rng: random.Random) -> str:
    """Deeply nested lists / block quotes / emphasis / brackets."""
    depth = rng.choice((50, 200, 1000, 5000))
    kind = rng.randrange(4)
    if kind == 0:
        return "".join("  " * i + "- GPT-4 基于 LLaMA\n" for i in range(depth))
    if kind == 1:
        return ">" * depth + " GPT-4 由 OpenAI 发布\n"
    if kind == 2:
        return "[" * depth + "GPT-4" + "]" * depth + "(x)\n"
    return "*_" * depth + "Qwen2.5" + "_*" * depth + "\n"


def gen_big(rng: random.Random) -> str:
    """Rare, expensive shapes: a multi-MB single line, a 100k-row table."""
    if rng.random() < 0.5:
        unit = _pick(rng, ("GPT-4 由 OpenAI 发布，参数 175B。", "a", "|", "<", "1,", "\\", "**", " "))
        return unit * (10_000_000 // len(unit.encode("utf-8"))) + "\n"
    rows = "".join(f"| M{i} | {i % 999}B | 2023 年 {i % 12 + 1} 月 | 开源 |\n" for i in range(100_000))
    return "| 模型 | 参数 | 发布时间 | 是否开源 |\n|---|---|---|---|\n" + rows


def gen_real_mutation(rng: random.Random) -> str:
    """A real source document, cut, spliced and sprinkled with odd characters."""
    files = sorted((REPO / "sources").glob("*.txt"))
    if not files:
        return gen_sentences(rng)
    text = files[rng.randrange(len(files))].read_text(encoding="utf-8")
    a = rng.randrange(len(text))
    text = text[a:a + rng.randrange(1, 20000)]
    chars = list(text)
    for _ in range(rng.randrange(0, 30)):
        i = rng.randrange(len(chars) + 1)
        chars.insert(i, rng.choice((_pick(rng, ODD_CHARS), _pick(rng, MARKUP), _pick(rng, NUMBERS))))
    return "".join(chars)


TEXT_GENERATORS: dict[str, tuple[Callable[[random.Random], str], float]] = {
    "unicode": (lambda rng: random_unicode(rng, rng.randrange(0, 2000)), 1.0),
    "table": (gen_table, 3.0),
    "html_table": (gen_html_table, 2.0),
    "sentences": (gen_sentences, 3.0),
    "soup": (gen_markdown_soup, 2.0),
    "nested": (gen_nested, 0.5),
    "mutation": (gen_real_mutation, 2.0),
    "big": (gen_big, 0.02),
}


def encode(rng: random.Random, text: str) -> tuple[bytes, str]:
    """Bytes of ``text`` in a random encoding, sometimes broken on purpose."""
    how = rng.choice(("utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "gb18030", "mixed",
                      "surrogate", "nul", "random-bytes", "truncated"))
    if how == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be"), how
    if how == "gb18030":
        return text.encode("gb18030", errors="replace"), how
    if how == "mixed":  # halves in different encodings: no single decoding is right
        mid = len(text) // 2
        return text[:mid].encode("utf-8") + text[mid:].encode("gb18030", errors="replace"), how
    if how == "surrogate":  # UTF-16 with a lone surrogate code unit somewhere
        data = bytearray(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
        i = 2 + 2 * rng.randrange(max(1, (len(data) - 2) // 2))
        data[i:i] = rng.choice((b"\x00\xd8", b"\x00\xdc", b"\xff\xdb"))
        return bytes(data), how
    if how == "nul":
        data = bytearray(text.encode("utf-8"))
        for _ in range(rng.randrange(1, 5)):
            data.insert(rng.randrange(len(data) + 1), 0)
        return bytes(data), how
    if how == "random-bytes":
        return rng.randbytes(rng.randrange(0, 4000)), how
    if how == "truncated":
        data = text.encode(rng.choice(("utf-8", "utf-16", "gb18030")), errors="replace")
        return data[: rng.randrange(len(data) + 1)], how
    return text.encode(how), how


def generate(rng: random.Random) -> tuple[bytes, str]:
    """One hostile document: (bytes, a short description of how it was made)."""
    names = list(TEXT_GENERATORS)
    weights = [TEXT_GENERATORS[n][1] for n in names]
    parts, kinds = [], []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        name = rng.choices(names, weights)[0]
        parts.append(TEXT_GENERATORS[name][0](rng))
        kinds.append(name)
    data, how = encode(rng, "\n".join(parts))
    return data, "+".join(kinds) + "/" + how


#: a real two-column paper (tests/data/pdf/MANIFEST.md), mutated into hostile PDFs
REAL_PDF = REPO / "tests" / "data" / "pdf" / "belle-lora-comparison.pdf"


def generate_file(rng: random.Random) -> tuple[bytes, str, str]:
    """One hostile web page or PDF: (bytes, file name, how it was made).

    Web pages wrap a generated text in markup (deep nesting, scripts in the title, a
    charset that lies); PDFs are the real paper truncated, with bytes flipped or a
    stream cut, or a bare header with garbage.
    """
    if rng.random() < 0.5:
        text, _ = generate(rng)
        body = text.decode("utf-8", "replace")
        depth = rng.choice((1, 5, 300, 3000))
        charset = rng.choice(("utf-8", "gbk", "x-unknown", "utf-16"))
        page = (f'<html><head><meta charset="{charset}"><title><script>alert(1)</script>t</title></head><body>'
                + "<div>" * depth + f"<article><p>{body}</p></article>" + "</div>" * depth + "</body></html>")
        return page.encode("utf-8", "replace"), "fuzz/page.html", f"html/depth{depth}/{charset}"
    pdf = REAL_PDF.read_bytes()
    how = rng.choice(("truncate", "flip", "garbage"))
    if how == "truncate":
        data = pdf[: rng.randrange(8, len(pdf))]
    elif how == "flip":
        b = bytearray(pdf)
        for _ in range(rng.randrange(1, 50)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        data = bytes(b)
    else:
        data = b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(rng.randrange(0, 4000)))
    return data, "fuzz/paper.pdf", f"pdf/{how}"


# ---------------------------------------------------------------- the oracle
class Hang(Exception):
    """A document took longer than the time budget."""


class OracleFailure(AssertionError):
    """A document broke a rule of the oracle (crash, bad claim, unstorable graph)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` in the block after ``seconds`` (main thread only, POSIX)."""
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise Hang(f"over the {seconds:g} s budget")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def check_claims(doc, claims: list) -> None:
    """Every claim well formed, its quote verbatim in its source line."""
    from kg.model import Claim, Mention, Value

    lines = doc.text.split("\n")
    for c in claims:
        if not isinstance(c, Claim):
            raise OracleFailure(f"extractor returned {type(c).__name__}, not a Claim")
        pv = c.prov
        if pv.doc != doc.path:
            raise OracleFailure(f"claim cites {pv.doc!r}, not {doc.path!r}")
        if not (isinstance(pv.line, int) and 1 <= pv.line <= len(lines)):
            raise OracleFailure(f"claim line {pv.line} outside 1..{len(lines)}: {c}")
        if not pv.quote or not quote_at(lines, pv.line, pv.quote):
            raise OracleFailure(f"quote {pv.quote[:80]!r} is not in line {pv.line}: "
                                f"{lines[pv.line - 1][:120]!r} ({pv.extractor})")
        if c.predicate not in PREDICATES:
            raise OracleFailure(f"unknown predicate {c.predicate!r}")
        if not isinstance(c.subject, Mention) or not c.subject.text.strip() or c.subject.cls not in CLASSES:
            raise OracleFailure(f"bad subject {c.subject!r}")
        o = c.object
        if isinstance(o, Mention):
            if not o.text.strip() or o.cls not in CLASSES:
                raise OracleFailure(f"bad object {o!r}")
        elif isinstance(o, Value):
            ok = {
                "integer": lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0,
                "boolean": lambda v: isinstance(v, bool),
                "date": lambda v: isinstance(v, str) and bool(_DATE.match(v)),
                "architecture": lambda v: v in ARCHITECTURES,
                "class": lambda v: v in CLASSES,
            }.get(o.kind)
            if ok is None or not ok(o.value):
                raise OracleFailure(f"bad value {o!r} for {c.predicate}")
        else:
            raise OracleFailure(f"object is {type(o).__name__}")


def check_document(data: bytes, name: str = "fuzz/doc.md", timeout: float = 30.0,
                   store: bool = True) -> str:
    """Run one document through read -> parse -> extract (-> resolve -> graph).

    Returns "skipped" or "ok"; raises :class:`OracleFailure` or :class:`Hang`.
    """
    from kg.errors import InputError
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    with time_limit(timeout):
        try:
            doc = parse_document(data, name)
        except InputError as exc:
            msg = str(exc)
            if not msg.startswith(name + ": ") or "\n" in msg:
                raise OracleFailure(f"skip reason is not one line naming the file: {msg!r}") from None
            return "skipped"
        for b in doc.blocks:
            if not 1 <= b.line <= b.end_line:
                raise OracleFailure(f"block lines {b.line}..{b.end_line} ({b.kind})")
        claims = extract_claims(doc)
        check_claims(doc, claims)
        if store and claims:
            import pyoxigraph

            from kg.graph.segments import corpus_ntriples

            nt = corpus_ntriples([(doc.path, doc.title, doc.sha256, claims)])
            pyoxigraph.Store().bulk_load(nt.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return "ok"


NORMALIZERS = ("parse_count", "parse_sizes", "parse_date", "find_dates", "parse_context",
               "parse_tokens", "parse_open", "parse_architecture")


def check_normalizers(text: str) -> None:
    """Each normalizer returns its documented type (or None) and never raises."""
    from kg.extract import normalize as n

    v = n.parse_count(text)
    assert v is None or (isinstance(v, int) and v > 0), v
    sizes = n.parse_sizes(text)
    assert isinstance(sizes, list) and all(isinstance(x, int) and x > 0 for x in sizes), sizes
    d = n.parse_date(text)
    assert d is None or _DATE.match(d), d
    for a, b, val in n.find_dates(text):
        assert 0 <= a < b <= len(text) and _DATE.match(val), (a, b, val)
    for f in (n.parse_context, n.parse_tokens):  # "0 tokens" is a count; callers drop it
        v = f(text)
        assert v is None or (isinstance(v, int) and not isinstance(v, bool) and v >= 0), (f.__name__, v)
    assert n.parse_open(text) in (None, True, False)
    assert n.parse_architecture(text) in (None, *ARCHITECTURES)


# ---------------------------------------------------------------- the runner
@dataclass
class FuzzStats:
    tried: int = 0
    ok: int = 0
    skipped: int = 0
    crashes: int = 0
    hangs: int = 0
    slowest: tuple[float, str] = (0.0, "")
    kinds: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        return (f"documents tried: {self.tried}, built: {self.ok}, skipped (clear reason): "
                f"{self.skipped}, crashes: {self.crashes}, hangs: {self.hangs}, "
                f"slowest: {self.slowest[0]:.2f} s ({self.slowest[1]})")


def _save(out: Path, kind: str, n: int, data: bytes, detail: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    p = out / f"{kind}-{n:04d}.bin"
    p.write_bytes(data)
    p.with_suffix(".txt").write_text(detail, encoding="utf-8")
    return p


def run(minutes: float, seed: int, out: Path, timeout: float, report_every: float = 30.0) -> FuzzStats:
    """Fuzz for ``minutes``; failing documents are saved under ``out``."""
    rng = random.Random(seed)
    stats = FuzzStats()
    end = time.monotonic() + minutes * 60
    last = time.monotonic()
    while time.monotonic() < end:
        name = "fuzz/doc.md"
        if rng.random() < 0.1:  # web pages and PDFs: other readers, the same oracle
            data, name, how = generate_file(rng)
        else:
            data, how = generate(rng)
        stats.tried += 1
        stats.kinds[how] = stats.kinds.get(how, 0) + 1
        t0 = time.perf_counter()
        try:
            if rng.random() < 0.2:  # the normalizers alone, on short cells
                with time_limit(timeout):
                    check_normalizers(data.decode("utf-8", "replace")[: rng.randrange(1, 200)])
                result = "ok"
            else:
                result = check_document(data, name, timeout=timeout)
        except Hang as exc:
            stats.hangs += 1
            p = _save(out, "hang", stats.hangs, data, f"{how}\n{exc}\n")
            print(f"HANG ({how}): {exc} -> {p}", flush=True)
            continue
        except Exception:  # noqa: BLE001 - every failure is counted and saved, then go on
            stats.crashes += 1
            p = _save(out, "crash", stats.crashes, data, f"{how}\n{traceback.format_exc()}")
            print(f"CRASH ({how}): {traceback.format_exc().strip().splitlines()[-1]} -> {p}", flush=True)
            continue
        took = time.perf_counter() - t0
        if took > stats.slowest[0]:
            stats.slowest = (took, f"{how}, {len(data)} bytes")
        if result == "ok":
            stats.ok += 1
        else:
            stats.skipped += 1
        if time.monotonic() - last > report_every:
            last = time.monotonic()
            print(stats.line(), flush=True)
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0, help="how long to run (default 10)")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: time)")
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="seconds one document may take before it counts as a hang (default 60)")
    ap.add_argument("--out", type=Path, default=Path("fuzz-failures"),
                    help="folder for failing documents (default fuzz-failures/)")
    ap.add_argument("--replay", type=Path, nargs="*", help="re-run saved documents instead")
    args = ap.parse_args(argv)
    if args.replay:
        bad = 0
        for p in args.replay:
            try:
                print(f"{p}: {check_document(p.read_bytes(), timeout=args.timeout)}")
            except Exception as exc:  # noqa: BLE001
                bad += 1
                print(f"{p}: FAIL {type(exc).__name__}: {exc}")
        return 1 if bad else 0
    seed = args.seed if args.seed is not None else int(time.time())
    print(f"fuzzing for {args.minutes:g} min, seed {seed}, timeout {args.timeout:g} s per document",
          flush=True)
    stats = run(args.minutes, seed, args.out, args.timeout)
    print(stats.line(), flush=True)
    return 1 if stats.crashes or stats.hangs else 0


if __name__ == "__main__":
    sys.exit(main())
