"""Import: files become rows; re-imports keep what people edited; failures leave nothing."""
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from resolutions.models import Footnote, Paragraph, Resolution, Section, Series
from tracker.models import Evidence, Note, Obligation, ObligationChange
from tracker.obligations.history import apply_edit
from tracker.obligations.importing import ImportFailed, import_file, import_text

from .conftest import council_text, need_service, resolution_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
pytestmark = pytest.mark.django_db
REQUEST = "1. Requests the Secretary-General to submit to the General Assembly at its seventy-first session a report."
ANSWER = "1. Takes note of the report of the Secretary-General,1 and requests the Secretary-General to report again;"


def counts():
    return {model.__name__: model.objects.count()
            for model in (Resolution, Paragraph, Footnote, Section, Obligation, Series, Evidence)}


def obligation_facts(resolution):
    return sorted(
        (o.label, o.verb, tuple(sorted(a.name for a in o.addressees.all())), o.kind, o.due_date)
        for o in resolution.obligations.all()
    )


def test_ingest_twice_leaves_the_same_rows(capsys):
    call_command("ingest", str(SEEDS), "--quiet")
    first = counts()
    assert first["Resolution"] == len(list(SEEDS.iterdir()))
    assert first["Obligation"] > 0
    call_command("ingest", str(SEEDS), "--quiet")
    assert counts() == first
    out = capsys.readouterr().out
    assert "unchanged" in out and "re-imported" not in out  # the second run changed nothing, and says so


def test_staff_edits_survive_reimport(django_user_model):
    seed = sorted(SEEDS.iterdir())[0]
    import_file(seed)
    staff = django_user_model.objects.create_user("desk-officer")
    obligation = Obligation.objects.filter(kind="report").first()
    apply_edit(obligation, staff, ObligationChange.Source.STAFF, owner=staff, status=Obligation.Status.IN_PROGRESS,
               due_date=date(2031, 1, 15))
    Note.objects.create(obligation=obligation, author=staff, text="Draft with the capital.")
    import_file(seed)
    import_file(seed)
    obligation.refresh_from_db()
    assert (obligation.owner, obligation.status, obligation.due_date) == (staff, Obligation.Status.IN_PROGRESS, date(2031, 1, 15))
    assert [n.text for n in obligation.thread.all()] == ["Draft with the capital."]
    assert set(obligation.edited_fields) >= {"owner", "status", "due_date"}
    fields = set(obligation.changes.filter(source="staff").values_list("field", flat=True))
    assert fields == {"owner", "status", "due_date", "due_precision"}  # a set date is a day


def test_disappeared_paragraph_withdraws_its_obligations_and_its_return_reopens_them():
    body = "1. Urges States to act;\n2. Requests the Secretary-General to report at its seventy-first session."
    import_text(resolution_text(body))
    shorter = resolution_text("1. Urges States to act;")
    result = import_text(shorter)
    assert result.withdrawn == 1
    request = Obligation.objects.get(label="2")
    assert request.status == Obligation.Status.WITHDRAWN
    assert request.paragraph is None
    assert request.changes.filter(field="status", new="withdrawn", source="import").exists()
    import_text(resolution_text(body))
    request.refresh_from_db()
    assert request.status == Obligation.Status.OPEN
    assert request.paragraph.text.startswith("Requests the Secretary-General")


def make_pdf(text: str, path: Path, symbol: str) -> None:
    """A PDF as the Assembly prints one: running head, job number and page at the foot."""
    from fpdf import FPDF

    class Page(FPDF):
        def header(self):
            self.set_font("helvetica", size=8)
            self.cell(0, 5, symbol, new_x="LMARGIN", new_y="NEXT")

        def footer(self):
            self.set_y(-12)
            self.set_font("helvetica", size=8)
            self.cell(0, 5, f"08-48180 {self.page_no()}/12")

    pdf = Page()
    pdf.add_page()
    pdf.set_font("helvetica", size=9)
    latin = text.translate(str.maketrans({"“": '"', "”": '"', "–": "-", "’": "'", "‘": "'"}))
    for line in latin.replace("\t", "    ").split("\n"):
        pdf.cell(0, 4.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def make_docx(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line.strip())
    document.save(str(path))


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.iterdir()))
def test_pdf_and_word_files_of_a_seed_import_to_the_same_obligations(tmp_path, seed):
    text = (SEEDS / seed).read_text()
    expected = obligation_facts(Resolution.objects.get(symbol=import_file(SEEDS / seed).symbol))
    Resolution.objects.all().delete()
    symbol = import_file(SEEDS / seed).symbol
    Resolution.objects.all().delete()

    pdf = tmp_path / (Path(seed).stem + ".pdf")
    make_pdf(text, pdf, symbol)
    assert obligation_facts(Resolution.objects.get(symbol=import_file(pdf).symbol)) == expected
    Resolution.objects.all().delete()

    word = tmp_path / (Path(seed).stem + ".docx")
    make_docx(text, word)
    assert obligation_facts(Resolution.objects.get(symbol=import_file(word).symbol)) == expected


