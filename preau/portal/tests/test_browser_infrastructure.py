"""The browser test plugin itself: axe and the CSP watcher really catch problems."""

import pytest

from preau.core.testing.browser import format_violations, run_axe

BROKEN_PAGE = '<html><body><img src="photo.png"><a href="/x"></a></body></html>'


@pytest.mark.browser
def test_axe_reports_violations_of_a_broken_page(page):
    page.set_content(BROKEN_PAGE)

    rules = {violation["id"] for violation in run_axe(page)}

    assert {"html-has-lang", "image-alt", "link-name"} <= rules


@pytest.mark.browser
def test_axe_fixture_fails_with_a_readable_report(page, axe):
    page.set_content(BROKEN_PAGE)

    with pytest.raises(pytest.fail.Exception) as failure:
        axe(page)

    assert "image-alt" in str(failure.value)
    assert "cible" in str(failure.value)


def test_format_violations_lists_rule_impact_and_target():
    report = format_violations(
        [
            {
                "id": "color-contrast",
                "impact": "serious",
                "help": "Elements must meet minimum color contrast ratio thresholds",
                "helpUrl": "https://dequeuniversity.com/rules/axe/4.10/color-contrast",
                "nodes": [{"target": [".tile__badge"], "html": "<span>", "failureSummary": "x"}],
            }
        ]
    )

    assert "color-contrast (serious)" in report
    assert '".tile__badge"' in report


@pytest.mark.browser
def test_strict_page_records_csp_violations(strict_page):
    url = "http://preau.invalid/"
    strict_page.route(
        url,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'"},
            body="<html lang='fr'><body><script>document.title = 'x'</script></body></html>",
        ),
    )

    strict_page.goto(url)

    assert strict_page.title() != "x"
    assert strict_page.csp_violations
