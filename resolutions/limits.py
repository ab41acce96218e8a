"""What a resolution file may be: the types read and the largest size taken.

Kept free of imports so that settings, the file reader, the upload form and the
ingest command all take the same values from here.
"""
# The types a resolution comes in; other text-like suffixes are read as plain text.
ACCEPTED_SUFFIXES = (".txt", ".pdf", ".docx")
PLAIN_TEXT_SUFFIXES = (".txt", ".text", ".md", ".rtf", "")

MAX_FILE_BYTES = 20 * 1024 * 1024


def size_words(size: int) -> str:
    """'20 MB', '512 KB': a limit as people read it."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


ACCEPTED_WORDS = ", ".join(ACCEPTED_SUFFIXES[:-1]) + " or " + ACCEPTED_SUFFIXES[-1]