def test_a_failing_file_in_a_batch_leaves_the_others_stored(tmp_path, capsys):
    name, reason = "memo.txt", "does not read as a resolution"
    good = tmp_path / "good.txt"
    good.write_text(resolution_text("1. Urges States to act;"))
    bad = tmp_path / name
    bad.write_bytes(b"Dear colleagues,\nthe meeting is postponed.\n")
    with pytest.raises(CommandError, match="1 of 2 files failed"):
        call_command("ingest", str(good), str(bad), "--quiet")
    err = capsys.readouterr().err
    assert name in err and reason in err
    assert Resolution.objects.count() == 1  # the good file only


def test_an_error_midway_rolls_the_whole_document_back(monkeypatch):
    from tracker.obligations import importing as importer

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "_store_obligations", broken)
    with pytest.raises(RuntimeError):
        import_text(resolution_text("Recalling its resolutions,\n1. Urges States to act;"))
    assert counts() == dict.fromkeys(counts(), 0)


def test_series_by_title_and_by_recalled_resolution():
    import_text(resolution_text("1. Urges States to act;", symbol="70/10", title="Oceans and the law of the sea"))
    import_text(resolution_text("1. Urges States to act;", symbol="71/10", title="Oceans and the Law of the Sea"))
    import_text(resolution_text(
        "Recalling its resolution 71/10 of 5 December 2016,\n1. Urges States to act;",
        symbol="72/10", title="Oceans, the law of the sea and sustainable fisheries",
    ))
    series = Series.objects.get()
    assert list(series.resolutions.order_by("session").values_list("symbol", flat=True)) == [
        "A/RES/70/10", "A/RES/71/10", "A/RES/72/10",
    ]




def test_a_report_taken_note_of_fulfils_the_earlier_request():
    import_text(resolution_text(REQUEST, symbol="70/20", title="Road safety"))
    import_text(resolution_text(ANSWER, symbol="71/20", title="Road safety", adopted="15 December 2016") + "1 A/71/333.\n")
    request = Obligation.objects.get(resolution__symbol="A/RES/70/20")
    assert request.status == Obligation.Status.DONE
    evidence = request.evidence.get()
    assert evidence.symbol == "A/71/333"
    assert evidence.url == "https://undocs.org/en/A/71/333"
    assert evidence.noted_in.symbol == "A/RES/71/20"
    assert request.changes.filter(field="answered_by", new="A/71/333").exists()  # "Answered by A/71/333"


def test_evidence_without_the_earlier_resolution_is_kept_against_the_series():
    import_text(resolution_text(ANSWER, symbol="71/20", title="Road safety", adopted="15 December 2016") + "1 A/71/333.\n")
    evidence = Evidence.objects.get()
    assert (evidence.symbol, evidence.obligation, evidence.series.title) == ("A/71/333", None, "Road safety")
    # When the earlier resolution arrives later, the evidence moves to its request.
    import_text(resolution_text(REQUEST, symbol="70/20", title="Road safety"))
    assert Evidence.objects.get().obligation.resolution.symbol == "A/RES/70/20"


def test_report_request_past_its_session_without_evidence_is_overdue():
    import_text(resolution_text(REQUEST, symbol="70/20", title="Road safety"))
    request = Obligation.objects.get()
    assert request.due_date == date(2016, 9, 13)
    assert list(Obligation.objects.overdue(today=date(2016, 9, 14))) == [request]
    assert not Obligation.objects.overdue(today=date(2016, 9, 12)).exists()
    assert request.is_overdue(today=date(2016, 9, 14))


