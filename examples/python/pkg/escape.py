import html as _html


def html(text: str) -> str:
    return _html.escape(text)
