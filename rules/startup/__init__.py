"""What the runtime does when it starts the Worker: code at module scope, syntax, module linking."""
