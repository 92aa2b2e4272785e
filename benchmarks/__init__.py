"""Every benchmark of review_tool, in one place (run from the repository root).

``python -m benchmarks [--quick] [--concepts N] [--only NAME ...]`` measures the checker, the
near-miss index, the PO store and the translation memory: it generates its data on the fly
(seeded, never written to the repository), runs every measurement beside a baseline in the same
process on the same data, and prints a table plus one JSON line per measurement.
``python benchmarks/ui_bench.py`` measures the review screen (open, moves, approvals).
"""
