"""The cue engine (kg/extract/cues.py) and its data (kg/data/cues/*.tsv).

Every cue line is covered by at least one example sentence in ``tests/data/cue_examples.tsv``
(a line: the example, then the fact it must give, ``subject|relation|object``): a cue that
cannot match the phrasing it was written for, or that gives the wrong fact, fails here.
"""

from pathlib import Path

import pytest

from kg.extract import extract_claims
from kg.extract.cues import (
    CUE_FILES,
    CueError,
    compile_template,
    load_cue_file,
    match_relations,
    templates,
)
from kg.extract.names import DATA_DIR, find_names
from kg.ingest import parse_document
from kg.model import Mention

EXAMPLES = Path(__file__).parent / "data" / "cue_examples.tsv"


def _examples() -> list[tuple[int, str, tuple[str, str, str]]]:
    out = []
    for n, line in enumerate(EXAMPLES.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        text, fact = line.split("\t")[:2]
        s, r, o = fact.split("|")
        out.append((n, text, (s.strip(), r.strip(), o.strip())))
    return out


def _facts(text: str) -> set[tuple[str, str, str]]:
    doc = parse_document(text.encode(), "example.md")
    out = set()
    for c in extract_claims(doc):
        o = c.object.text if isinstance(c.object, Mention) else c.object.value
        out.add((c.subject.text, c.predicate, str(o)))
    return out


@pytest.mark.parametrize("n,text,fact", _examples(), ids=lambda v: str(v)[:40] if isinstance(v, str) else None)
def test_example_gives_its_fact(n, text, fact):
    s, r, o = fact
    got = _facts(text)
    rels = {"open": ("openWeights", "True"), "closed": ("openWeights", "False")}
    if r in rels:
        r, o = rels[r]
    assert (s, r, o) in got, f"cue_examples.tsv:{n}: {text!r} gave {sorted(got)}"


def test_every_cue_line_has_an_example():
    """Each line of every cue file matches at least one example sentence."""
    hit: set[str] = set()
    for _n, text, _fact in _examples():
        for piece in text.replace("。", "\n").replace(". ", "\n").split("\n"):
            spans = [sp for sp in find_names(piece) if sp.cls in ("Model", "Series", "Organization")]
            doc = parse_document(piece.encode(), "p.md") if piece.strip() else None
            if doc is not None:
                from kg.extract.lexicon import document_lexicon

                spans = [sp for sp in find_names(piece, document_lexicon(doc).names)
                         if sp.cls in ("Model", "Series", "Organization")]
            hit |= {cm.template.where for cm in match_relations(piece.strip(), spans)}
    missing = [t.where + "  " + t.source for t in templates() if t.where not in hit]
    assert not missing, "cue lines without an example:\n" + "\n".join(missing)


def test_cue_files_load_and_compile():
    assert {p.name for p in (DATA_DIR / "cues").glob("*.tsv")} >= set(CUE_FILES)
    assert len(templates()) == sum(len(load_cue_file(DATA_DIR / "cues" / f)) for f in CUE_FILES)


@pytest.mark.parametrize("relation,template,why", [
    ("derivedFrom", "基于 微调", "no slot"),
    ("bogus", "{X} 基于 {Y}", "unknown relation"),
    ("derivedFrom", "{X} {Y}", "no required word"),
    ("derivedFrom", "{X} 基于 {Y} 和 {Y}", "slot twice"),
    ("developer", "{X} 由 … 开发", "developer without {O}"),
    ("derivedFrom", "{Y} [-]based model", "optional word glued to a word"),
])
def test_malformed_cue_lines_name_file_and_line(relation, template, why):
    with pytest.raises(CueError, match="f.tsv:7"):
        compile_template(relation, template, "f.tsv:7")


def test_guards_block_negation_and_comparison():
    assert ("Foo-7B", "derivedFrom", "Bar-7B") in _facts("Foo-7B 是基于 Bar-7B 开发的模型。")
    assert not {f for f in _facts("Foo-7B 并非基于 Bar-7B 开发。") if f[1] == "derivedFrom"}
    assert not {f for f in _facts("Foo-7B is not based on Bar-7B.") if f[1] == "derivedFrom"}
    assert not {f for f in _facts("Foo-7B 比基于 Bar-7B 的模型更快。") if f[0] == "Foo-7B" and f[1] == "derivedFrom"}


def test_a_slot_before_a_data_word_holds_no_model():
    got = _facts("- **Baz-7B**: Foo-7B fine-tuned on the Alpaca dataset.")
    assert ("Baz-7B", "fineTunedFrom", "Foo-7B") in got
    assert not [f for f in got if f[2] == "Alpaca"]


def test_coordinated_names_fill_one_slot():
    got = _facts("Foo-7B 基于 Bar-7B 和 Baz-7B 微调得到。")
    assert {("Foo-7B", "fineTunedFrom", "Bar-7B"), ("Foo-7B", "fineTunedFrom", "Baz-7B")} <= got


def test_phrasings_stay_data_not_regular_expressions():
    """Cue words live in kg/data/cues/*.tsv (words.tsv for context words): the compiled
    regular expressions of kg/extract/ must not grow back past the budget set when they were
    moved there (a new phrasing is a line in a file)."""
    root = Path(__file__).resolve().parent.parent / "kg" / "extract"
    count = sum(p.read_text(encoding="utf-8").count("re.compile(") for p in root.glob("*.py"))
    assert count <= 252, f"{count} re.compile calls in kg/extract (budget 252): put cue words in kg/data/cues/"


def test_every_word_list_is_used_and_known():
    """Each list of kg/data/cues/words.tsv is read by some rule, and every rule's list exists."""
    import re as _re

    from kg.extract.words import _lists, words

    root = Path(__file__).resolve().parent.parent / "kg" / "extract"
    used = set()
    for p in root.glob("*.py"):
        used |= set(_re.findall(r'words\("([a-z_]+)"\)', p.read_text(encoding="utf-8")))
    assert used <= set(_lists()), sorted(used - set(_lists()))
    assert set(_lists()) <= used, sorted(set(_lists()) - used)
    assert words("negation").search("it is not based on X") and not words("negation").search("another model")
    assert words("by_before").ends("released by ") and not words("by_before").ends("nearby ")
    assert words("family_after").starts("Foo series of models", 3)
