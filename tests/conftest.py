"""Shared fixtures: TensorFlow, imported once, quietly."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def tf():
    """The tensorflow module, via the companion's quiet importer."""
    from companion.tf_support import import_tensorflow

    return import_tensorflow()
