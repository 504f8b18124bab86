"""The accessibility check itself: it must fail on a page with a serious problem."""

import pytest

from tests.browser.axe import assert_accessible, axe_violations


def test_assert_accessible_reports_serious_violations(page):
    page.set_content(
        '<html lang="en"><head><title>Broken</title></head><body><main>'
        '<img src="data:,"><input type="text">'
        '<p style="color:#bbb;background:#fff">Pale text</p></main></body></html>'
    )
    ids = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "label", "color-contrast"} <= ids

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page, "broken page")
    message = str(failure.value)
    assert "image-alt" in message and "img" in message
    assert "broken page" in message
