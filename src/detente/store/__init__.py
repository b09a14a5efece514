"""Store stage: one DuckDB file, created and upgraded by numbered migrations."""

from detente.store.store import TABLES, Store

__all__ = ["TABLES", "Store"]
