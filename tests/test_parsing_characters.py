"""A text is read as a person sees it: invisible, look-alike and full-width characters change no word."""
import pytest

from resolutions.parsing.characters import without_bidi_controls, without_disguise

PLAIN = "1. Requests the Secretary-General to submit to the General Assembly at its seventy-first session a report;"

DISGUISED = {
    "a zero-width space in the verb": PLAIN.replace("Requests", "Req\u200buests"),
    "a zero-width joiner in a name": PLAIN.replace("Secretary", "Secre\u200dtary"),
    "a soft hyphen and a word joiner": PLAIN.replace("Requests", "Re\u00adqu\u2060ests"),
    "a Cyrillic e in the verb": PLAIN.replace("Requests", "R\u0435quests"),
    "a Cyrillic a and o in a name": PLAIN.replace("General Assembly", "Gener\u0430l Assembly").replace(
        "to submit", "t\u043e submit"),
    "a Greek omicron in a word": PLAIN.replace("to submit", "t\u03bf submit"),
    "a Cyrillic capital in a name": PLAIN.replace("Secretary", "\u0405ecretary"),
    "full-width letters": PLAIN.replace("Requests the Secretary-General",
                                        "Ｒｅｑｕｅｓｔｓ ｔｈｅ Ｓｅｃｒｅｔａｒｙ-Ｇｅｎｅｒａｌ"),
}


@pytest.mark.parametrize("case", DISGUISED)
def test_a_disguised_request_is_read_as_the_plain_one(parse, case):
    plain = parse(PLAIN).obligations
    read = parse(DISGUISED[case]).obligations
    assert [(o.verb, o.addressees, o.kind, o.due) for o in read] == [(o.verb, o.addressees, o.kind, o.due)
                                                                      for o in plain]


def test_a_bidi_override_in_an_addressee_is_not_kept(parse):
    text = PLAIN.replace("Secretary-General", "\u202eSecretary-General\u202c")
    assert parse(text).obligations[0].addressees == ["Secretary-General"]


@pytest.mark.parametrize("text", ["Поручает Генеральному секретарю", "Ζητεί από τον Γενικό Γραμματέα", "plain ASCII",
                                  "Société générale, São Tomé"])
def test_words_of_other_scripts_are_left_as_they_are(text):
    assert without_disguise(text) == text


def test_a_name_loses_its_bidi_controls():
    assert without_bidi_controls("\u202eliarB\u202c of \u2067Ghana\u2069") == "liarB of Ghana"


@pytest.mark.django_db
def test_an_actor_named_in_the_admin_keeps_no_bidi_control():
    from resolutions.models import Actor

    actor = Actor.objects.create(name="\u202eOffice of Something\u202c")
    assert Actor.objects.get(pk=actor.pk).name == "Office of Something"
