from django.shortcuts import render


def confirm_page(request, *, title, text, button, cancel_url, hidden=None):
    """The confirm step before anything irreversible (上报, 回退, 接收, 删除 …): a page that
    says what will happen, and a POST form carrying `hidden` (e.g. the step the user saw)
    with confirm=1. Every app's confirm steps render through here."""
    return render(
        request,
        "includes/confirm.html",
        {
            "confirm_title": title,
            "confirm_text": text,
            "confirm_button": button,
            "cancel_url": cancel_url,
            "hidden": hidden or {},
        },
    )
