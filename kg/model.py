"""Plain data that flows one way through the pipeline.

read -> parse (:class:`Document` of :class:`Block`) -> extract (:class:`Claim`) ->
resolve (:class:`Entity`) -> graph.  Everything here is an immutable value with no
behaviour beyond small helpers, so each stage can be tested alone and results can be
cached or sent to worker processes (they pickle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
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

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


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
