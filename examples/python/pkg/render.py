from . import escape


def render(title: str, data: str) -> str:
    return f"<h1>{escape.html(title)}</h1><pre>{escape.html(data)}</pre>"
