"""python manage.py ingest PATH... [--symbol SYMBOL...]: import resolution files and folders, or symbols
fetched from the UN's document system, one transaction each; FILE --as-symbol SYMBOL reads a file whose
text prints no symbol as that one."""
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from resolutions.documents import files_in
from resolutions.fetching import NotYetIssued, clean_symbol
from resolutions.limits import ACCEPTED_WORDS
from resolutions.models import Resolution
from tracker.analysis import burden
from tracker.obligations.importing import ImportFailed, import_file, import_files, import_symbol


class Command(BaseCommand):
    help = (f"Import resolutions ({ACCEPTED_WORDS}; files or folders), or --symbol to fetch them from the UN's "
            "document system. Re-imports keep what staff edited.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*")
        parser.add_argument("--symbol", action="append", default=[], metavar="SYMBOL",
                            help="a symbol to fetch from the UN's document system (A/RES/80/4); may repeat")
        parser.add_argument("--as-symbol", default="", metavar="SYMBOL",
                            help="with one file: the symbol to read it as if its text prints none")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, paths, **options):
        """1. Import each file in its own transaction, the next ones read and parsed meanwhile.
        2. Refresh the series' cadences and the overlaps around what was imported, once for all.
        3. Report, and fail if any file failed."""
        if not paths and not options["symbol"]:
            raise CommandError("name files or folders to import, or --symbol A/RES/80/4")
        files = files_in(paths)
        if paths and not files:
            raise CommandError(f"no {ACCEPTED_WORDS} files found in " + ", ".join(paths))
        if options["as_symbol"]:
            return self.import_one_as(files, options["as_symbol"])
        results, failures = [], []
        for symbol in options["symbol"]:
            try:
                results.append(import_symbol(symbol))
            except NotYetIssued as exc:
                failures.append(f"{exc}: check the symbol")
            except ImportFailed as exc:
                failures.append(str(exc))
        show_bar = not options["quiet"] and len(files) > 1
        imported = import_files(files)
        for _path, result in tqdm(imported, total=len(files), desc="importing", unit=" documents",
                                  disable=not show_bar, file=sys.stderr):
            if isinstance(result, ImportFailed):
                failures.append(str(result))
            else:
                results.append(result)
        if results:
            burden.refresh(Resolution.objects.filter(symbol__in=[r.symbol for r in results]).values_list(
                "pk", flat=True))
        self.stdout.write(summary_table(results))
        for failure in failures:
            self.stderr.write(f"failed: {failure}")
        if failures:
            what = "files" if not options["symbol"] else "imports"
            raise CommandError(f"{len(failures)} of {len(files) + len(options['symbol'])} {what} failed; "
                               "nothing of them was stored")


    def import_one_as(self, files, symbol: str) -> None:
        """One file, read as the symbol given if its text prints none."""
        if len(files) != 1:
            raise CommandError("--as-symbol reads one file: name exactly one")
        try:
            symbol = clean_symbol(symbol)
            result = import_file(files[0], read_as=symbol)
        except ValueError as exc:
            raise CommandError(f"--as-symbol: {exc}") from None
        except ImportFailed as exc:
            raise CommandError(str(exc)) from None
        burden.refresh(Resolution.objects.filter(symbol=result.symbol).values_list("pk", flat=True))
        self.stdout.write(summary_table([result]))


def summary_table(results) -> str:
    header = ("symbol", "file", "", "paragraphs", "new", "updated", "unchanged", "withdrawn", "evidence", "renews")
    rows = [
        (r.symbol, r.source, "created" if r.created else r.summary if r.summary == "unchanged" else "re-imported",
         str(r.paragraphs), str(r.new), str(r.updated), str(r.unchanged), str(r.withdrawn), ", ".join(r.evidence) or "-", ", ".join(r.renewed) or "-")
        for r in results
    ]
    widths = [max(len(row[i]) for row in rows + [header]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header] + rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
