"""What a resolution file may be: the types read and the largest size taken.

Kept free of imports so that settings, the file reader, the upload form and the
ingest command all take the same values from here.
"""
# The types a resolution comes in; other text-like suffixes are read as plain text.
ACCEPTED_SUFFIXES = (".txt", ".pdf", ".docx")
PLAIN_TEXT_SUFFIXES = (".txt", ".text", ".md", ".rtf", "")

MAX_FILE_BYTES = 20 * 1024 * 1024

# A Word file is a zip: what it may unpack to before python-docx reads it (a 74 KB file can
# hold 50 MB of XML). A resolution's document.xml is a few MB at most.
MAX_ZIP_MEMBERS = 500
MAX_ZIP_MEMBER_BYTES = 30 * 1024 * 1024
MAX_ZIP_TOTAL_BYTES = 60 * 1024 * 1024


def size_words(size: int) -> str:
    """'20 MB', '512 KB': a limit as people read it."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


ACCEPTED_WORDS = ", ".join(ACCEPTED_SUFFIXES[:-1]) + " or " + ACCEPTED_SUFFIXES[-1]
