"""Extract stage: run every registered extractor over a document.

Each extractor is a small module registered by name (``@register("table")``); importing
this package imports them, in pipeline order.  :func:`extract_claims` is the visible
loop the build calls: a failing extractor is named in the error.
"""

from __future__ import annotations

import re

from kg.errors import KgError
from kg.extract import frontmatter, lineage, sentence, table  # noqa: F401  (importing registers the extractors)
from kg.extract.common import extends_name
from kg.extract.registry import register, registered
from kg.model import Claim, Document, Mention, Value

__all__ = ["extract_claims", "register", "registered"]


class ExtractorError(KgError):
    """An extractor raised on a document; the message names both."""


def extract_claims(doc: Document) -> list[Claim]:
    """All claims every registered extractor makes about ``doc``, in pipeline order.

    Pass 1 (:func:`kg.extract.lexicon.document_lexicon`) finds the names the document
    introduces; every extractor then reads the document with them.  Spellings the
    document equates with a name ("骆驼 (Luotuo)", a hub id) are marked as its aliases.
    """
    claims: list[Claim] = []
    _FOLDED.clear()
    for name, extractor in registered().items():
        try:
            claims.extend(extractor(doc))
        except KgError:
            raise
        except Exception as exc:  # a bug in one rule must name the rule and the file
            raise ExtractorError(f"{doc.path}: extractor {name!r} failed: {type(exc).__name__}: {exc}") from exc
    try:
        return _org_spellings(_mark_aliases(doc, _own_facts_stand(_scoped_facts(_family_facts(_sized_members(_sized_bases(
            _fold_generic(claims))))))))
    finally:
        _FOLDED.clear()


#: the document's folded names (see :func:`_fold`), filled while its claims are post-processed
_FOLDED: dict[str, str] = {}


def _fold(name: str) -> str:
    """``name`` lower-cased without spaces, hyphens, underscores and middle dots: how the
    rules below compare names.  Memoised for the document being post-processed:
    each rule folds every claim's names, and a document names each model dozens of times."""
    k = _FOLDED.get(name)
    if k is None:
        k = _FOLDED[name] = _FOLD.sub("", name.lower())
    return k


#: lineage relations that say how a model was derived (each a sub-property of derivedFrom)
_SPECIFIC = frozenset({"fineTunedFrom", "distilledFrom", "quantizedFrom", "adapterOf", "mergedFrom"})


def _fold_generic(claims: list[Claim]) -> list[Claim]:
    """A document that says both "X is derived from Y" and "X is fine-tuned from Y" states
    one fact: the specific one entails the generic (``llm:fineTunedFrom`` is a sub-property
    of ``llm:derivedFrom``), so the generic claim about the same two models is dropped."""
    specific = {(_fold(c.subject.text), _fold(c.object.text))
                for c in claims if c.predicate in _SPECIFIC and isinstance(c.object, Mention)}
    if not specific:
        return claims
    return [c for c in claims if c.predicate != "derivedFrom" or not isinstance(c.object, Mention)
            or (_fold(c.subject.text), _fold(c.object.text)) not in specific]


def _family_facts(claims: list[Claim]) -> list[Claim]:
    """"Halvor 系列由 Nordwell AI 开发", "the Marlow family is developed by Aurivo Labs": the
    developer of a family made every model the document puts in it (its series claims); the
    openness and architecture of a family the document introduces are its models' too."""
    from dataclasses import replace

    from kg.extract.names import find_names

    families = {_fold(c.object.text) for c in claims if c.predicate == "series" and isinstance(c.object, Mention)}
    fam_dev: dict[str, list[Claim]] = {}
    for c in claims:
        if c.subject.cls == "Series" and (c.predicate == "developer" or c.predicate in _FAMILY_WIDE
                                          and not find_names(c.subject.text)):
            # (a family the vocabulary knows, "GPT", "LLaMA", is a topic of surveys: its facts stay its own)
            fam_dev.setdefault(_fold(c.subject.text), []).append(c)
        elif c.predicate == "developer" and _fold(c.subject.text) in families and not find_names(c.subject.text):
            # a family named as a model ("发布…系列“星河-2”") made its models too; its other facts may be
            # the flagship's own
            fam_dev.setdefault(_fold(c.subject.text), []).append(c)
    if not fam_dev:
        return claims
    have = {(_fold(c.subject.text), c.predicate, _obj_key(c)) for c in claims}
    single = {(_fold(c.subject.text), c.predicate) for c in claims if c.predicate in _SINGLE_VALUED}
    extra: list[Claim] = []
    for c in claims:
        if c.predicate != "series" or not isinstance(c.object, Mention):
            continue
        for dc in fam_dev.get(_fold(c.object.text), ()):
            if dc.predicate != "developer" and _fold(c.subject.text) in families:
                continue  # a generation that is a family itself ("Sable-2" of Sable) keeps to its own facts
            k = (_fold(c.subject.text), dc.predicate, _obj_key(dc))
            if k not in have and (_fold(c.subject.text), dc.predicate) not in single:
                have.add(k)
                extra.append(replace(dc, subject=c.subject))
    return claims + extra


