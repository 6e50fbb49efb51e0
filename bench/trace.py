"""Why did (or didn't) the extractor read a sentence?  ``python -m bench.trace FILE [TEXT]``.

Prints the document's pass-1 names (with the cue that typed each), then for every
sentence containing TEXT: the names found in it, the cue lines matched, and the claims
every extractor made from its line.

    python -m bench.trace ../shared/dev/docs/D4.md OpenChatKit
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__)
        return 2
    from kg.extract import extract_claims
    from kg.extract.cues import match_relations
    from kg.extract.lexicon import document_lexicon
    from kg.extract.sentence import sentences_of, table_model_names
    from kg.ingest import parse_document

    path = Path(args[0])
    needle = args[1] if len(args) > 1 else None
    doc = parse_document(path.read_bytes(), path.name)
    lex = document_lexicon(doc)
    if needle is None:
        for w in lex.why:
            print("lexicon", *w, sep="\t")
        for a in lex.aliases:
            print("alias", *a, sep="\t")
        return 0
    claims = extract_claims(doc)
    lines = doc.text.split("\n")
    extra = table_model_names(doc)
    for b in doc.blocks:
        if b.kind not in ("paragraph", "list_item", "heading"):
            continue
        for s in sentences_of(doc, b, lines, extra):
            if needle not in s.text:
                continue
            print(f"-- line {s.line} [{b.kind} lvl {b.level}] section={b.section[-1:] if b.section else ()}")
            print("   ", s.text[:300])
            print("    names:", [(sp.text, sp.cls) for sp in s.spans])
            for cm in match_relations(s.text, [sp for sp in s.spans if sp.cls in ("Model", "Series")]):
                print("    cue:", cm.relation, [x.text for x in cm.x] if cm.x else None, [y.text for y in cm.y],
                      cm.template.where, cm.template.source)
            for c in claims:
                if c.prov.line == s.line and c.predicate != "type":
                    o = c.object.text if hasattr(c.object, "text") else c.object.value
                    print("    claim:", c.subject.text, c.predicate, o, f"({c.prov.extractor})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
