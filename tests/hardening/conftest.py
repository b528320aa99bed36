from tests.workspace.conftest import (  # noqa: F401 - fixtures of the editing page
    february,
    published_january,
    time_machine,
)