#: facts a family states for all its models ("the Marlow family is developed by …", "全系开源", "a family of
#: open-weight models"): each model the document puts in the family has them too
_FAMILY_WIDE = frozenset({"developer", "openWeights", "architecture"})
#: …unless the model states its own value (one value each)
_SINGLE_VALUED = frozenset({"openWeights"})


def _obj_key(c: Claim) -> str:
    o = c.object
    return _fold(o.text) if isinstance(o, Mention) else str(o.value)


_SIZED_NAME = re.compile(r"^(?P<family>.+?)[\s\-_]?\d{1,4}(?:\.\d{1,2})?[BbMm]$")
_FOLD = re.compile(r"[\s\-_·]+")
#: lineage kinds a checkpoint's family shares ("fine-tuned from LLaMA-7B" is fine-tuned from LLaMA)
_SHARED = frozenset({"derivedFrom", "fineTunedFrom", "distilledFrom", "quantizedFrom", "adapterOf", "mergedFrom"})


def _sized_bases(claims: list[Claim]) -> list[Claim]:
    """A base named as a sized checkpoint ("基于 LLaMA-7B 微调", "| Llama 2 (70b) |") is also a
    fact about its family, when the document names the family as a model itself: the
    derived model comes from LLaMA as much as from LLaMA-7B."""
    from dataclasses import replace

    models = {_fold(m.text) for c in claims for m in (c.subject, c.object)
              if isinstance(m, Mention) and m.cls == "Model"}
    have = {(_fold(c.subject.text), c.predicate, _fold(c.object.text)) for c in claims if isinstance(c.object, Mention)}
    extra: list[Claim] = []
    for c in claims:
        if c.predicate not in _SHARED or not isinstance(c.object, Mention) or c.prov.extractor == "lineage-name":
            continue  # (lineage read from two names, "Qwen-7B-Chat" of "Qwen-7B", names no family)
        m = _SIZED_NAME.match(c.object.text.strip())
        if not m:
            continue
        fam = m.group("family").strip(" -_")
        if any(ch.isdigit() for ch in fam):
            continue  # "Marlow-1-13B": a size of the version Marlow 1, which the text did not name as its base
        k = (_fold(c.subject.text), c.predicate, _fold(fam))
        if _fold(fam) in models and k not in have and _fold(fam) != _fold(c.subject.text) and len(_fold(fam)) >= 2:
            have.add(k)
            extra.append(replace(c, object=Mention(fam, "Model")))
    return claims + extra


def _name_size(name: str) -> int | None:
    """The size a checkpoint's name states as one of its parts ("Qwen-7B-Chat" -> 7e9), else None."""
    for tok in name.replace("_", "-").replace(" ", "-").split("-")[1:]:
        num = tok[:-1]
        if tok[-1:] in ("B", "b") and num.replace(".", "", 1).isdigit() and len(num) <= 7:
            return round(float(num) * 10**9)
    return None


def _sized_members(claims: list[Claim]) -> list[Claim]:
    """"参数规模为18亿（1.8B）、70亿（7B）…" of Qwen, then Qwen-7B, Qwen-7B-Chat named: a size the
    document states of a family as a quantity is the size of the family's checkpoint named by it."""
    from dataclasses import replace

    sizes: dict[str, list[Claim]] = {}
    for c in claims:
        if c.predicate == "parameters" and isinstance(c.object, Value):
            sizes.setdefault(_fold(c.subject.text), []).append(c)
    fams = {k: v for k, v in sizes.items() if len({c.object.value for c in v}) >= 2}  # type: ignore[union-attr]
    if not fams:
        return claims
    have = {(_fold(c.subject.text), str(getattr(c.object, "value", ""))) for c in claims if c.predicate == "parameters"}
    lines = {fcs[0].prov.line for fcs in fams.values()}
    # (only checkpoints the same paragraph names: "参数规模为 … 。本次开源包括 Qwen-1.8B、Qwen-7B …")
    names = sorted({c.subject.text for c in claims if c.subject.cls == "Model" and c.prov.line in lines})
    extra: list[Claim] = []
    for fcs in fams.values():
        fam = fcs[0].subject.text
        by_value = {c.object.value: c for c in fcs if c.prov.line == fcs[0].prov.line}  # type: ignore[union-attr]
        for n in names:
            v = _name_size(n)
            if v is None or not extends_name(n, fam):
                continue
            if v in by_value and (_fold(n), str(v)) not in have:
                have.add((_fold(n), str(v)))
                extra.append(replace(by_value[v], subject=Mention(n, "Model")))
    return claims + extra


#: facts a statement about all checkpoints of a version gives each of them
_SCOPED = frozenset({"releaseDate", "openWeights", "developer", "usesTechnique", "architecture"})
#: facts a checkpoint has one value of: a statement of its own stands over the family's
_SINGLE = frozenset({"releaseDate", "openWeights", "architecture"})


