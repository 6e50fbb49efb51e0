"""Model cards: facts from the YAML front matter of a Hugging Face model card.

The front matter is the most precise lineage source there is: ``base_model`` names the
parent(s) by hub id and ``base_model_relation`` says how the card's model came from them
(``finetune``, ``adapter``, ``quantized``, ``merge``).  Cards without the relation key
are read by their body ("a fine-tuned version of", "GGUF", "a merge of") and, failing
that, as plain derivation.  ``license``, ``language``, ``datasets``, ``pipeline_tag``
and the hub ids are recorded on the model too.

The model the card is about: ``model_name``, else the card's first heading ("Model Card
for Zephyr 7B β"), else ``model-index``'s name, else the folder the README sits in.
YAML is parsed with PyYAML's safe loader (no object construction) and only up to
:data:`MAX_YAML` characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.common import make_claim, quote_window, source_lines, strip_symbols
from kg.extract.registry import register
from kg.model import Block, Claim, Document, Mention, Value

__all__ = ["extract_front_matter", "parse_card", "card_names", "card_subject", "RELATION"]

NAME = "front_matter"
MAX_YAML = 200_000

#: ``base_model_relation`` values -> lineage properties
RELATION = {
    "finetune": "fineTunedFrom", "fine-tune": "fineTunedFrom", "finetuned": "fineTunedFrom",
    "adapter": "adapterOf", "quantized": "quantizedFrom", "quantization": "quantizedFrom", "merge": "mergedFrom",
}
#: card body words that say how the model came from its base when the YAML does not
_BODY_RELATION = (
    (re.compile(r"\bmerge[ds]?\b|mergekit|合并", re.I), "mergedFrom"),
    (re.compile(r"\bGGUF\b|\bGPTQ\b|\bAWQ\b|\bEXL2\b|quantiz|量化", re.I), "quantizedFrom"),
    (re.compile(r"\bLoRA adapter|\bPEFT adapter|\badapter (?:for|of)\b|适配器", re.I), "adapterOf"),
    (re.compile(r"fine-?tuned|finetuned|instruction-tuned|微调|精调", re.I), "fineTunedFrom"),
)
_KEYS = {"license": "license", "language": "language", "datasets": "trainingDataset", "pipeline_tag": "pipelineTag"}


def parse_card(block: Block) -> dict | None:
    """The front matter as a mapping, or None when it is not valid YAML (never raises)."""
    import yaml

    text = block.text[:MAX_YAML]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506  (a safe loader: plain data only)
    except Exception:  # malformed YAML: the card simply states nothing
        return None
    return data if isinstance(data, dict) else None


def _strings(v: object) -> list[str]:
    if isinstance(v, str):
        return [v.strip()] if v.strip() else []
    if isinstance(v, list):
        return [x.strip() for x in v if isinstance(x, str) and x.strip()][:20]
    return []


def _short(hub_id: str) -> str:
    """``mistralai/Mistral-7B-v0.1`` -> ``Mistral-7B-v0.1``."""
    return hub_id.rstrip("/").rsplit("/", 1)[-1].strip()


_CARD_TITLE = re.compile(r"^(?:model card for|model card of|model card:?|模型卡[：:]?)\s*", re.I)


#: keys that make a YAML header a model card's (a blog post's has title / date / author instead)
CARD_KEYS = frozenset({"base_model", "model_name", "model-index", "pipeline_tag", "library_name", "license",
                       "datasets", "base_model_relation", "inference", "widget", "model_type"})


def is_model_card(data: dict) -> bool:
    """Whether front matter describes a model (not a blog post or a docs page)."""
    return bool(CARD_KEYS & set(data)) and not ({"title", "author", "authors"} & set(data) and "base_model" not in data)


def card_subject(doc: Document, block: Block, data: dict) -> tuple[str, int, str] | None:
    """(name, line, quote) of the model the card is about (None for front matter that is no model card)."""
    if not is_model_card(data):
        return None
    lines = source_lines(doc)
    name = data.get("model_name")
    if isinstance(name, str) and name.strip():
        quant = _quantized_card(doc, block, data, name.strip())
        if quant is not None:
            return quant
        ln = _line_of(lines, block, "model_name")
        return _short(name), ln, quote_window(lines[ln - 1])
    for b in doc.blocks:
        if b.kind == "heading" and b.line > block.end_line and b.level <= 2:
            title = strip_symbols(_CARD_TITLE.sub("", b.text.strip()).strip(" *`"))
            if title and len(title) <= 60 and len(title.split()) <= 6:
                return title, b.line, quote_window(lines[b.line - 1])
            break
    idx = data.get("model-index")
    if isinstance(idx, list) and idx and isinstance(idx[0], dict) and isinstance(idx[0].get("name"), str):
        ln = _line_of(lines, block, "model-index")
        return _short(idx[0]["name"]), ln, quote_window(lines[ln - 1])
    parts = doc.path.split("/")
    if len(parts) >= 2 and parts[-1].lower() in ("readme.md", "readme.markdown", "readme.txt", "model_card.md"):
        return parts[-2], block.line, quote_window(lines[block.line - 1])
    return None


_QUANT_KINDS = ("GPTQ", "AWQ", "GGUF", "GGML", "EXL2", "AQLM", "HQQ", "MLX")


def _quantized_card(doc: Document, block: Block, data: dict, model_name: str) -> tuple[str, int, str] | None:
    """A quantizer's card ("quantized_by: TheBloke", title "# MythoMax L2 13B - GPTQ"): the card
    is about the quantized model, named as its hub repository spells it when the text links it
    ("TheBloke/MythoMax-L2-13B-GPTQ"), not about ``model_name``, the model it was made from."""
    if "quantized_by" not in data:
        return None
    lines = source_lines(doc)
    for b in doc.blocks:
        if b.kind != "heading" or b.line <= block.end_line:
            continue
        title = strip_symbols(b.text.strip()).strip(" *`")
        head, sep, kind = title.rpartition(" - ")
        if not sep or kind.strip().upper() not in _QUANT_KINDS:
            return None
        want = re.sub(r"[\s\-_.]", "", f"{model_name}{kind}").lower()
        from kg.extract.lexicon import hub_ids

        for _full, _owner, hub_name in hub_ids(doc.text[:100_000]):
            if re.sub(r"[\s\-_.]", "", hub_name).lower() == want:
                return hub_name, b.line, quote_window(lines[b.line - 1])
        return f"{model_name} {kind.strip()}", b.line, quote_window(lines[b.line - 1])
    return None


def _sibling_quants(doc: Document, lines: list[str], own: str, base: str, makers: list[str]) -> list[Claim]:
    """A quantizer's card links its other quantizations of the same model ("* [AWQ model(s) for
    GPU inference](…/TheBloke/MythoMax-L2-13B-AWQ)"): each is a model quantized from the base."""
    from kg.extract.lexicon import hub_ids

    stem = re.sub(r"[\s\-_.]", "", base).lower()
    out: list[Claim] = []
    seen = {own.lower()}
    for ln, raw in enumerate(lines, 1):
        if "/" not in raw:
            continue
        for full, owner, hub_name in hub_ids(raw[:5000]):
            kind = hub_name.rsplit("-", 1)[-1].upper()
            if kind not in _QUANT_KINDS or hub_name.lower() in seen \
                    or re.sub(r"[\s\-_.]", "", hub_name[:-len(kind) - 1]).lower() != stem:
                continue
            seen.add(hub_name.lower())
            q = quote_window(raw)
            m = Mention(hub_name, "Model")
            out.append(make_claim(doc, NAME, ln, q, m, "type", Value("Model", "class")))
            out.append(make_claim(doc, NAME, ln, q, m, "quantizedFrom", Mention(base, "Model")))
            out.append(make_claim(doc, NAME, ln, q, m, "hubId", Value(full, "string")))
            if owner in makers:
                out.append(make_claim(doc, NAME, ln, q, m, "developer", Mention(owner, "Organization")))
    return out


