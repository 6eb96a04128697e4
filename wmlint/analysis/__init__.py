"""What wmlint knows about the platform, independent of any rule: the JavaScript scanner,
the compatibility-flag table, the `_redirects`/`_headers` grammars, credential detectors and
did-you-mean suggestions. Imports only the model."""