def test_corrected_session_date_is_used_by_the_next_import():
    from resolutions.models import SessionCalendar

    import_text(resolution_text(REQUEST))
    row = SessionCalendar.objects.get(body="general-assembly", number=71)
    assert row.source == "known"
    row.opens, row.source = date(2016, 9, 20), SessionCalendar.Source.CORRECTED
    row.save()
    import_text(resolution_text(REQUEST))
    assert Obligation.objects.get().due_date == date(2016, 9, 20)


def test_a_reimport_of_the_same_text_by_the_same_parser_is_not_read_again(monkeypatch):
    from resolutions.models import SessionCalendar
    from tracker.obligations import importing as importer

    text = resolution_text(REQUEST)
    import_text(text)

    def must_not_parse(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(importer, "parse_resolution", must_not_parse)
    assert import_text(text).summary == "unchanged"
    with pytest.raises(AssertionError, match="parsed again"):
        import_text(text.replace("report", "report in full"))  # another text is read
    row = SessionCalendar.objects.get(body="general-assembly", number=71)
    row.opens, row.source = date(2016, 9, 20), SessionCalendar.Source.CORRECTED
    row.save()
    with pytest.raises(AssertionError, match="parsed again"):
        import_text(text)  # a corrected session date may move its deadlines: read again



def test_files_read_ahead_by_a_worker_import_as_one_by_one(tmp_path):
    """The worker that reads and parses the next files changes nothing of what is stored, nor
    of what a failing file reports, nor of a second run, which finds every text unchanged."""
    from tracker.obligations.importing import import_files

    for seed in SEEDS.iterdir():
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "b-own.txt").write_text(resolution_text(
        "1. Requests the Secretary-General to report at its seventy-second session;", symbol="70/200"))
    (tmp_path / "c-memo.txt").write_text("Dear colleagues,\nthe meeting is postponed.\n")
    (tmp_path / "d-empty.txt").write_bytes(b"")
    paths = sorted(tmp_path.iterdir())

    def run(ahead_from):
        outcome = {p.name: str(r) if isinstance(r, Exception) else r.summary
                   for p, r in import_files(paths, ahead_from=ahead_from)}
        return outcome, sorted(obligation_facts(r) for r in Resolution.objects.all())

    one_by_one = run(ahead_from=len(paths) + 1)
    Resolution.objects.all().delete()
    read_ahead = run(ahead_from=1)
    assert read_ahead == one_by_one
    outcome, _ = read_ahead
    assert "does not read as a resolution" in outcome["c-memo.txt"] and "empty" in outcome["d-empty.txt"]
    assert outcome["b-own.txt"] == "1 new"
    again, _ = run(ahead_from=1)
    assert {again[p.name] for p in paths if p.name not in ("c-memo.txt", "d-empty.txt")} == {"unchanged"}


def _read_ahead_worker():
    import multiprocessing

    return next(p for p in multiprocessing.active_children() if p.name == "read-ahead")


def test_the_worker_that_parses_ahead_yields_the_cores_to_the_import(tmp_path):
    """The importing process and its database take turns on each document: the worker that
    parses ahead runs at a lower priority, so that it fills the time between, not theirs.
    It is gone once the importer stops reading, even before the last file."""
    import os

    from resolutions.ahead import WORKER_NICENESS, prepared_in_order

    paths = []
    for number in range(3):
        paths.append(tmp_path / f"{number}.txt")
        paths[-1].write_text(resolution_text("1. Urges States to act;", symbol=f"70/{number + 100}"))
    reading = prepared_in_order(paths, {}, ahead_from=1)
    path, read = next(reading)
    assert (path, read.parsed.symbol) == (paths[0], "A/RES/70/100")
    worker = _read_ahead_worker()
    assert os.getpriority(os.PRIO_PROCESS, worker.pid) == min(19, os.nice(0) + WORKER_NICENESS)
    reading.close()
    assert not worker.is_alive()


def test_a_fault_of_the_worker_reading_ahead_stops_the_import_saying_why():
    """A fault of the reader or the parser (here a path that is no path) is not a file's
    failure: the import stops with the worker's traceback rather than going on without it."""
    from resolutions.ahead import ReadAheadFailed, prepared_in_order

    with pytest.raises(ReadAheadFailed, match="TypeError"):
        list(prepared_in_order([None, None], {}, ahead_from=1))


