"""The five real stories of ../shared/data/seed_facts.json, read once."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings

SEED_FACTS = Path(settings.BASE_DIR).parent / "shared" / "data" / "seed_facts.json"


@cache
def seed_facts():
    return json.loads(SEED_FACTS.read_text(encoding="utf-8"))
