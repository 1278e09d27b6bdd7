"""bench/RESULTS.md: each benchmark replaces its own section and leaves the others."""
from __future__ import annotations

from pathlib import Path


def write_section(path: Path, heading: str, lines: list[str]) -> None:
    """Put `## heading` followed by lines into the file, replacing an older section of that heading."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    marker = f"## {heading}"
    start = text.find(marker)
    if start != -1:
        end = text.find("\n## ", start + len(marker))
        text = text[:start] + (text[end + 1:] if end != -1 else "")
    body = "\n".join([marker, "", *lines]).rstrip("\n")
    path.write_text(text.rstrip("\n") + "\n\n" + body + "\n", encoding="utf-8")
