"""The layout shows the architecture: dependencies point one way, no layer
reaches into another's private helpers, and no module grows into a god
module. README.md's Layout section is the map these tests hold it to."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "sources", "claims")
# About 500 lines: past that a module holds more than one concern.
MAX_MODULE_LINES = 520

# Which packages each layer may import. A layer not named in a rule may
# import anything the rules of its parents allow. Management commands and the
# app's own wiring (apps.py, admin.py, urls) sit on top of their app.
FORBIDDEN = {
    "sources": ("claims", "config"),
    "claims.domain": ("claims.public", "claims.workspace", "claims.devdata", "claims.api", "config"),
    "claims.search": ("claims.domain", "claims.public", "claims.workspace", "claims.devdata", "config"),
    "claims.words": ("claims", "config"),
    "claims.models": (
        "claims.domain",
        "claims.public",
        "claims.workspace",
        "claims.devdata",
        "claims.search",
    ),
    "claims.public": ("claims.workspace", "claims.devdata", "claims.api"),
    "claims.workspace": ("claims.public", "claims.devdata", "claims.api"),
    # The API is a door like the pages: it may reuse the public pages'
    # ClaimReview and the workspace's nothing; nothing but the URLconf uses it.
    "claims.api": ("claims.workspace", "claims.devdata", "config"),
    "claims.devdata": ("claims.workspace",),
}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found.append((".".join(parts), path))
    return found


def _imports(path: Path, module: str) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import in ``path``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    result = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            result.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            result.append((base, [alias.name for alias in node.names]))
    return result


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


MODULES = _modules()


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_imports_point_one_way(module: str, path: Path) -> None:
    rules = [forbidden for layer, forbidden in FORBIDDEN.items() if _within(module, layer)]
    wrong = [
        imported
        for imported, _names in _imports(path, module)
        for forbidden in rules
        for target in forbidden
        if _within(imported, target)
    ]
    assert not wrong, f"{module} imports {wrong}, against the direction of the layers"


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_no_private_helper_is_imported_from_another_module(module: str, path: Path) -> None:
    private = [
        f"{imported}.{name}"
        for imported, names in _imports(path, module)
        if _within(imported, "claims") or _within(imported, "sources") or _within(imported, "config")
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not private, f"{module} imports private helpers {private}: share a public function instead"


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_no_module_is_a_god_module(module: str, path: Path) -> None:
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_MODULE_LINES, f"{module} has {lines} lines; split it by concern"


def test_nothing_in_the_product_imports_the_development_data() -> None:
    users = [
        module
        for module, path in MODULES
        if not _within(module, "claims.devdata")
        and not _within(module, "claims.management")
        and any(_within(imported, "claims.devdata") for imported, _ in _imports(path, module))
    ]
    assert not users, f"{users} import claims.devdata, which only commands and tests may use"


def test_the_readme_maps_every_package() -> None:
    readme = (ROOT / "README.md").read_text()
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    packages = sorted(
        str(path.parent.relative_to(ROOT))
        for path in ROOT.glob("*/**/__init__.py")
        if path.parent.parts[len(ROOT.parts)] in PACKAGES
        and "migrations" not in path.parts
        and "management" not in path.parts
        and "templatetags" not in path.parts
    )
    missing = [package for package in packages if f"`{package}/`" not in layout]
    assert not missing, f"README.md's Layout section does not map {missing}"
