from joinedup.decisions.tests.fixtures import child, managers, reasons, wnb_child  # noqa: F401
