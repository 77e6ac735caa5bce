#!/usr/bin/env python3
"""Checks that every relative link in the repository's Markdown files resolves to a file or
folder of the repository (and, for `file.md#anchor`, to a heading of that file).

    check_links.py <repo-root>

Prints each broken link as `file:line: link -> why` and exits 1 if there is any."""
import pathlib
import re
import sys

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|!\[[^\]]*\]\(([^)\s]+)\)")
SKIP_DIRS = {"node_modules", "build", ".git", "Testing"}


def anchors(path):
    """GitHub-style heading anchors of a Markdown file."""
    out = set()
    in_code = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not line.startswith("#"):
            continue
        text = line.lstrip("#").strip().lower()
        text = re.sub(r"[^\w\- ]", "", text)
        out.add(text.replace(" ", "-"))
    return out


def main():
    root = pathlib.Path(sys.argv[1]).resolve()
    broken = []
    files = [p for p in root.rglob("*.md") if not SKIP_DIRS.intersection(p.relative_to(root).parts)]
    for md in sorted(files):
        in_code = False
        for number, line in enumerate(md.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("```"):
                in_code = not in_code
            if in_code:
                continue
            for match in LINK.finditer(re.sub(r"`[^`]*`", "", line)):
                target = match.group(1) or match.group(2)
                if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                    continue  # URLs, mail links and same-page anchors
                path_part, _, anchor = target.partition("#")
                dest = (md.parent / path_part).resolve()
                if not dest.exists():
                    broken.append(f"{md.relative_to(root)}:{number}: {target} -> no such file")
                elif anchor and dest.suffix == ".md" and anchor.lower() not in anchors(dest):
                    broken.append(f"{md.relative_to(root)}:{number}: {target} -> no heading '{anchor}'")
    for b in broken:
        print(b)
    print(f"{len(files)} Markdown files checked, {len(broken)} broken links")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
