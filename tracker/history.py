"""Who changed what on an obligation: snapshots before and after, and the difference recorded."""
from .models import Obligation, ObligationChange
from .recurrence import open_next_occurrence

TRACKED = (
    "status", "owner", "due_date", "due_precision", "addressees", "kind", "action", "verb",
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
    if "status" in changed and obligation.status == Obligation.DONE:
        open_next_occurrence(obligation)
    return changed


def apply_edit(obligation, user, source: str, mark_edited: bool = True, **values) -> list[str]:
    """Change an obligation and record it; a person's change (mark_edited) is kept through re-imports."""
    before = snapshot(obligation)
    addressees = values.pop("addressees", None)
    if values.get("due_date") not in (None, obligation.due_date) and "due_precision" not in values:
        values["due_precision"] = "day"  # a date a person sets is a day
    for name, value in values.items():
        setattr(obligation, name, value)
    obligation.save()
    if addressees is not None:
        obligation.addressees.set(addressees)
    return record_changes(obligation, before, user, source, mark_edited=mark_edited)
