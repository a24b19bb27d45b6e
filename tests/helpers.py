import html


def page_text(response) -> str:
    """The response body with HTML entities decoded, to search for French messages."""
    return html.unescape(response.content.decode())
