from .core import double
