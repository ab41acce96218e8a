"""Two texts of a series side by side: paragraphs paired as unchanged, changed (the change
marked), new or dropped; a resolution against its predecessor, or a draft against the
resolution it follows."""
import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

SIMILAR = 0.6  # paragraphs this alike are "changed"; less alike, one dropped and one new


def compare(previous: list[tuple[str, str]], current: list[tuple[str, str]]) -> list[dict]:
    """Pair paragraphs of two resolutions: unchanged, changed, new or dropped, in reading order.

    Paragraphs are (label, text) and compared as word sequences: exact copies pair at
    once, the rest with the most alike unpaired paragraph, if alike enough. Each row
    keeps both labels, so a desk sees "OP 12 -> OP 14".
    """
    old_words = [text.split() for _, text in previous]
    exact = {}
    for i, (_, text) in enumerate(previous):
        exact.setdefault(text, []).append(i)
    rows, used = [], set()
    for label, text in current:
        same = [i for i in exact.get(text, []) if i not in used]
        if same:
            used.add(same[0])
            rows.append({"state": "unchanged", "old": text, "new": text, "diff": None,
                         "old_label": previous[same[0]][0], "new_label": label})
            continue
        words = text.split()
        best, best_ratio = None, 0.0
        for i, candidate in enumerate(old_words):
            if i in used:
                continue
            matcher = difflib.SequenceMatcher(None, candidate, words, autojunk=False)
            if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = i, ratio
        if best is not None and best_ratio >= SIMILAR:
            used.add(best)
            rows.append({"state": "changed", "old": previous[best][1], "new": text,
                         "diff": word_diff(previous[best][1], text), "old_label": previous[best][0],
                         "new_label": label})
        else:
            rows.append({"state": "new", "old": "", "new": text, "old_label": "", "new_label": label})
    rows += [{"state": "dropped", "old": old, "new": "", "old_label": label, "new_label": ""}
             for i, (label, old) in enumerate(previous) if i not in used]
    return rows


def word_diff(old: str, new: str) -> str:
    """New text with inserted words marked and deleted ones struck through."""
    a, b = re.findall(r"\S+", old), re.findall(r"\S+", new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
        if op == "equal":
            out.append(str(escape(" ".join(a[i1:i2]))))
    return mark_safe(" ".join(out))


def texts_of(resolution, kind: str) -> list[tuple[str, str]]:
    """(label, text) of the paragraphs compared: 'OP 12', 'OP 12(a)', 'PP 3'; the numbers are
    shown but not compared (they shift), the subparagraph letter is."""
    rows, preambular = [], 0
    for p in resolution.paragraphs.all():
        if p.kind != kind:
            continue
        if p.number:
            label = f"OP {p.label}"
        else:
            preambular += 1
            label = f"PP {preambular}"
        rows.append((label, (f"({p.subparagraph}) " if p.subparagraph else "") + p.text))
    return rows
