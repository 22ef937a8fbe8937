"""Benchmarks: scoring the labeling rules against gold annotations and public dev data (see RULES.md)."""
