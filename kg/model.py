"""Plain data that flows one way through the pipeline.

read -> parse (:class:`Document` of :class:`Block`) -> extract (:class:`Claim`) ->
resolve (:class:`Entity`) -> graph.  Everything here is an immutable value with no
behaviour beyond small helpers, so each stage can be tested alone and results can be
cached or sent to worker processes (they pickle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, Union

#: The entity classes of the vocabulary (``llm:Model`` ...).
EntityClass = Literal["Model", "Organization", "Technique", "Series"]
ENTITY_CLASSES: tuple[str, ...] = ("Model", "Organization", "Technique", "Series")

#: Block kinds produced by the reader.
#: ``front_matter`` is the YAML header of a Hugging Face model card (``---`` ... ``---``), kept as
#: written for :mod:`kg.extract.frontmatter` and never read as Markdown.
BlockKind = Literal["heading", "paragraph", "list_item", "table", "code", "html", "front_matter"]


@dataclass(frozen=True)
class TableRow:
    """One row of a table: its cells (already stripped) and the 1-based source line."""

    cells: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Block:
    """A structural piece of a document.

    ``text`` is the block's source text (for tables, the raw table source).
    ``line`` is the 1-based line where the block starts, ``end_line`` where it ends.
    ``section`` is the heading path above the block, outermost first, so an extractor can
    use "LLaMA 系列" as context for a paragraph under it.
    For tables ``header`` and ``rows`` hold the cells; rows may have fewer or more cells
    than the header (malformed tables are kept as written, not repaired here).
    """

    kind: BlockKind
    text: str
    line: int
    end_line: int
    section: tuple[str, ...] = ()
    level: int = 0  # heading level, or list nesting depth
    header: tuple[str, ...] = ()
    rows: tuple[TableRow, ...] = ()


@dataclass(frozen=True)
class Document:
    """A parsed source document.

    ``path`` is relative to the corpus root (POSIX separators) and is the document's
    identity in the graph; ``lines`` keeps the decoded text so quotes can be checked
    against the source.
    """

    path: str
    title: str
    sha256: str
    encoding: str
    text: str
    blocks: tuple[Block, ...]
    #: media type of the original when it was not Markdown/plain text ("text/html", "application/pdf")
    media_type: str = ""
    #: where each line of ``text`` comes from in the original, for documents whose ``text`` the
    #: reader produced (a web page's main content, a PDF's reading order): per 0-based line of
    #: ``text``, ``(column, place)`` pairs sorted by column, each place a location a person can
    #: find in the original ("p.3 l.12" in a PDF, "l.145" of a web page's source).  Empty for
    #: Markdown, whose line numbers are already such locations.
    places: tuple[tuple[tuple[int, str], ...], ...] = ()

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @cached_property
    def _text_lines(self) -> list[str]:
        return self.text.split("\n")

    def place(self, line: int, quote: str = "") -> str:
        r"""The location in the original of the text ``quote`` cited at 1-based ``line`` ("" for Markdown).

        A PDF paragraph is one line of ``text`` that may run over several lines of a page
        (or over a page break), so the quote's own column picks the place.

        >>> d = Document("a.pdf", "", "", "", "one two\n", (), "application/pdf", (((0, "p.1 l.4"), (4, "p.2 l.1")),))
        >>> d.place(1, "two"), d.place(1, "one"), d.place(2, "x")
        ('p.2 l.1', 'p.1 l.4', '')
        """
        if not 0 < line <= len(self.places):
            return ""
        spans = self.places[line - 1]
        if not spans:
            return ""
        col = 0
        if quote and len(spans) > 1:
            text = self._text_lines[line - 1] if line <= len(self._text_lines) else ""
            col = max(0, text.find(quote[:40].strip()))
        best = spans[0][1]
        for start, where in spans:
            if start > col:
                break
            best = where
        return best


@dataclass(frozen=True)
class Mention:
    """A surface form that names an entity of a class, as written in the text.

    ``alias_of`` is the name the document itself says this spelling stands for ("骆驼
    (Luotuo)", a hub id ``mistralai/Mistral-7B-v0.1``): the mention is resolved as that
    name while ``text`` stays one of the entity's labels.
    """

    text: str
    cls: str  # one of ENTITY_CLASSES
    alias_of: str = ""


#: Literal objects: numbers (int), dates as ISO-like strings ("2023", "2023-07",
#: "2023-07-18"), booleans, or architecture tokens ("decoder-only" ...).
LiteralValue = Union[int, float, bool, str]


@dataclass(frozen=True)
class Value:
    """A literal object of a claim; ``kind`` says how to type it in RDF.

    kinds: ``integer`` (parameters, tokens...), ``date`` (releaseDate, value is
    "YYYY", "YYYY-MM" or "YYYY-MM-DD"), ``boolean`` (openWeights), ``architecture``
    (value one of decoder-only / encoder-only / encoder-decoder / MoE).
    """

    value: LiteralValue
    kind: str


@dataclass(frozen=True)
class Provenance:
    """Where a claim comes from: document path, 1-based line, verbatim quote, rule."""

    doc: str
    line: int
    quote: str
    extractor: str


@dataclass(frozen=True)
class Claim:
    """One extracted statement ``subject predicate object`` with its provenance.

    ``predicate`` is a local name of the vocabulary (``developer``, ``releaseDate``,
    ``derivedFrom`` ...) or ``type`` (object is then a class name string in a Value of
    kind ``class``).  Subjects and entity objects are :class:`Mention` s; the resolver
    maps them to entities.
    """

    subject: Mention
    predicate: str
    object: Union[Mention, Value]
    prov: Provenance


@dataclass
class Entity:
    """A resolved entity: one thing however many spellings it had."""

    id: str  # stable slug path under the id namespace, e.g. "model/llama-2"
    cls: str
    label: str  # canonical name
    alt_labels: set[str] = field(default_factory=set)

    def __reduce__(self) -> tuple:
        # positional fields: unpickles ~40 % faster than a dataclass's default (state dict),
        # which counts when an incremental build loads thousands of entities
        return (Entity, (self.id, self.cls, self.label, self.alt_labels))


def cite(path: str, line: int | None = None, place: str = "") -> str:
    """Where a person finds a claim: ``doc.md:12``, or ``paper.pdf p.3 l.12`` / ``page.html l.145``
    when the document's text was produced by a reader (:attr:`Document.places`).

    >>> cite("a.md", 12), cite("paper.pdf", 40, "p.3 l.12"), cite("x.md")
    ('a.md:12', 'paper.pdf p.3 l.12', 'x.md')
    """
    if place:
        return f"{path} {place}"
    return f"{path}:{line}" if line else path
