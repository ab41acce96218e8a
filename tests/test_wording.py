"""Deadlines and asks in words, as precise as the text."""
import pytest

from resolutions.models import SessionCalendar
from tracker.obligations.wording import ask_sentence, deadline_words


pytestmark = pytest.mark.django_db


def test_deadlines_in_words_as_precise_as_known(desk):
    assert deadline_words(desk["1"]) == "13 Sep 2016 · GA 71st session"
    assert deadline_words(desk["3"]) == "March 2017"
    assert deadline_words(desk["5"]) == "by end of 2018"
    row = SessionCalendar.objects.session("commission-on-narcotic-drugs", 60)
    desk["3"].due_session = row
    assert deadline_words(desk["3"]) == "March 2017 · CND 60th session"


def test_the_ask_reads_as_a_sentence(desk):
    def words(o):
        return str(ask_sentence(o, o.addressees.all()))
    assert words(desk["1"]).startswith('<mark class="addressee">Secretary-General</mark> is <mark class="verb">'
                                       'requested</mark> to submit')
    assert '<mark class="addressee">Member States</mark> are <mark class="verb">urged</mark> to continue' \
        in words(desk["2"])
    assert words(desk["6"]).startswith('<mark class="addressee">Civil society</mark> is <mark class="verb">invited')

