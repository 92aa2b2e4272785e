"""review_tool: review translations paragraph by paragraph against a multilingual glossary.

The package is split in a UI-free core (glossary, matching, checks, fixer, PO store,
candidates) and a Textual layer in ``review_tool.tui`` that only displays and dispatches.
"""

__version__ = "0.1.0"
