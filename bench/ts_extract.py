"""Reference extractor for bench/scanner.py: tree-sitter's JavaScript grammar (run in bench/.work/ts).

Reads file paths on stdin, prints one JSON line per file: static specifiers, dynamic
literal specifiers, and the number of top-level import/export statements.
"""

import json
import sys

import tree_sitter_javascript
from tree_sitter import Language, Parser

parser = Parser(Language(tree_sitter_javascript.language()))


def literal(node):
    if node is None:
        return None
    if node.type == "string":
        return "".join(c.text.decode("utf-8", "replace") for c in node.children if c.type == "string_fragment")
    if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.children):
        return "".join(c.text.decode("utf-8", "replace") for c in node.children if c.type == "string_fragment")
    return None


for path in sys.stdin.read().split("\n"):
    if not path:
        continue
    tree = parser.parse(open(path, "rb").read())
    static, dynamic, top = [], [], 0
    for child in tree.root_node.children:
        if child.type in ("import_statement", "export_statement"):
            top += 1
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type in ("import_statement", "export_statement"):
            spec = literal(node.child_by_field_name("source"))
            if spec is not None:
                static.append(spec)
        elif node.type == "call_expression" and node.child_by_field_name("function") is not None \
                and node.child_by_field_name("function").type == "import":
            args = node.child_by_field_name("arguments")
            first = args.named_children[0] if args is not None and args.named_children else None
            spec = literal(first)
            if spec is not None:
                dynamic.append(spec)
        stack.extend(node.children)
    print(json.dumps({"path": path, "static": sorted(static), "dynamic": sorted(dynamic), "top": top,
                      "error": tree.root_node.has_error}))
