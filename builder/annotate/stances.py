"""Stances (placeholder)."""
