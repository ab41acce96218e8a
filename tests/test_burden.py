"""The reporting burden: cadence read from a series' history, open-ended requests, overlaps, the page."""
import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from resolutions.parsing import parse_resolution
from resolutions.parsing.reviews import is_review_clause
from tracker.analysis import burden
from tracker.analysis.cadence import latest_run
from tracker.obligations.importing import import_text
from tracker.models import Obligation, OverlapPair
from tracker.analysis.overlap import similar_pairs, subject

from .conftest import resolution_text

ORDINAL = {65: "sixty-fifth", 67: "sixty-seventh", 69: "sixty-ninth", 71: "seventy-first", 73: "seventy-third"}


@pytest.mark.parametrize("text, reviews", [
    ("Decides to review the mandate of the Special Rapporteur at its seventieth session;", True),
    ("Further decides to review the implementation of this resolution three years after its adoption;", True),
    ("Decides that the arrangements set out above shall be reviewed in five years;", True),
    ("Decides that the mandate shall expire on 31 December 2027;", True),
    ("Decides to terminate the measures imposed by paragraph 2 once the conditions are met;", True),
    ("Agrees to include a sunset clause in the arrangements for the Fund;", True),
    ("Decides to undertake a comprehensive review of the reporting requirements;", True),
    ("Takes note of the report entitled “Review of the functioning of the system”;", False),
    ("Notes the reference to sunset provisions in the report;", False),
    ("Requests the Secretary-General to review the staffing of the Office and to report thereon;", False),
    ("Decides to continue its consideration of the question at its seventieth session;", False),
])
def test_review_and_end_clauses_are_read_from_the_operative_text(text, reviews):
    assert is_review_clause(text) is reviews


def test_the_parser_lists_the_paragraphs_that_review():
    parsed = parse_resolution(resolution_text("""
        1.\tRequests the Secretary-General to report annually on the matter;
        2.\tDecides to review the reporting arrangements at its seventy-fifth session;
    """))
    assert parsed.reviews == ["2"]


@pytest.mark.parametrize("years, run", [
    ([2010, 2012, 2014], (2, [2010, 2012, 2014])),
    ([2001, 2002, 2003, 2005, 2007], (2, [2003, 2005, 2007])),
    ([2010, 2011, 2012, 2013], (1, [2010, 2011, 2012, 2013])),
    ([2010, 2012], None),                      # one gap is no cadence
    ([2004, 2006, 2009], None),                # uneven
    ([1990, 2000, 2010], None),                # too far apart to call a cadence
])
def test_the_latest_even_run_of_years(years, run):
    assert latest_run(years) == run


def series_resolution(session: int, year: int, *extra: str, title: str = "Cooperation on desertification") -> str:
    """One resolution of a biennial series: each asks for a report two sessions ahead, and never says how often."""
    body = ("1.\tWelcomes the efforts of Member States;\n"
            f"2.\tRequests the Secretary-General to submit to the General Assembly at its {ORDINAL[session + 2]} "
            "session a report on the implementation of the present resolution;\n")
    body += "".join(f"{3 + i}.\t{line}\n" for i, line in enumerate(extra))
    return resolution_text(body, symbol=f"{session}/210", title=title, adopted=f"20 December {year}")


@pytest.fixture
def biennial(db):
    for session, year in ((65, 2010), (67, 2012), (69, 2014)):
        import_text(series_resolution(session, year))
    burden.refresh()
    return Obligation.objects.filter(kind=Obligation.Kind.REPORT).order_by("resolution__adopted")


def test_a_biennial_cadence_is_inferred_from_three_resolutions_two_years_apart(biennial, client_for, users):
    assert [o.recurrence for o in biennial] == ["", "", ""]  # no text says it
    assert [o.implied_recurrence for o in biennial] == ["biennial"] * 3
    assert sorted(r.symbol for r in biennial.last().implied_from.all()) == ["A/RES/65/210", "A/RES/67/210",
                                                                            "A/RES/69/210"]
    client = client_for(users["viewer"])
    page = client.get(biennial.last().get_absolute_url()).content.decode()
    assert "Recurs, implied" in page and "A/RES/65/210" in page
    series_page = client.get(biennial.last().resolution.series.get_absolute_url()).content.decode()
    assert 'id="cadence"' in series_page and "biennial" in series_page