def _line_of(lines: list[str], block: Block, needle: str) -> int:
    """The first line of the front matter that contains ``needle`` (else its first line)."""
    for ln in range(block.line, min(block.end_line, len(lines)) + 1):
        if needle in lines[ln - 1]:
            return ln
    return block.line


def _relation(doc: Document, block: Block, data: dict, bases: list[str]) -> str:
    rel = data.get("base_model_relation")
    if isinstance(rel, str) and rel.strip().lower() in RELATION:
        return RELATION[rel.strip().lower()]
    body = doc.text[len("\n".join(source_lines(doc)[:block.end_line])):][:20000]
    for rx, pred in _BODY_RELATION:
        if rx.search(body):
            if pred == "mergedFrom" and len(bases) < 2:
                continue
            return pred
    tags = " ".join(_strings(data.get("tags")) + _strings(data.get("library_name")))
    if re.search(r"\bpeft\b|\blora\b", tags, re.I):
        return "adapterOf"
    if re.search(r"\bgguf\b|\bgptq\b|\bawq\b", tags, re.I):
        return "quantizedFrom"
    return "mergedFrom" if len(bases) >= 2 and re.search(r"merge", tags, re.I) else "derivedFrom"


def card_names(doc: Document, block: Block) -> Iterator[tuple[str, str]]:
    """(name, cue) of the models a card's front matter names: its own and its bases'."""
    data = parse_card(block)
    if data is None:
        return
    subj = card_subject(doc, block, data)
    if subj is not None:
        yield subj[0], "front_matter"
    for b in _strings(data.get("base_model")):
        yield _short(b), "front_matter"


@register(NAME)
def extract_front_matter(doc: Document) -> list[Claim]:
    """Lineage and card metadata from every front matter block of ``doc``."""
    out: list[Claim] = []
    for block in doc.blocks:
        if block.kind == "front_matter":
            out.extend(_card_claims(doc, block))
    return out


