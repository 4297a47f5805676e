"""The engine is pure Python: it must run with Django and the platform absent."""

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "engine"
FORBIDDEN = ("django", "rest_framework", "drf_spectacular", "joinedup")

_BLOCKER = f"""
import importlib.abc, importlib, pkgutil, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {FORBIDDEN!r}:
            raise ImportError('engine imported ' + name)
sys.meta_path.insert(0, Block())
import engine
for module in pkgutil.walk_packages(engine.__path__, 'engine.'):
    if not module.name.endswith('__main__'):
        importlib.import_module(module.name)
print('imported', len(sys.modules))
"""


def test_no_engine_module_imports_django_in_its_source():
    offenders = []
    for path in ENGINE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.relative_to(ENGINE.parent)}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_every_engine_module_imports_with_django_blocked():
    result = subprocess.run([sys.executable, "-c", _BLOCKER], cwd=ENGINE.parent, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout


def test_the_purity_check_would_catch_a_django_import(tmp_path):
    """Guard against a check that cannot fail: a module importing django is refused."""
    package = tmp_path / "engine"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "bad.py").write_text("import django\n")
    result = subprocess.run([sys.executable, "-c", _BLOCKER], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0
    assert "engine imported django" in result.stderr
