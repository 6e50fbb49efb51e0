"""SPARQL with bound parameters, named queries (``queries/*.rq``), local or remote.

>>> from kg.query import load_queries
>>> "derivatives" in load_queries()
True
"""

from kg.query.api import PreparedQuery, execute, load_source, prepare, prepare_params
from kg.query.named import NamedQuery, Param, get_query, load_queries, queries_dir
from kg.query.run import QueryResult, run_embedded, run_remote

__all__ = [
    "PreparedQuery", "execute", "load_source", "prepare", "prepare_params",
    "NamedQuery", "Param", "get_query", "load_queries", "queries_dir",
    "QueryResult", "run_embedded", "run_remote",
]
