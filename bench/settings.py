"""Settings for the benchmarks: the portal's own, plus a bare page that marks the machine's ceiling."""

from inovasi_portal.settings import *  # noqa: F403
from inovasi_portal.settings import PAGE_CACHE_EXCLUDED_PATHS

ROOT_URLCONF = "bench.urls"
# The bare page must do its rendering on every request, or it would not be a ceiling to compare with.
PAGE_CACHE_EXCLUDED_PATHS = [*PAGE_CACHE_EXCLUDED_PATHS, "/_bench/"]
