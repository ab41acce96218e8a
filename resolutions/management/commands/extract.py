"""python manage.py extract PATH: a resolution's obligations as a table, or --json."""
import json

from django.core.management.base import BaseCommand, CommandError

from resolutions.documents import read_document
from resolutions.parsing import ParseError, parse_resolution, symbol_from_file_name


class Command(BaseCommand):
    help = "Parse a resolution file (.txt, .pdf, .docx) and print its obligations. Needs no database."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="print the object of CONTRACT.md")
        parser.add_argument("--symbol", default="", help="the symbol to read a text that prints none as "
                                                         "(else one its file's name gives: A_RES_42_211.txt)")

    def handle(self, path, **options):
        try:
            given = options["symbol"] or symbol_from_file_name(path)
            resolution = parse_resolution(read_document(path), symbol=given)
        except ParseError as exc:
            raise CommandError(f"{path}: {exc}") from None
        if options["json"]:
            self.stdout.write(json.dumps(resolution.as_contract(), indent=2, ensure_ascii=False))
            return
        self.stdout.write(format_table(resolution))


def format_table(resolution) -> str:
    head = f"{resolution.symbol or '(no symbol)'}  {resolution.title}"
    adopted = resolution.adopted.isoformat() if resolution.adopted else "date unknown"
    lines = [
        head,
        f"session {resolution.session or '?'}, adopted {adopted}; "
        f"{len(resolution.preambular)} preambular and {len(resolution.operative)} operative paragraphs; "
        f"{len(resolution.obligations)} obligations",
        "",
    ]
    columns = ("para", "verb", "addressees", "kind", "due", "action")
    rows = []
    for o in resolution.obligations:
        due = o.due.isoformat() if o.due else "-"
        if o.due and o.due_precision != "day":
            due += f" ({o.due_precision})"
        if o.recurrence:
            due += f" {o.recurrence}"
        action = o.action if len(o.action) <= 70 else o.action[:67] + "..."
        addressees = "; ".join(o.addressees)
        if len(addressees) > 60:
            addressees = addressees[:57] + "..."
        rows.append((o.paragraph, o.verb, addressees, o.kind, due, action))
    widths = [max(len(str(r[i])) for r in rows + [columns]) for i in range(len(columns) - 1)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths) + "  {}"
    lines.append(fmt.format(*columns))
    lines.append(fmt.format(*("-" * w for w in widths), "-" * 6))
    lines += [fmt.format(*row) for row in rows]
    if resolution.noted_reports:
        lines += ["", "Reports taken note of: " + ", ".join(resolution.noted_reports)]
    return "\n".join(lines)
