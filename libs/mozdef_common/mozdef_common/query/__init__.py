"""The query language: Lucene query strings parsed into one AST, compiled for each event store."""
