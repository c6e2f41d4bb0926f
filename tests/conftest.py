from __future__ import annotations

import sys
from pathlib import Path

# Tests run against the source tree even before `make install`.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))
# ...and `tests.service` (the real service in a subprocess) from any folder of tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
