"""Another process of the hub, for tests: it signs an officer in and reads the catalogue on request.

Run as ``python -m tests.tools_catalog.catalogue_process <officer id>`` with the test database in
``DATABASE_URL`` and the test run's Redis in ``REDIS_URL``. Each line it reads is a catalogue query
string; it answers one line of JSON: the status, the tools listed and the facet panel's counts,
read from the page's HTML as an officer would read them.
"""

import json
import os
import re
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from hub.models import User
    from tests.factories import login_verified

    setup_test_environment()
    client = login_verified(Client(), User.objects.get(pk=int(sys.argv[1])))
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        response = client.get(f"/tools/?{line.strip()}")
        html = response.content.decode()
        counts: dict[str, dict[str, int]] = {}
        for param, value, count in re.findall(
            r'<input type="checkbox" name="([a-z]+)" value="([^"]+)"[^>]*>\s*<span>[^<]*'
            r"<small>\((\d+)\)</small>",
            html,
        ):
            counts.setdefault(param, {})[value] = int(count)
        names = re.findall(r'<h2[^>]*>\s*<a href="/tools/[^"]+/">([^<]+)</a>', html)
        print(json.dumps({"status": response.status_code, "names": names, "counts": counts}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
