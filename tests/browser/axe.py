"""axe-core accessibility check for browser tests: `assert_accessible(page, label="sign up")`.

axe-core 4.x is vendored by `make test` into tests/browser/vendor/ (npm install axe-core@4).
The site's Content-Security-Policy (script-src 'self') blocks `page.add_script_tag`, which inlines
the script; instead the source is evaluated over the DevTools protocol, which CSP does not govern.
So browser contexts keep enforcing the real CSP: a page that needs an inline script fails its test.
"""

from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parent / "vendor" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}

_source = None


def _axe_source():
    global _source
    if _source is None:
        if not AXE_JS.exists():
            pytest.fail(
                f"{AXE_JS} is missing: run `make test`, or "
                "`npm install --prefix tests/browser/vendor axe-core@4`",
                pytrace=False,
            )
        _source = AXE_JS.read_text()
    return _source


def axe_violations(page):
    """All of axe's WCAG 2.x A/AA violations on the page as it is now."""
    page.wait_for_load_state()
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    return page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})
                      .then(results => results.violations)""",
        WCAG_TAGS,
    )


def assert_accessible(page, label=""):
    """Fail listing every 'serious' or 'critical' WCAG violation axe finds on the page."""
    serious = [v for v in axe_violations(page) if v.get("impact") in FAILING_IMPACTS]
    if not serious:
        return
    lines = [f"axe: {len(serious)} serious accessibility problem(s) on {label or page.url}:"]
    for violation in serious:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join(
                line.strip() for line in node.get("failureSummary", "").splitlines()[1:]
            )
            lines.append(f"    at {target}: {summary}")
    pytest.fail("\n".join(lines), pytrace=False)