def _scoped_facts(claims: list[Claim]) -> list[Claim]:
    """"All Marlow 2 checkpoints were released on 2024-02-06", "the Marlow 2.5 base and instruct
    checkpoints are open-weight", "Qwen 系列模型均开源": a fact stated of every checkpoint of a
    version or family holds for each checkpoint the document names (a name that extends it:
    Marlow-2-7B, Marlow 2 13B), quoted from the statement.  A checkpoint's own statement of a
    single-valued fact stands."""
    from dataclasses import replace

    from kg.extract.words import words

    after, before = words("family_scope_after"), words("family_scope_before")
    scoped: list[tuple[str, Claim]] = []
    for c in claims:
        if c.predicate not in _SCOPED or c.subject.cls not in ("Model", "Series"):
            continue
        q, name = c.prov.quote, c.subject.text
        i = q.find(name)
        while i >= 0:  # the quote may name it twice: "X is the next generation of … . All open X checkpoints …"
            tail = q[i + len(name):i + len(name) + 40]
            head = q[max(0, i - 24):i]
            # the scope word within the next few words ("checkpoints", "base and instruct checkpoints"),
            # "all", "every", "所有" before it: "Qwen 系列模型表现出色" is about the family, not each model
            hit = after.search(tail)
            if hit is not None and len(tail[:hit.start()].split()) <= 3 and before.search(head) is not None:
                scoped.append((_fold(name), c))
                break
            i = q.find(name, i + 1)
    if not scoped:
        return claims
    models = sorted({m.text for c in claims for m in (c.subject, c.object)
                     if isinstance(m, Mention) and m.cls == "Model"})
    have = {(_fold(c.subject.text), c.predicate) for c in claims if c.predicate in _SINGLE}
    facts = {(_fold(c.subject.text), c.predicate, str(getattr(c.object, "text", c.object)))
             for c in claims}
    extra: list[Claim] = []
    for fam, c in scoped:
        for m in models:
            k = _fold(m)
            if not (k.startswith(fam) and len(k) > len(fam)) or not extends_name(m, c.subject.text):
                continue
            fact = (k, c.predicate, str(getattr(c.object, "text", c.object)))
            if fact in facts or c.predicate in _SINGLE and (k, c.predicate) in have:
                continue
            facts.add(fact)
            have.add((k, c.predicate))
            extra.append(replace(c, subject=Mention(m, "Model")))
    return claims + extra


def _own_facts_stand(claims: list[Claim]) -> list[Claim]:
    """A fact the whole list was said to share ("Every model on this list has open weights")
    gives way to the entry's own statement of it ("Its weights are not open-sourced")."""
    scoped = [c for c in claims if c.prov.extractor == lineage.LIST_SCOPE]
    if not scoped:
        return claims
    own = {(_fold(c.subject.text), c.predicate) for c in claims
           if c.prov.extractor != lineage.LIST_SCOPE}
    return [c for c in claims if c.prov.extractor != lineage.LIST_SCOPE
            or (_fold(c.subject.text), c.predicate) not in own]


def _mark_aliases(doc: Document, claims: list[Claim]) -> list[Claim]:
    from dataclasses import replace

    from kg.extract.lexicon import document_lexicon

    aliases = dict(document_lexicon(doc).aliases)
    if not aliases:
        return claims

    def mark(m: Mention) -> Mention:
        target = aliases.get(m.text) if m.cls in ("Model", "Organization") else None
        return Mention(m.text, m.cls, target) if target and target != m.text else m

    out: list[Claim] = []
    for c in claims:
        s = mark(c.subject)
        o = mark(c.object) if isinstance(c.object, Mention) else c.object
        out.append(c if s is c.subject and o is c.object else replace(c, subject=s, object=o))
    return out


def _org_spellings(claims: list[Claim]) -> list[Claim]:
    """An organization named as the text spells it ("华东师范大学", "香港中文大学 (深圳)") is stated
    with the vocabulary's canonical name, and the spelling becomes a label of the same entity
    (a ``type`` claim marked as its alias): the graph answers to both, as gold and readers write either."""
    from dataclasses import replace

    from kg.extract.names import find_names

    out: list[Claim] = []
    seen: set[tuple[str, str]] = set()
    for c in claims:
        o = c.object
        if isinstance(o, Mention) and o.cls == "Organization" and not o.alias_of:
            spans = find_names(o.text)
            canon = spans[0].canonical if len(spans) == 1 and spans[0].cls == "Organization" \
                and spans[0].start == 0 and spans[0].end == len(o.text) else None
            if canon and canon != o.text:
                out.append(replace(c, object=Mention(canon, "Organization")))
                if (o.text, canon) not in seen:
                    seen.add((o.text, canon))
                    out.append(replace(c, subject=Mention(o.text, "Organization", canon), predicate="type",
                                       object=Value("Organization", "class")))
                continue
        out.append(c)
    return out
