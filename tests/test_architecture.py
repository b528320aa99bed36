"""The house's rules (docs/architecture.md), read from the code's own imports: the apps import one way down
their layers, no import between apps hides in a function body, and no module of the apps passes 500 lines."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Each app and the apps it may import: exactly those below it in docs/architecture.md. Every app may also
#: import the project package's helpers (ubnd_schedule: errors, mail), which import no app.
LAYERS = [
    ("agenda", set()),
    ("meetings", {"agenda"}),
    ("programme", {"agenda", "meetings"}),
    ("access", {"agenda", "meetings"}),
    ("exports", {"agenda", "meetings", "programme"}),
    ("issuing", {"agenda", "meetings", "programme", "access", "exports"}),
    ("dossiers", {"agenda", "meetings", "programme", "access", "exports", "issuing"}),
    ("proposals", {"agenda", "meetings", "programme", "access", "exports", "issuing", "dossiers"}),
    ("weekly", {"agenda", "meetings", "programme", "access", "exports", "issuing"}),
    ("conclusions", {"agenda", "meetings", "programme", "access", "exports", "issuing"}),
    ("ballots", {"agenda", "meetings", "programme", "access", "exports", "issuing"}),
    ("followup", {"agenda", "meetings", "programme", "access", "exports", "issuing", "dossiers", "conclusions"}),
    (
        "public",
        {"agenda", "meetings", "programme", "access", "exports", "issuing", "weekly", "conclusions", "followup"},
    ),
    ("backups", {"agenda", "meetings", "programme", "access", "exports", "issuing"}),
    (
        "workspace",
        {"agenda", "meetings", "programme", "access", "exports", "issuing", "weekly", "conclusions", "ballots"},
    ),
]
#: jobs (the outbox, built files, the job helpers) imports no app, and every app may import it.
LAYERS = [("jobs", set())] + [(name, allowed | {"jobs"}) for name, allowed in LAYERS]
PROJECT = "ubnd_schedule"
#: The project package's wiring may import any app; its other modules (middleware, mail, logging) none.
WIRING = {"settings.py", "urls.py", "wsgi.py", "asgi.py"}
#: Where Django expects a function-local import: an AppConfig.ready() connecting the app's own signals.
READY_MODULES = {"apps.py"}
MAX_LINES = 500


def app_modules():
    for app in [name for name, _allowed in LAYERS] + [PROJECT]:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def imported_apps(path):
    """(app imported, line, whether inside a function) for each import of an app of the house in ``path``."""
    known = {name for name, _allowed in LAYERS} | {PROJECT}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    local = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in known:
                yield top, node.lineno, id(node) in local


def test_every_app_imports_only_the_layers_below_it():
    allowed = dict(LAYERS)
    allowed[PROJECT] = set()
    wrong = []
    for app, path in app_modules():
        if app == PROJECT and path.name in WIRING:
            continue
        for imported, line, _local in imported_apps(path):
            if imported != app and imported not in allowed[app] and (imported != PROJECT or path.name in WIRING):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert wrong == []


def test_no_import_between_apps_hides_in_a_function():
    hidden = [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for app, path in app_modules()
        if path.name not in READY_MODULES
        for imported, line, local in imported_apps(path)
        if local and imported != app
    ]
    assert hidden == []


def test_no_module_of_the_apps_is_longer_than_a_newcomer_reads():
    long = [
        f"{path.relative_to(ROOT)} ({lines})"
        for _app, path in app_modules()
        if (lines := path.read_text(encoding="utf-8").count("\n") + 1) > MAX_LINES
    ]
    assert long == []


def test_the_layers_name_every_app_of_the_project():
    packages = {path.parent.name for path in ROOT.glob("*/apps.py") if path.parent.name not in {"tests", "bench"}}
    assert packages == {name for name, _allowed in LAYERS}
