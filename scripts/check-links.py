#!/usr/bin/env python3
"""Checks that every relative link in README.md, CHANGELOG.md and docs/ names a file or folder
that exists (and, for a link to a heading of a Markdown file, that the heading exists).
Exit 1 with one line per broken link."""
import pathlib, re, sys

root = pathlib.Path(__file__).resolve().parent.parent
pages = [root / "README.md", root / "CHANGELOG.md", *sorted((root / "docs").rglob("*.md"))]
link = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
code = re.compile(r"```.*?```", re.S)


def anchors(page):
    """GitHub's anchors: headings lowercased, punctuation dropped, spaces as hyphens."""
    text = code.sub("", page.read_text(encoding="utf-8"))
    found = set()
    for heading in re.findall(r"^#+\s+(.*)$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug)
    return found


broken = []
for page in pages:
    if not page.exists():
        continue
    text = code.sub("", page.read_text(encoding="utf-8"))
    for target in link.findall(text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        if not resolved.exists():
            broken.append(f"{page.relative_to(root)}: {target}: no such file")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{page.relative_to(root)}: {target}: no such heading")
for line in broken:
    print(line)
sys.exit(1 if broken else 0)
