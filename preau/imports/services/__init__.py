"""Every write of the imports app (house rule 2)."""

from preau.imports.services.absence import mark_absent
from preau.imports.services.onde_import import import_onde

__all__ = ["import_onde", "mark_absent"]