def test_an_import_whose_worker_reading_ahead_was_killed_stops_instead_of_waiting(tmp_path):
    import os
    import signal

    from resolutions.ahead import READ_AHEAD, ReadAheadFailed, prepared_in_order

    path = tmp_path / "res.txt"
    path.write_text(resolution_text("1. Urges States to act;"))
    reading = prepared_in_order([path] * (READ_AHEAD + 8), {}, ahead_from=1)
    next(reading)
    worker = _read_ahead_worker()
    os.kill(worker.pid, signal.SIGKILL)  # it waits with READ_AHEAD files read: the last ones never come
    with pytest.raises(ReadAheadFailed, match="stopped"):
        for _ in reading:
            pass


def test_a_stored_text_is_read_not_parsed(tmp_path):
    from resolutions.ahead import prepare
    from resolutions.documents import source_hash

    path = tmp_path / "res.txt"
    path.write_text(resolution_text("1. Urges States to act;"))
    assert prepare(path, {}).parsed.symbol == "A/RES/70/123"
    stored = prepare(path, {}, frozenset({source_hash(path.read_text())}))
    assert stored.parsed is None and stored.text == path.read_text()


def test_a_text_stored_when_the_import_began_and_gone_since_is_parsed_again():
    from resolutions.ahead import Prepared
    from tracker.obligations.importing import Lookups, _import_prepared, parsed_with

    text = resolution_text("1. Urges States to act;")
    result = _import_prepared(Prepared(text), "late.txt", None, Lookups({}), parsed_with({}))
    assert result.created and result.new == 1


def test_a_symbol_stored_after_the_bulk_import_began_is_updated_not_refused():
    """A bulk import inserts the symbols it did not find at its start without looking for
    them; one that another import stored meanwhile is stored again the usual way."""
    from resolutions.ahead import Prepared
    from tracker.obligations.importing import Lookups, _import_prepared, parsed_with

    lookups = Lookups({}, bulk=True)  # the import began on an empty database
    import_text(resolution_text("1. Urges States to act;"))  # another import, since
    changed = resolution_text("1. Urges States to act;\n2. Requests the Secretary-General to report;")
    result = _import_prepared(Prepared(changed), "late.txt", None, lookups, parsed_with({}))
    assert not result.created and (result.new, result.unchanged) == (1, 1)
    assert Resolution.objects.count() == 1 and Obligation.objects.count() == 2
    assert not lookups.not_yet_stored("A/RES/70/123")  # its next file of that symbol looks for it


@pytest.mark.django_db(transaction=True)
def test_a_bulk_import_reads_each_actor_once_and_keeps_nothing_of_a_document_that_failed(tmp_path, monkeypatch):
    """The actors a bulk import has read serve its next documents; one that a failed document
    made was rolled back with it, so they are read again, and the next document that names
    it makes it again."""
    from django.db import DataError, connection
    from django.test.utils import CaptureQueriesContext

    from tracker.obligations import importing as importer

    asks = "1. Requests the Secretary-General{} to report to it at its seventy-second session;"
    for n, also in ((1, ""), (2, " and the Working Group on Widgets"), (3, " and the Working Group on Widgets"),
                    (4, " and the Working Group on Widgets")):
        text = resolution_text(asks.format(also), symbol=f"70/20{n}", title=f"Widgets {n}")
        (tmp_path / f"{n}.txt").write_text(text)
    real_link = importer.link_evidence

    def refuse_the_second(series, imported, *rest):
        if imported.symbol.endswith("202"):
            raise DataError("refused")
        return real_link(series, imported, *rest)

    monkeypatch.setattr(importer, "link_evidence", refuse_the_second)
    outcome, actor_reads = {}, {}
    imports = importer.import_files(sorted(tmp_path.iterdir()), ahead_from=100)
    while True:
        with CaptureQueriesContext(connection) as queries:
            path, result = next(imports, (None, None))
        if path is None:
            break
        outcome[path.name] = "failed" if isinstance(result, Exception) else result.summary
        actor_reads[path.name] = sum(q["sql"].startswith('SELECT "resolutions_actor"') for q in queries)
    assert outcome == {"1.txt": "1 new", "2.txt": "failed", "3.txt": "1 new", "4.txt": "1 new"}
    for symbol in ("A/RES/70/203", "A/RES/70/204"):
        assert obligation_facts(Resolution.objects.get(symbol=symbol))[0][2] == (
            "Secretary-General", "Working Group on Widgets")
    # Read when the import began and again after the failure, never for a document.
    assert actor_reads == {"1.txt": 1, "2.txt": 1, "3.txt": 0, "4.txt": 0}


