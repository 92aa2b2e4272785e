"""Benchmarks of the checker, near-miss index, PO store and translation memory (issue 6).

``python -m review_tool.bench [--quick] [--only NAME ...]`` generates its data on the fly
(seeded, never written to the repository), runs every measurement beside a baseline in the same
process on the same data, and prints a table plus one JSON line per measurement.
"""
