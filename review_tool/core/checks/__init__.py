"""The rules: the registry (``registry``), one module per family that registers its rules, and
the checker that runs them (``checker``).

Importing this package loads every family, in the order the rules are listed (``review-tool
rules``, the README's table): whoever reads the registry, through any of its modules, sees every
rule, and the registry never imports a family or the checker back. A new family is one module
plus one line here.
"""

# In listing order, not sorted; each module registers its rules when imported.
from review_tool.core.checks import (  # noqa: F401, I001
    qa,
    qa_numbers,
    qa_structure,
    terms,
    consistency,
    spelling,
)