def test_a_bulk_import_lets_postgresql_see_the_rows_it_wrote(tmp_path, monkeypatch):
    """The planner of a database filled by one import knows its tables are no longer empty,
    so that the lookups of later documents (renewals, evidence) join by index, not row by row."""
    from django.db import connection

    from tracker.obligations import importing as importer

    if connection.vendor != "postgresql":
        need_service("PostgreSQL (planner statistics)")
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(resolution_text("1. Urges States to act;", symbol=f"70/{300 + i}"))

    def rows_seen():
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Obligation._meta.db_table])
            return cursor.fetchone()[0]

    before = rows_seen()
    list(importer.import_files(sorted(tmp_path.iterdir()), ahead_from=100))
    assert rows_seen() == before  # fewer documents than the first refresh: none
    monkeypatch.setattr(importer, "ANALYZE_FIRST_AT", 2)
    list(importer.import_files(sorted(tmp_path.iterdir()), ahead_from=100))
    assert rows_seen() == Obligation.objects.count() == 3


def test_rows_written_as_values_read_back_as_djangos_bulk_create_writes_them():
    """The paragraphs of a new resolution are written as rows of values, not objects: each
    gets its id, in order, and reads back as Django's bulk_create writes it, a column left
    out taking the model's default."""
    from django.db import DataError, connection, models, transaction

    texts = ["plain", "tab\there, \"quoted\" and back\\slash", "two\nlines, \\N and \\.", "é ü ‘curly’ — 中文", ""]

    def rows(symbol):
        resolution = Resolution.objects.create(symbol=symbol)
        return [(resolution.pk, "operative", str(i), "a" if i % 2 else "", text, i) for i, text in enumerate(texts)]

    def stored(ids):
        return list(Paragraph.objects.filter(pk__in=ids).order_by("pk").values_list(
            "kind", "number", "subparagraph", "text", "order", "footnote_markers", "section"))

    columns = ("resolution", "kind", "number", "subparagraph", "text", "order")  # no markers, no section
    made = models.QuerySet(Paragraph).bulk_create(
        [Paragraph(**{name + ("_id" if name == "resolution" else ""): v for name, v in zip(columns, row)})
         for row in rows("A/RES/70/997")])
    ids = Paragraph.objects.insert_rows(columns, rows("A/RES/70/996"))
    assert len(ids) == len(texts) and ids == sorted(ids)
    assert stored(ids) == stored([p.pk for p in made])
    assert [p.footnote_markers for p in Paragraph.objects.filter(pk__in=ids)] == [[]] * len(texts)
    with_markers = Paragraph.objects.insert_rows((*columns, "footnote_markers"),
                               [(*row, [[1, 4]]) for row in rows("A/RES/70/995")])
    assert all(p.footnote_markers == [[1, 4]] for p in Paragraph.objects.filter(pk__in=with_markers))
    if connection.vendor == "postgresql":  # by COPY: a value refused is Django's DataError, a failed file
        with pytest.raises(DataError), transaction.atomic():
            Paragraph.objects.insert_rows(columns, [(*rows("A/RES/70/994")[0][:4], "a\x00b", 1)])