#: a blog post's announcement: the models it names come out on the post's date
_ANNOUNCE = re.compile(r"\b(?:we|We)\s+(?:are\s+)?(?:proudly\s+|excited\s+to\s+|happy\s+to\s+|pleased\s+to\s+)?"
                       r"(?:introduce|introducing|present|presenting|release|releasing|announce|announcing|launch|launching|open-source)"
                       r"|\b(?:Introducing|Meet|Announcing)\b|我们\s?(?:正式|隆重)?\s?(?:发布|推出|开源|宣布)|今天.{0,10}(?:发布|推出|开源)")
_DATE_KEYS = ("date", "pubDate", "published", "publishDate", "date_published")


def _announced(doc: Document, block: Block, data: dict) -> list[Claim]:
    """A blog post's front matter date is the release date of the models its opening
    paragraphs announce ("We proudly introduce LeoLM ...", "我们正式发布 X")."""
    from kg.extract.normalize import parse_date
    from kg.extract.sentence import sentences_of, table_model_names

    key = next((k for k in _DATE_KEYS if k in data), None)
    if key is None:
        return []
    date = parse_date(str(data[key]))
    if not date:
        return []
    lines = source_lines(doc)
    dl = _line_of(lines, block, key + ":")
    quote = quote_window(lines[dl - 1])
    out: list[Claim] = []
    seen: set[str] = set()
    extra = table_model_names(doc)
    for b in doc.blocks:
        if b.kind not in ("paragraph", "list_item") or b.line > block.end_line + 40:
            continue
        for s in sentences_of(doc, b, lines, extra):
            if not _ANNOUNCE.search(s.text):
                continue
            for m in s.models():
                if m.text not in seen and not _OTHERS_BEFORE.search(s.text[max(0, m.start - 16):m.start]):
                    seen.add(m.text)
                    out.append(make_claim(doc, NAME, dl, quote, Mention(m.text, "Model"), "releaseDate", Value(date, "date")))
    author = _team_author(data)
    if author:
        al = _line_of(lines, block, "author")
        for name in sorted(seen):
            out.append(make_claim(doc, NAME, al, quote_window(lines[al - 1]), Mention(name, "Model"), "developer",
                                  Mention(author, "Organization")))
    return out


def _team_author(data: dict) -> str | None:
    """The post's author when it is a team or lab ("author: NovaSky Team"), not a person: the
    developer of the models the post announces."""
    from kg.extract.lexicon import org_shaped

    value = data.get("author") or data.get("authors")
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if org_shaped(value) else None


#: "built on Llama-2", "compared with GPT-4": a name the announcement mentions but does not announce
_OTHERS_BEFORE = re.compile(r"(?:on|from|of|than|with|like|基于|比|与|和)\s?(?:the\s|a\s)?$", re.I)


def _card_claims(doc: Document, block: Block) -> list[Claim]:
    data = parse_card(block)
    if data is None:
        return []
    if not is_model_card(data):
        return _announced(doc, block, data)
    lines = source_lines(doc)
    subj = card_subject(doc, block, data)
    out: list[Claim] = []

    def add(line: int, subject: str, pred: str, obj: Mention | Value) -> None:
        q = quote_window(lines[line - 1]) if 1 <= line <= len(lines) else ""
        if q:
            out.append(make_claim(doc, NAME, line, q, Mention(subject, "Model"), pred, obj))

    bases = _strings(data.get("base_model"))
    for b in bases:
        ln = _line_of(lines, block, b)
        add(ln, _short(b), "type", Value("Model", "class"))
        if "/" in b:
            add(ln, _short(b), "hubId", Value(b, "string"))
    if subj is None:
        return out
    name, sline, _q = subj
    add(sline, name, "type", Value("Model", "class"))
    pred = _relation(doc, block, data, bases)
    for b in bases:
        if _short(b).lower() != name.lower():
            add(_line_of(lines, block, b), name, pred, Mention(_short(b), "Model"))
    for key, prop in _KEYS.items():
        for v in _strings(data.get(key))[:10]:
            add(_line_of(lines, block, v), name, prop, Value(v, "string"))
    if "quantized_by" in data and bases:
        out.extend(_sibling_quants(doc, lines, name, _short(bases[0]), _strings(data.get("quantized_by"))[:1]))
    # who made it: "quantized_by: TheBloke" made this card's (quantized) model, "model_creator: Gryphe"
    # the model it was made from (the card's own model when nobody quantized it)
    made_from = _short(bases[0]) if bases and "quantized_by" in data else name
    for key, who in (("quantized_by", name), ("model_creator", made_from)):
        for v in _strings(data.get(key))[:1]:
            if "quantized_by" in data or key == "model_creator":
                add(_line_of(lines, block, key), who, "developer", Mention(v, "Organization"))
    return out
