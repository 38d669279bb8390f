"""``python -m crmlib report …``: see :mod:`crmlib.cli`."""
import sys

from .cli import main

sys.exit(main())