def test_two_resolutions_make_no_cadence(db):
    for session, year in ((65, 2010), (67, 2012)):
        import_text(series_resolution(session, year))
    burden.refresh()
    assert not Obligation.objects.exclude(implied_recurrence="").exists()


def test_the_open_ended_flag_clears_when_a_later_resolution_of_the_series_adds_a_review(biennial):
    assert all(o.open_ended for o in biennial)  # recurring, and nothing reviews it
    import_text(series_resolution(71, 2016, "Decides to review the reporting arrangements of the present "
                                            "resolution at its seventy-third session;"))
    burden.refresh()
    flags = list(Obligation.objects.filter(kind=Obligation.Kind.REPORT).order_by("resolution__adopted")
                 .values_list("resolution__symbol", "open_ended"))
    assert flags == [("A/RES/65/210", False), ("A/RES/67/210", False), ("A/RES/69/210", False),
                     ("A/RES/71/210", False)]


def test_an_import_job_refreshes_the_series_it_touches(biennial, client_for, users):
    """An upload in the dashboard, not only `ingest`, brings the series' flags up to date."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = series_resolution(71, 2016, "Decides to review the reporting arrangements at its seventy-third session;")
    client_for(users["staff"]).post(reverse("import"), {"file": SimpleUploadedFile("71_210.txt", text.encode())})
    assert not Obligation.objects.filter(open_ended=True).exists()


TRAFFICKING = "Trafficking in women and girls"
PEACEBUILDING = "The Peacebuilding Fund"


def asking(symbol: str, title: str, ask: str) -> str:
    return resolution_text(f"1.\tRequests the Secretary-General {ask};", symbol=symbol, title=title,
                           adopted="17 December 2015")


@pytest.fixture
def overlapping(db):
    import_text(asking("70/130", TRAFFICKING, "to submit to the General Assembly at its seventy-second session a "
                                              "report on the trafficking of women and girls and the assistance "
                                              "given to its victims"))
    import_text(asking("70/131", "Violence against women migrant workers",
                       "to report to the General Assembly at its seventy-second session on measures taken against "
                       "trafficking in women and girls, including assistance to victims of trafficking"))
    import_text(asking("70/132", PEACEBUILDING, "to submit to the General Assembly at its seventy-second session "
                                                "a report on the financing and operations of the Peacebuilding Fund"))
    burden.refresh()
    return {o.resolution.symbol: o for o in Obligation.objects.select_related("resolution")}


def test_an_overlap_is_found_between_differently_worded_requests_on_one_subject(overlapping):
    pair = OverlapPair.objects.get()
    assert {pair.first, pair.second} == {overlapping["A/RES/70/130"], overlapping["A/RES/70/131"]}
    assert pair.similarity >= 0.5


def test_no_overlap_between_requests_on_different_subjects(overlapping):
    peacebuilding = overlapping["A/RES/70/132"]
    assert not OverlapPair.objects.filter(first=peacebuilding).exists()
    assert not OverlapPair.objects.filter(second=peacebuilding).exists()


def test_the_same_words_in_another_period_are_no_overlap(db):
    import_text(asking("70/130", TRAFFICKING, "to report at its seventy-second session on trafficking in women"))
    import_text(asking("70/131", TRAFFICKING + " (follow-up)",
                       "to report at its seventy-fifth session on trafficking in women"))
    burden.refresh()
    assert not OverlapPair.objects.exists()


def test_the_present_resolution_is_read_as_its_title():
    assert "Trafficking in women" in subject("to report on the implementation of the present resolution",
                                             "Trafficking in women")
    generic = "to submit a report on the implementation of the present resolution"
    assert similar_pairs([subject(generic, TRAFFICKING), subject(generic, PEACEBUILDING)]) == []


def test_staff_mark_a_pair_as_no_overlap_and_a_refresh_keeps_the_mark(overlapping, client_for, users):
    pair = OverlapPair.objects.get()
    viewer = client_for(users["viewer"])
    assert viewer.post(reverse("dismiss_overlap", args=[pair.pk])).status_code == 403
    staff = client_for(users["staff"])
    response = staff.post(reverse("dismiss_overlap", args=[pair.pk]))
    assert response.status_code == 302
    burden.refresh()
    pair.refresh_from_db()
    assert (pair.dismissed, pair.dismissed_by) == (True, users["staff"])
    assert OverlapPair.objects.count() == 1  # not found again as new
    assert not Obligation.objects.with_overlap().exists()
    assert "No possibly overlapping requests" in staff.get(reverse("burden")).content.decode()


def listed(client, **params):
    response = client.get(reverse("obligations"), params)
    assert response.status_code == 200
    return {o.resolution.symbol for o in response.context["filter"].qs}


def test_the_lists_filters_recurring_open_ended_implied_and_overlap(biennial, overlapping, client_for, users):
    client = client_for(users["viewer"])
    series = {"A/RES/65/210", "A/RES/67/210", "A/RES/69/210"}
    assert listed(client, implied="true", history="true") == series
    assert listed(client, recurring="true", history="true") == series
    assert listed(client, open_ended="true", history="true") == series
    assert listed(client, overlap="true") == {"A/RES/70/130", "A/RES/70/131"}
    assert len(listed(client, history="true")) == 6
    assert listed(client, implied="true") == {"A/RES/69/210"}  # the series asked again: the last ask is the work


def test_the_page_shows_the_figures_and_each_downloads(biennial, overlapping, client_for, users):
    client = client_for(users["viewer"])
    page = client.get(reverse("burden"))
    assert page.status_code == 200
    tables = {t.name: t for t in page.context["tables"]}
    per_year = tables["per-year"]
    assert per_year.columns == ["year", "General Assembly"]
    assert per_year.rows == [[2010, 1], [2011, 0], [2012, 1], [2013, 0], [2014, 1], [2015, 3]]
    assert tables["recurring"].rows == [[2010, 1, 0], [2011, 0, 0], [2012, 1, 0], [2013, 0, 0], [2014, 1, 0],
                                        [2015, 0, 3]]
    assert tables["open-ended"].rows == [["General Assembly", 3, 0, 100.0]]
    assert tables["by-addressee"].rows[0] == ["Secretary-General", 6, 3, 3]
    assert tables["per-year-addressee"].columns == ["year", "Secretary-General"]
    assert tables["per-year-addressee"].rows == [[2010, 1], [2011, 0], [2012, 1], [2013, 0], [2014, 1], [2015, 3]]
    beyond_the_top = burden.reports_per_year_by_addressee(top=0)
    assert (beyond_the_top.columns, beyond_the_top.rows[-1]) == (["year", "others"], [2015, 3])
    html = page.content.decode()
    assert 'id="chart-per-year"' in html and 'id="data-per-year"' in html
    assert html.count('class="pair"') == 1
    rows = list(csv.reader(io.StringIO(client.get(reverse("burden_table", args=["per-year", "csv"]))
                                       .content.decode())))
    assert rows == [["year", "General Assembly"], ["2010", "1"], ["2011", "0"], ["2012", "1"], ["2013", "0"],
                    ["2014", "1"], ["2015", "3"]]
    book = load_workbook(io.BytesIO(client.get(reverse("burden_table", args=["series", "xlsx"])).content))
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["series", "report requests", "resolutions", "implied cadence"]
    assert ["Cooperation on desertification", 3, 3, "biennial"] in [[c.value for c in r] for r in sheet.iter_rows(
        min_row=2)]
    assert client.get("/burden/nothing.csv").status_code == 404


def test_a_year_with_nothing_asked_is_a_zero_on_the_axis_not_a_gap(biennial, client_for, users):
    page = client_for(users["viewer"]).get(reverse("burden"))
    tables = {t.name: t for t in page.context["tables"]}
    for name in ("per-year", "per-year-addressee", "recurring"):
        years = [row[0] for row in tables[name].rows]
        assert years == list(range(2010, 2015)), name  # 2011 and 2013 asked nothing
        assert all(value == 0 for row in tables[name].rows if row[0] in (2011, 2013) for value in row[1:])
    assert "The counts cover the 3 resolutions imported into the tracker" in page.content.decode()
