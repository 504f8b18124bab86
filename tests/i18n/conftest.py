"""The Welsh test catalogue (tests/i18n/catalogue.py) for the tests in this folder."""

from tests.i18n.catalogue import welsh  # noqa: F401
