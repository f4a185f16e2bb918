#!/usr/bin/env python3
"""Regenerates the "Step types" section of docs/cleaning.md from the step registry.

Usage: docs/tools/make_step_reference.py build/app/microseg-cli
The registry (`microseg-cli clean --list-steps --json`) is the single source of each step's
title, description and parameters, so the document cannot drift from the code.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.join(HERE, "..", "cleaning.md")
START, END = "## Step types\n", "## Notes on conversions\n"


def column_rule(step):
    low, high = step["min_columns"], step["max_columns"]
    if high == 0:
        return "No columns."
    if high < 0:
        return "Columns: any number (none = all columns)." if low == 0 else f"Columns: {low} or more."
    return f"Columns: {low}." if low == high else f"Columns: {low} to {high}."


def render(steps):
    out = [START, "\n", "Generated from `microseg-cli clean --list-steps --json` by ",
           "`docs/tools/make_step_reference.py`.\n", "\n"]
    for step in steps:
        out.append(f"### `{step['type']}` — {step['title']} ({step['category']})\n\n")
        out.append(step["description"] + "\n\n" + column_rule(step) + "\n\n")
        if not step["params"]:
            out.append("No parameters.\n\n")
            continue
        out.append("| parameter | kind | default | meaning |\n|---|---|---|---|\n")
        for p in step["params"]:
            kind = p["kind"] + (": " + ", ".join(p["choices"]) if p["choices"] else "")
            default = "required" if p["required"] else (f"`{p['default']}`" if p["default"] else "—")
            out.append(f"| `{p['name']}` | {kind} | {default} | {p['description']} |\n")
        out.append("\n")
    return "".join(out)


def main():
    cli = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        ws = os.path.join(tmp, "steps.microseg")
        # --list-steps needs a workspace; an empty one is enough.
        csv = os.path.join(tmp, "one.csv")
        with open(csv, "w") as f:
            f.write("a\n1\n")
        subprocess.run([cli, "import", csv, "-w", ws], check=True, capture_output=True)
        listing = subprocess.run([cli, "clean", "-w", ws, "--list-steps", "--json"], check=True,
                                 capture_output=True, text=True).stdout
    steps = sorted(json.loads(listing), key=lambda s: (s["category"], s["type"]))
    doc = open(DOC, encoding="utf-8").read()
    head, rest = doc.split(START, 1)
    tail = rest[rest.index(END):]
    with open(DOC, "w", encoding="utf-8") as f:
        f.write(head + render(steps) + tail)


if __name__ == "__main__":
    main()
