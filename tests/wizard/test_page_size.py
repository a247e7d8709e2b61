"""The wizard's result page and a reopened shortlist stay under 40 KB of HTML with a full page of
twenty tools (the benchmark's own answers and data, uncompressed), for an officer on a slow link."""

import pytest

from benchmarks import data, wizard
from benchmarks.registry import scenarios, signed_in_context
from tools_catalog.selectors import catalogue_changed
from wizard.selectors import PAGE_SIZE

MAX_BYTES = 40 * 1024
PAGES = scenarios([wizard.SUITE])


@pytest.mark.django_db
def test_a_full_page_of_results_or_of_a_shortlist_is_at_most_40_kb():
    data.build(data.Sizes(tools=600, providers=20, officers=6, feedback=10))
    catalogue_changed()
    ctx = signed_in_context(data.login_officer())

    sizes = {}
    for page in PAGES:
        for i in range(4):
            response = ctx.client.get(page.prepare(ctx, i))
            assert response.status_code == 200
            html = response.content.decode()
            sizes[page.name, i] = (len(response.content), html.count('<article class="tool-card'))

    full = {key: size for key, (size, cards) in sizes.items() if cards == PAGE_SIZE}
    assert {name for name, _i in full} == {"wizard_results", "shortlist_reopen"}, sizes
    assert max(size for size, _cards in sizes.values()) <= MAX_BYTES, sizes
