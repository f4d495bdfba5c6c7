"""Helpers shared by the browser tests."""

import time

from playwright.sync_api import Error


def shows(page, *texts, timeout=10.0):
    """The page's HTML once it holds every one of ``texts``.

    A click that submits a form returns before the next document is there: reading
    ``page.content()`` straight after it may see the old page, an empty new one, or raise
    "page is navigating" (seen on CI as ``'' == content()`` after 投票). So wait and read again
    until the texts are there or ``timeout`` seconds have passed, then fail with what was seen."""
    deadline = time.monotonic() + timeout
    html = ""
    while True:
        try:
            page.wait_for_load_state()
            html = page.content()
        except Error:
            html = ""
        missing = [t for t in texts if t not in html]
        if not missing:
            return html
        if time.monotonic() > deadline:
            raise AssertionError(f"{page.url} does not show {missing!r}:\n{html[:3000]}")
        page.wait_for_timeout(100)
