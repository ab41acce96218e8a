"""The obligation list: sorting, unreadable filters, bulk changes, and My delegation."""
import pytest
from django.urls import reverse

from tracker.models import Obligation, Profile


pytestmark = pytest.mark.django_db


def test_sorting_by_due_puts_undated_last_both_ways(client, users, desk):
    client.force_login(users["viewer"])
    for order in ("due", "-due"):
        rows = list(client.get(reverse("obligations"), {"order": order}).context["page"].object_list)
        dated = [o.due_date for o in rows if o.due_date]
        assert dated == sorted(dated, reverse=order.startswith("-"))
        assert all(o.due_date is None for o in rows[len(dated):])
    page = client.get(reverse("obligations"), {"order": "due"}).content.decode()
    assert "order=-due" in page  # the header's link reverses the order in force


def test_a_filter_that_cannot_be_read_says_so_and_lists_nothing(client, users, desk):
    client.force_login(users["viewer"])
    response = client.get(reverse("obligations"), {"due_from": "2009-02-30"})
    assert response.context["page"].paginator.count == 0
    assert "Enter a valid date" in response.content.decode()
    csv = b"".join(client.get(reverse("obligations_csv"), {"due_from": "2009-02-30"}).streaming_content).decode()
    assert csv.count("\n") == 1  # the header only


def test_bulk_changes_selected_rows_or_the_filtered_set_in_each_history(client, users, desk):
    client.force_login(users["staff"])
    picked = [desk["1"].pk, desk["2"].pk]
    client.post(reverse("obligations_bulk"), {"ids": picked, "owner": users["staff"].pk, "status": "",
                                              "scope": "selected", "query": ""})
    assert set(Obligation.objects.filter(owner=users["staff"]).values_list("pk", flat=True)) == set(picked)
    assert desk["1"].changes.get(field="owner").user == users["staff"]
    whole_filter = {"status": "in_progress", "scope": "filtered", "query": "kind=action"}
    asked = client.post(reverse("obligations_bulk"), whole_filter)  # first, how many: nothing changed yet
    actions = Obligation.objects.filter(kind="action").count()
    assert f"Change {actions} obligations?" in asked.content.decode()
    assert not Obligation.objects.filter(status="in_progress").exists()
    client.post(reverse("obligations_bulk"), {**whole_filter, "confirmed": "1"})
    statuses = dict(Obligation.objects.values_list("kind", "status").distinct())
    assert statuses == {"report": "open", "action": "in_progress"}
    client.force_login(users["viewer"])
    assert client.post(reverse("obligations_bulk"), {"status": "done", "scope": "filtered"}).status_code == 403


def test_my_delegation_shows_what_binds_its_state(client, users, desk):
    client.force_login(users["viewer"])
    assert client.get(reverse("my_delegation")).context["page"].paginator.count == 0
    client.post(reverse("profile"), {"first_name": "Vera", "last_name": "L", "member_state": "Iraq"})
    assert Profile.of(users["viewer"]).member_state == "Iraq"
    listed = {o.label for o in client.get(reverse("my_delegation")).context["page"].object_list}
    assert listed == {"2", "4", "5"}  # Member States, the Government of Iraq, States


def test_my_delegation_has_the_lists_filters_order_and_exports(client, users, desk):
    client.force_login(users["viewer"])
    client.post(reverse("profile"), {"first_name": "Vera", "last_name": "L", "member_state": "Iraq"})
    page = client.get(reverse("my_delegation"), {"q": "Government"})
    assert {o.label for o in page.context["page"].object_list} == {"4"}
    html = page.content.decode()
    assert 'name="kind"' in html and "binding=mine" in html  # the filters, and exports of this set
    csv = b"".join(client.get(reverse("obligations_csv") + "?binding=mine").streaming_content).decode()
    assert len(csv.strip().splitlines()) == 1 + 3  # a header and the three rows that bind Iraq


def test_a_bulk_change_with_no_row_ticked_asks_for_rows(client, users, desk):
    client.force_login(users["staff"])
    answer = client.post(reverse("obligations_bulk"), {"status": "done", "scope": "selected", "query": ""}, follow=True)
    assert "Tick the rows to change first" in answer.content.decode()
    assert "0 obligations changed" not in answer.content.decode()
    assert not Obligation.objects.filter(status="done").exists()



def test_an_obligation_printed_by_staff_keeps_its_status_and_owner(client, users, desk):
    """Staff see an edit form where viewers see the facts; the facts are printed for both."""
    desk["1"].status, desk["1"].owner = "in_progress", users["staff"]
    desk["1"].save()
    client.force_login(users["staff"])
    html = client.get(desk["1"].get_absolute_url()).content.decode()
    facts = html[html.index('id="status-facts"'):html.index("</dl>", html.index('id="status-facts"'))]
    assert "in progress" in facts and users["staff"].username in facts
    assert 'class="facts print-only"' in html  # printed, not shown beside the form (test_browser.py)


@pytest.fixture
def capital(users):
    """What binds Iraq: views to send soon and later, a past one, an action, and a call to Iraq by name."""
    from datetime import timedelta

    from django.utils import timezone

    from .factories import ObligationFactory

    Profile.objects.create(user=users["viewer"], member_state="Iraq")
    today = timezone.localdate()

    def asked(action, days, kind="report", to="Member States"):
        return ObligationFactory(addressees=[to], kind=kind, verb="invites", action=action,
                                 due_date=today + timedelta(days=days), due_text="")

    return {"later": asked("to submit their views on the draft", 90),
            "soon": asked("to provide information on their laws", 30),
            "past": asked("to submit national reports", -30),
            "act": asked("to cooperate with the Mission", 10, kind="action"),
            "named": asked("to cooperate fully", 20, kind="action", to="Government of Iraq")}


def test_my_delegation_opens_on_what_the_capital_must_send_by_when(client, users, capital):
    client.force_login(users["viewer"])
    page = client.get(reverse("my_delegation"))
    assert [o.pk for o in page.context["to_send"]] == [capital["soon"].pk, capital["later"].pk]
    html = page.content.decode()
    assert html.index('id="to-send"') < html.index('id="named"') < html.index('id="everything"')


def test_my_delegation_keeps_what_names_the_state_apart_from_what_all_states_are_asked(client, users, capital):
    client.force_login(users["viewer"])
    assert [o.pk for o in client.get(reverse("my_delegation")).context["named"]] == [capital["named"].pk]
    named = client.get(reverse("my_delegation"), {"binding": "named"}).context["page"]
    assert [o.pk for o in named] == [capital["named"].pk]
    every_state = client.get(reverse("my_delegation"), {"binding": "every-state", "history": "true"}).context["page"]
    assert capital["named"].pk not in {o.pk for o in every_state} and len(every_state) == 4