def test_a_bulk_import_draws_the_ids_of_new_rows_a_block_at_a_time(tmp_path):
    """A bulk import draws ids for its paragraphs and obligations in blocks,
    one query a table rather than one a document; each obligation still points at a paragraph
    of its own document, and a row saved by other means afterwards gets an id of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.obligations.importing import import_files

    if connection.vendor != "postgresql":
        need_service("PostgreSQL (ids drawn from sequences)")
    for n in range(6):
        (tmp_path / f"{n}.txt").write_text(resolution_text(
            f"1. Requests the Secretary-General to report on topic {n} at its seventy-second session;\n"
            f"2. Invites Member States to consider topic {n};", symbol=f"70/{300 + n}"))
    with CaptureQueriesContext(connection) as queries:
        outcome = [r.summary for _, r in import_files(sorted(tmp_path.iterdir()), ahead_from=100)]
    assert outcome == ["2 new"] * 6
    drawn_from = [re.search(r"pg_get_serial_sequence\('(\w+)'", q["sql"]).group(1)
                  for q in queries.captured_queries if "nextval" in q["sql"]]
    assert sorted(drawn_from) == ["resolutions_paragraph", "tracker_obligation"]  # once each
    for obligation in Obligation.objects.select_related("paragraph"):
        assert obligation.paragraph.resolution_id == obligation.resolution_id
        assert obligation.paragraph.text.split("topic ")[1][0] == obligation.action.split("topic ")[1][0]
    taken = set(Paragraph.objects.values_list("pk", flat=True))
    later = Paragraph.objects.create(resolution=Resolution.objects.first(), kind="operative", order=9, text="later")
    assert later.pk not in taken


def test_a_bulk_import_knows_each_stored_resolutions_series_and_which_have_evidence_waiting(tmp_path):
    """A bulk import reads, when it begins, each stored symbol's series and which series have
    evidence waiting: a resolution that recalls one stored before it, or by it, joins its
    series; one that recalls only resolutions never imported takes its title's. Neither is
    looked for in the database, nor is waiting evidence, document by document."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.obligations.importing import import_files

    operative = "1. Requests the Secretary-General to report at its seventy-second session;"
    import_text(resolution_text(operative, symbol="70/309", title="Lakes"))  # stored before the import
    (tmp_path / "a.txt").write_text(resolution_text(operative, symbol="70/310", title="Oceans"))
    (tmp_path / "b.txt").write_text(resolution_text(
        "Recalling its resolution 70/310 of 17 December 2015,\n\n" + operative, symbol="70/311", title="Seas"))
    (tmp_path / "c.txt").write_text(resolution_text(
        "Recalling its resolution 69/999 of 17 December 2014,\n\n" + operative, symbol="70/312", title="Rivers"))
    (tmp_path / "d.txt").write_text(resolution_text(
        "Recalling its resolution 70/309 of 17 December 2015,\n\n" + operative, symbol="70/313", title="Ponds"))
    with CaptureQueriesContext(connection) as queries:
        outcome = [r.summary for _, r in import_files(sorted(tmp_path.iterdir()), ahead_from=100)]
    assert outcome == ["1 new"] * 4
    series = dict(Resolution.objects.values_list("symbol", "series__title"))
    assert series == {"A/RES/70/309": "Lakes", "A/RES/70/310": "Oceans", "A/RES/70/311": "Oceans",
                      "A/RES/70/312": "Rivers", "A/RES/70/313": "Lakes"}
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sql if '"resolutions_resolution"."symbol" IN' in q]
    assert len([q for q in sql if "tracker_evidence" in q]) == 1  # read once, when the import began


def test_evidence_a_bulk_import_leaves_waiting_is_linked_by_a_later_file_of_its_series(tmp_path):
    """A report noted before the resolution asking for it is stored waits against the series;
    a later file of the same import that asks for it takes it, though that file notes none."""
    from tracker.obligations.importing import import_files

    (tmp_path / "a.txt").write_text(
        resolution_text(ANSWER, symbol="71/20", title="Road safety", adopted="15 December 2016") + "1 A/71/333.\n")
    (tmp_path / "b.txt").write_text(resolution_text(REQUEST, symbol="70/20", title="Road safety"))
    outcome = [r.summary for _, r in import_files(sorted(tmp_path.iterdir()), ahead_from=100)]
    assert outcome == ["1 new"] * 2
    evidence = Evidence.objects.get()
    assert (evidence.symbol, evidence.obligation.resolution.symbol) == ("A/71/333", "A/RES/70/20")
    assert evidence.obligation.status == Obligation.Status.DONE


