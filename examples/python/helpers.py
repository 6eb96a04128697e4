def greeting(path: str) -> str:
    return f"Hello from {path}"
