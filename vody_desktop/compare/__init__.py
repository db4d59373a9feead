"""Comparing two results: what changed between two inferences, item by item (Qt-free)."""
