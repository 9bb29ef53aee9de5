"""Import a Python file by its path: the kit's one way (private mistake simulators, data helpers,
a sample student's model), so that none of its modules re-invents it."""
from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path
from types import ModuleType


def load_module(path, name: str | None = None) -> ModuleType:
    """The module in the file `path`, executed afresh (not put in sys.modules). `name` defaults to
    one made from the path, so two files of the same name never share a module object.
    Raises ImportError (naming the file) when it is missing or not a Python source."""
    path = Path(path)
    if name is None:
        digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
        name = f"_loaded_{path.stem}_{digest}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None or not path.is_file():
        raise ImportError(f"cannot load {path}: no such Python file", path=str(path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
