"""Fixtures shared by the test modules."""

import pytest
from django.core.management import call_command

# The regions of the demo stories; enough for most tests, far faster than all 91,599.
DEMO_REGION_CODES = ["33.12.21", "35.20.05", "33.06.09", "35.24.03", "35.79.03", "35.07.32",
                     "35.29.04", "35.77.02", "35.78.12", "76.05"]


@pytest.fixture
def demo_regions(db):
    """The real Kemendagri regions around the demo stories (Jatipurno, Kawedanan, ...)."""
    call_command("import_regions", only=DEMO_REGION_CODES, stdout=open("/dev/null", "w"))
