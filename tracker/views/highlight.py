"""The source paragraph with the clause's verb and addressees marked, safely escaped."""
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe


def highlight_clause(paragraph, obligation, addressees) -> str:
    text = paragraph.text
    clause = obligation.clause_text or ""
    start = text.find(clause[:40]) if clause else -1
    start, end = (start, start + len(clause)) if start >= 0 else (0, len(text))
    marks: list[tuple[int, int, str]] = []
    verb = re.escape(obligation.verb).replace(r"\ ", r"\s+")
    first_verb = re.search(rf"\b{verb}\b", text[start:end], re.I)
    if first_verb:
        marks.append((start + first_verb.start(), start + first_verb.end(), "verb"))
    names = set()
    for actor in addressees:
        names.update([actor.name, *actor.aliases])
        if actor.acronym:
            names.add(actor.acronym)
    for name in sorted(names, key=len, reverse=True):
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text[start:end], re.I):
            span = (start + match.start(), start + match.end())
            if not any(a < span[1] and span[0] < b for a, b, _ in marks):
                marks.append((*span, "addressee"))
    out, pos = [], 0
    for a, b, css in sorted(marks):
        out.append(escape(text[pos:a]))
        out.append(f'<mark class="{css}">{escape(text[a:b])}</mark>')
        pos = b
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))
