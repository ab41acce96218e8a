"""Who changed what on an obligation: snapshots before and after, and the difference recorded."""
from ..models import Obligation, ObligationChange
from .recurrence import open_next_occurrence

TRACKED = (
    "status", "owner", "due_date", "due_precision", "internal_due", "addressees", "kind", "action", "verb",
    "verb_class", "due_text", "recurrence", "label", "mandate_of",
)


def snapshot(obligation) -> dict[str, str]:
    values = {}
    for field in TRACKED:
        if field == "addressees":
            values[field] = "; ".join(a.name for a in obligation.addressees.all()) if obligation.pk else ""
        elif field == "owner":
            values[field] = obligation.owner.get_username() if obligation.owner_id else ""
        else:
            value = getattr(obligation, field)
            values[field] = "" if value is None else str(value)
    return values


def record_changes(obligation, before: dict[str, str], user, source: str, mark_edited: bool) -> list[str]:
    """Write one history row per changed field; with mark_edited, imports will keep them."""
    after = snapshot(obligation)
    changed = [field for field in TRACKED if before.get(field, "") != after[field]]
    ObligationChange.objects.bulk_create([
        ObligationChange(obligation=obligation, user=user, field=field, old=before.get(field, ""),
                         new=after[field], source=source)
        for field in changed
    ])
    if mark_edited and changed:
        edited = sorted(set(obligation.edited_fields) | set(changed))
        if edited != obligation.edited_fields:
            obligation.edited_fields = edited
            obligation.save(update_fields=["edited_fields"])
    if "status" in changed and obligation.status == Obligation.Status.DONE:
        open_next_occurrence(obligation)
    return changed


def apply_edit(obligation, user, source: str, mark_edited: bool = True, **values) -> list[str]:
    """Change an obligation and record it; a person's change (mark_edited) is kept through re-imports."""
    before = snapshot(obligation)
    addressees = values.pop("addressees", None)
    if values.get("due_date") not in (None, obligation.due_date) and "due_precision" not in values:
        values["due_precision"] = "day"  # a date a person sets is a day
    if mark_edited and "due_date" in values and values["due_date"] != obligation.due_date:
        # A person's date, no longer the text's: not "at its sixty-fourth session" nor from its words.
        values.setdefault("due_session", None)
        values.setdefault("due_text", "")
    for name, value in values.items():
        setattr(obligation, name, value)
    obligation.save()
    if addressees is not None:
        obligation.addressees.set(addressees)
    return record_changes(obligation, before, user, source, mark_edited=mark_edited)


class StaleVersion(Exception):
    """Someone changed the obligation since the version the edit was made on."""

    def __init__(self, current):
        super().__init__("changed meanwhile")
        self.current = current


def apply_edit_if_current(pk: int, version: str, user, source: str, note: str = "", **values) -> list[str]:
    """The one way pages and the API change an obligation: under a row lock, only if it is
    still the version the person saw (else StaleVersion), recorded; a note joins the thread."""
    from django.db import transaction

    from ..models import Note

    with transaction.atomic():
        current = Obligation.objects.select_for_update().get(pk=pk)
        if version != current.version:
            raise StaleVersion(current)
        changed = apply_edit(current, user, source, **values)
        if note.strip():
            Note.objects.create(obligation=current, author=user, text=note.strip())
            changed.append("a note")
    return changed


def add_evidence(obligation, user, reference: str):
    """Name a document that answers the obligation, with who named it in its history; a
    reference named before is not added twice. The reference is cleaned first
    (Evidence.clean_reference): ValidationError where it is neither symbol nor address."""
    from django.db import transaction

    from ..models import Evidence

    reference = Evidence.clean_reference(reference)
    with transaction.atomic():
        evidence, created = Evidence.objects.get_or_create(symbol=reference, obligation=obligation,
                                                           defaults={"added_by": user})
        if created:
            ObligationChange.objects.create(obligation=obligation, user=user, field="evidence",
                                            new=evidence.symbol, source=ObligationChange.Source.STAFF)
    return evidence


def remove_evidence(evidence, user) -> None:
    """Take a document back from an obligation's evidence, with who did in its history: its
    reminders and overdue flag come back if nothing else answers it."""
    from django.db import transaction

    with transaction.atomic():
        ObligationChange.objects.create(obligation=evidence.obligation, user=user, field="evidence",
                                        old=evidence.symbol, source=ObligationChange.Source.STAFF)
        evidence.delete()


def add_label(obligation, user, name: str):
    """Tag the obligation with a label (made where new), with who did in its history."""
    from django.db import transaction

    from ..models import Label

    if not name.strip():
        return None
    with transaction.atomic():
        label = Label.named(name)
        if not obligation.labels.filter(pk=label.pk).exists():
            obligation.labels.add(label)
            ObligationChange.objects.create(obligation=obligation, user=user, field="labels", new=label.name,
                                            source=ObligationChange.Source.STAFF)
    return label


def remove_label(obligation, user, label) -> None:
    from django.db import transaction

    with transaction.atomic():
        obligation.labels.remove(label)
        ObligationChange.objects.create(obligation=obligation, user=user, field="labels", old=label.name,
                                        source=ObligationChange.Source.STAFF)

