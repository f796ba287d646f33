"""Storage: the schema (``base``, ``models``, ``models_meaning``), the database
(``db``, ``resources``, ``roles``), loading extractions (``load``, ``load_meaning``),
reviewer corrections and the run log.

Imports both model modules so every table is on ``Base.metadata`` whichever is imported first.
"""

from . import models, models_meaning  # noqa: F401  (register every table on Base.metadata)
