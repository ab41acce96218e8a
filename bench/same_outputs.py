"""Whether the parser's outputs are unchanged: `extract --json` of every corpus file and seed.

    python -m bench.same_outputs save var/outputs-before   # before a change
    python -m bench.same_outputs check var/outputs-before  # after it: the files that differ

Each file's object (or its refusal, as the command prints it) is kept as one JSON file; a
check prints each file whose object differs, its first differing key, and the count.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DEBUG", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.getenv("BENCH_CORPUS", ROOT.parent / "shared" / "corpus"))


def documents() -> list[Path]:
    return sorted(CORPUS.glob("*/*.txt")) + sorted((ROOT / "seeds").iterdir())


def output_of(path: Path) -> dict:
    from resolutions.documents import read_document
    from resolutions.parsing import ParseError, parse_resolution

    try:
        return parse_resolution(read_document(path)).as_contract()
    except ParseError as exc:
        return {"refused": str(exc)}


def name_of(path: Path) -> str:
    return f"{path.parent.name}__{path.name}.json"


def save(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    paths = documents()
    for path in paths:
        (folder / name_of(path)).write_text(json.dumps(output_of(path), indent=1, ensure_ascii=False, default=str))
    return len(paths)


def first_difference(before: dict, after: dict) -> str:
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            return key
    return ""


def check(folder: Path) -> int:
    paths = documents()
    differing = 0
    for path in paths:
        saved = folder / name_of(path)
        before = json.loads(saved.read_text()) if saved.exists() else {}
        after = json.loads(json.dumps(output_of(path), ensure_ascii=False, default=str))
        if before != after:
            differing += 1
            print(f"{path.relative_to(path.parent.parent)}: differs at {first_difference(before, after)!r}")
    print(f"{len(paths) - differing} of {len(paths)} outputs identical")
    return differing


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("save", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    django.setup()
    folder = Path(argv[1])
    if argv[0] == "save":
        print(f"{save(folder)} outputs saved in {folder}")
        return 0
    return 1 if check(folder) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