def test_a_bulk_import_reads_the_series_and_actors_once_and_makes_new_ones_straight_away(tmp_path):
    """A bulk import reads the stored series and actors once, at its start: those its documents
    name for the first time are inserted without being looked for, and serve the next ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from resolutions.models import Actor
    from tracker.obligations.importing import import_files

    asks = "1. Requests the Working Group on {} to report to it at its seventy-second session;"
    for i, n in enumerate(("Widgets", "Gadgets", "Widgets", "Gadgets")):
        (tmp_path / f"{i}.txt").write_text(resolution_text(asks.format(n), symbol=f"70/{400 + i}", title=f"Topic {n}"))
    with CaptureQueriesContext(connection) as queries:
        outcome = [r.summary for _, r in import_files(sorted(tmp_path.iterdir()), ahead_from=100)]
    assert outcome == ["1 new"] * 4
    reads = [q["sql"].split(" FROM ")[1].split()[0] for q in queries.captured_queries
             if q["sql"].startswith("SELECT") and " FROM " in q["sql"]]
    assert reads.count('"resolutions_series"') == reads.count('"resolutions_actor"') == 1
    for n in ("Widgets", "Gadgets"):
        series = Series.objects.get(title=f"Topic {n}")
        assert series.resolutions.count() == 2
        assert set(Obligation.objects.filter(resolution__series=series).values_list("addressees__name", flat=True)) == {
            f"Working Group on {n}"}
    assert Actor.objects.filter(name__startswith="Working Group on").count() == 2


def test_a_series_and_actor_made_after_the_bulk_import_began_are_found_not_made_twice():
    """A series or actor another import made while a bulk import ran is not one the bulk
    import knows: its insert is refused, and the document is stored again, looking them up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from resolutions.ahead import Prepared
    from resolutions.models import Actor
    from tracker.obligations.importing import Lookups, _import_prepared, parsed_with

    asks = "1. Requests the Working Group on Widgets to report to it at its seventy-second session;"
    lookups = Lookups({}, bulk=True)  # the import began on an empty database
    import_text(resolution_text(asks, symbol="70/500", title="Widgets"))  # another import, since
    result = _import_prepared(Prepared(resolution_text(asks, symbol="70/501", title="Widgets")), "late.txt", None,
                              lookups, parsed_with({}))
    assert result.created and result.new == 1
    assert Series.objects.count() == 1 and Series.objects.get().resolutions.count() == 2
    assert Actor.objects.filter(name="Working Group on Widgets").count() == 1
    later = resolution_text(asks.replace("Widgets", "Gadgets"), symbol="70/502", title="Widgets")
    with CaptureQueriesContext(connection) as queries:
        assert _import_prepared(Prepared(later), "later.txt", None, lookups, parsed_with({})).new == 1
    # The series were read again after the refusal: the next document knows its own.
    assert not [q for q in queries.captured_queries if '"resolutions_series"' in q["sql"]]
    assert Series.objects.count() == 1


def test_a_resolutions_text_is_compressed_by_lz4_on_postgresql():
    """The text is most of a resolution's row: LZ4 compresses it several times faster than
    PostgreSQL's default, and a stored text reads back whole."""
    from django.db import connection

    if connection.vendor != "postgresql":
        need_service("PostgreSQL (column compression)")
    text = resolution_text("1. Urges States to act;\n" + "2. Requests the Secretary-General to report;\n" * 200)
    import_text(text)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_column_compression(source_text) FROM resolutions_resolution")
        assert cursor.fetchone()[0] == "lz4"
    assert Resolution.objects.get().source_text == text


def test_a_bulk_import_passes_over_a_recalled_series_deleted_since_it_began():
    """A series deleted after a bulk import began is not given to a resolution that recalls
    a member of it: the next recalled resolution's series, else none, as a lookup would."""
    from resolutions.known import ImportCache

    import_text(resolution_text("1. Urges States to act;", symbol="70/30", title="Wetlands"))
    import_text(resolution_text("1. Urges States to act;", symbol="70/31", title="Deserts"))
    known = ImportCache({}, bulk=True)
    gone = Series.objects.get(title="Wetlands")
    known._series_by_id.pop(gone.pk)  # as a series made after the import last read them
    gone.delete()
    assert known.recalled_series(["A/RES/70/30", "A/RES/70/31"]).title == "Deserts"
    assert known.recalled_series(["A/RES/70/30"]) is None


def test_a_title_longer_than_its_column_is_cut_with_a_warning():
    result = import_text(resolution_text(REQUEST, title="A very long title " * 40))
    resolution = Resolution.objects.get(symbol=result.symbol)
    assert len(resolution.title) == 500
    assert any("title is longer than 500 characters" in w for w in resolution.warnings)


def test_a_document_the_database_refuses_fails_alone_and_named(monkeypatch):
    from django.db import DataError

    from tracker.obligations import importing as importer

    def refuse(*args, **kwargs):
        raise DataError("value too long for type character varying(10)")

    monkeypatch.setattr(importer, "_store_obligations", refuse)
    with pytest.raises(ImportFailed, match=r"res.txt: could not be stored \(value too long"):
        import_text(resolution_text(REQUEST), source_name="res.txt")
    assert not Resolution.objects.exists()


def test_a_reimport_that_changed_nothing_says_unchanged():
    import_text(council_text(2900, 2030, "30 April 2030", "1. Requests the Secretary-General to report;"))
    assert import_text(council_text(2900, 2030, "30 April 2030", "1. Requests the Secretary-General to report;")
                       ).summary == "unchanged"

