"""A resolution's symbol read from the name of its file, for texts that print none.

Old printed volumes and some recent files carry no symbol in their text, but their files
are often named for it: "A_RES_42_211.txt", "A_HRC_RES_26_9.docx", "S_RES_2752(2024).pdf".
"""
from __future__ import annotations

import re
from pathlib import PurePath

# "A_RES_42_211", "A_HRC_RES_26_9", "E_RES_2023_5", "A_RES_S-19_2", "A_RES_2099(XX)", "S_RES_2752(2024)"
FILE_SYMBOL_RE = re.compile(
    r"^(?P<organ>A_HRC|A|E|S)_RES_"
    r"(?P<number>(?:(?:S|ES)-\d{1,2}_)?\d{1,4}(?:_\d{1,4})?)"
    r"(?:\s*\((?P<year_or_session>\d{4}|[IVXLC]{1,8})\))?$"
)


def symbol_from_file_name(name: str) -> str:
    """'A_HRC_RES_26_9.docx' -> 'A/HRC/RES/26/9'; '' where the name is shaped like no symbol."""
    match = FILE_SYMBOL_RE.match(PurePath(name).stem.strip())
    if not match:
        return ""
    symbol = f"{match.group('organ').replace('_', '/')}/RES/{match.group('number').replace('_', '/')}"
    if match.group("year_or_session"):
        symbol += f" ({match.group('year_or_session')})"
    return symbol
