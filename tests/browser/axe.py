"""Run the vendored axe-core in a Playwright page without weakening the page's Content-Security-Policy.

The hub's policy allows no inline script, so ``page.add_script_tag(content=...)`` is refused by the
browser, and a context with ``bypass_csp=True`` would test a page that production never serves.
Instead the axe source is handed to ``page.evaluate``: Playwright delivers it through the Chrome
DevTools Protocol (``Runtime.callFunctionOn`` on its utility script), and Chromium does not hold code
evaluated on behalf of DevTools to the page's ``script-src``. axe then runs in the page's own window
while the policy stays in force for everything the page itself does; the browser tests check both
(an inline script is still refused, and the axe run itself causes no CSP violation).
"""

from functools import cache
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent / "vendor"
AXE_SOURCE = VENDOR_DIR / "axe.min.js"
AXE_VERSION = (VENDOR_DIR / "VERSION").read_text(encoding="utf-8").split()[1]

# WCAG 2.0, 2.1 and 2.2 at levels A and AA (2.2 added no new level-A rule to axe).
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

_RUN_AXE = """
async (tags) => {
  const results = await window.axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  const summarise = (rule) => ({
    id: rule.id,
    impact: rule.impact,
    help: rule.help,
    helpUrl: rule.helpUrl,
    nodes: rule.nodes.map((node) => ({target: node.target, summary: node.failureSummary})),
  });
  return {
    engine: results.testEngine,
    url: results.url,
    passes: results.passes.map((rule) => rule.id),
    incomplete: results.incomplete.map(summarise),
    violations: results.violations.map(summarise),
  };
}
"""


@cache
def _axe_source() -> str:
    # The trailing ``undefined`` keeps Playwright from serialising whatever the script returns.
    return AXE_SOURCE.read_text(encoding="utf-8") + "\n;undefined"


def inject_axe(page) -> None:
    """Load axe-core into ``page`` (once per document) and check that it really is there."""
    if not page.evaluate("() => typeof window.axe?.run === 'function'"):
        page.evaluate(_axe_source())
    version = page.evaluate("() => window.axe?.version")
    assert version == AXE_VERSION, f"axe-core did not load into {page.url} (got {version!r})"


def run_axe(page, tags: tuple[str, ...] = WCAG_TAGS) -> dict:
    """Run axe-core on the current document of ``page`` and return a summary of its results."""
    inject_axe(page)
    results = page.evaluate(_RUN_AXE, list(tags))
    assert results["engine"]["name"] == "axe-core", results["engine"]
    # A run in which no rule applied would report no violations and prove nothing.
    assert results["passes"], f"axe-core ran no rule on {page.url}"
    return results


def format_violations(violations: list[dict], *, max_targets: int = 3) -> str:
    lines = []
    for rule in violations:
        targets = [" ".join(node["target"]) for node in rule["nodes"]]
        shown = ", ".join(targets[:max_targets])
        more = f" (+{len(targets) - max_targets} more)" if len(targets) > max_targets else ""
        lines.append(
            f"- {rule['id']} [{rule['impact']}] {rule['help']}: {shown}{more}\n  {rule['helpUrl']}"
        )
        if rule["nodes"] and rule["nodes"][0]["summary"]:
            summary = rule["nodes"][0]["summary"].replace("\n", "\n    ")
            lines.append(f"    {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page, tags: tuple[str, ...] = WCAG_TAGS) -> dict:
    """Fail with a readable list if axe-core finds any WCAG 2.x A/AA violation on ``page``."""
    results = run_axe(page, tags)
    violations = results["violations"]
    assert not violations, (
        f"axe-core {AXE_VERSION} found {len(violations)} WCAG A/AA violation(s) on {page.url} "
        f"(lang={page.evaluate('() => document.documentElement.lang')!r}):\n"
        + format_violations(violations)
    )
    return results
