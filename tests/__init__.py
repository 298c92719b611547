"""The project's tests as a package, so that each op's system tests import as tests.st.<op>."""
