"""工作通知: the HTML the office's Trix editor produces, sanitised once, shown back as stored."""

import nh3

# What the 通知内容 editor (Trix) produces, plus plain formatting an office may paste in.
NOTICE_TAGS = {
    "p",
    "div",
    "br",
    "span",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "del",
    "h1",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
NOTICE_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def sanitise_notice(html):
    """Keep formatting, drop scripts, event handlers and javascript: links."""
    return nh3.clean(
        html or "",
        tags=NOTICE_TAGS,
        attributes=NOTICE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def notice_has_text(html):
    return bool(nh3.clean(html or "", tags=set()).replace("&nbsp;", "").strip())
