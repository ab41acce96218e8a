"""From clauses to obligations: who must do what, of what kind, by when, how often."""
from __future__ import annotations

import re
from functools import lru_cache

from .actors import LEADING_THE_RE, Antecedents, find_addressees, known_mentions, listed_topic_names
from .clauses import SELF_VERBS, RawClause, drop_trailing_and, split_clauses
from .calendar import body_key, calendar_name as when_name, next_session
from .deadlines import FOR_A_PERIOD, MANDATE_PERIOD_RE, find_deadlines, first_occurrence, mandate_end, recurrence
from .lexicon import alternation, bodies, grammar, verbs
from .words import single_spaced
from .model import ACTION, AGENDA, MANDATE, REPORT, Clause, Deadline, Obligation, Paragraph, Resolution
from .rules import Rule, Rules

AGENDA_RE = re.compile(
    r"^to\s+(?:(?:further|also)\s+)?(?:consider|include|continue\s+(?:its\s+)?consideration|"
    r"examine|review|take\s+up|resume|convene|hold|devote|keep\b.*\bunder\s+review)",
    re.I,
)
REPORT_WORDS = grammar()["reports"]
MANDATE_WORDS = grammar()["mandates"]
MANDATE_RE = re.compile(
    rf"^to\s+(?:\w+ly\s+)?(?:{alternation(MANDATE_WORDS['verbs'])})\b[^;]{{0,300}}?"
    rf"\b(?:{alternation(MANDATE_WORDS['things'])})\b",
    re.I,
)
EVENT_RE = re.compile(rf"\b(?:{alternation(grammar()['clauses']['events'])})s?\b", re.I)
RECIPIENT_PREPOSITIONS = grammar()["clauses"]["recipient_prepositions"]
ASKS_NOTHING_RE = re.compile(rf"^(?:{alternation(grammar()['clauses']['asks_nothing'])})\b", re.I)


def _words(role: str) -> str:
    return alternation(REPORT_WORDS[role])


def _cues(role: str) -> tuple[str, ...]:
    return tuple(w.lower()[:6] for w in REPORT_WORDS[role])


# What asks for a report: each rule with the words one of which must stand in the action.
REPORT_RULES = Rules([
    # "to report to ...", "and to continue to report"; not "report of"
    Rule("report", re.compile(r"(?<![\w-])(?:to|and|or)\s+(?:\w+ly\s+|continue\s+to\s+|further\s+)?report(?:ing)?\b"
                              r"(?!\s+of\b)", re.I), ("report",)),
    Rule("report first", re.compile(r"^to\s+(?:\w+ly\s+)?report\b", re.I), ("report",)),
    # "to prepare ... a report", "to submit ... reports"
    Rule("producing a report", re.compile(rf"\b(?:{_words('producing_verbs')})\b[^;]{{0,200}}?\breports?\b(?!\s+of\b)"),
         ("report",)),
    Rule("sending", re.compile(rf"\b(?:{_words('sending_verbs')})\b"), _cues("sending_verbs")),
    # "to inform the Council", "to brief Member States"
    Rule("informing", re.compile(rf"\b(?:{_words('informing_verbs')})\s+(?:(?:the|all|its|relevant|interested)\s+)?"
                                 rf"(?:[A-Z]|(?:{_words('informed_groups')})\b)"), _cues("informing_verbs")),
    # "to present its recommendations to the General Assembly"
    Rule("presenting", re.compile(
        rf"\b(?:{_words('presenting_verbs')})\b[^;]{{0,150}}?\bto\s+(?:the\s+|all\s+)?(?:[\w-]+\s+){{0,3}}"
        rf"(?:{_words('informed_bodies')})\b"), _cues("presenting_verbs")),
    # "to provide the Council with an assessment"
    Rule("providing a body", re.compile(
        rf"\bprovide\s+(?:to\s+)?(?:the\s+|all\s+)?(?:[\w-]+\s+){{0,3}}(?:{_words('informed_bodies')})\b"
        rf"[^;]{{0,200}}?\b(?:{_words('provided_reports')})\b"), ("provide",)),
    Rule("attention", re.compile(r"\bbring\b[^;]{0,120}?\bto\s+the\s+attention\s+of\b"), ("attention",)),
    Rule("kept informed", re.compile(r"\bkeep\s+(?:the\s+)?[\w\s-]{0,40}?\binformed\b"), ("informed",)),
    # "to keep Member States updated", "keep the Council apprised": someone kept so, not something
    Rule("kept updated", re.compile(rf"\bkeep\s+(?:the\s+|all\s+)?(?:[A-Z]|(?:{_words('informed_groups')})\b)"
                                    r"[\w\s-]{0,40}?\b(?:updated|apprised)\b"), ("updated", "apprised")),
    # "to provide annual updates", "to provide a briefing", "to make available the findings"
    Rule("providing an update", re.compile(
        rf"\b(?:provide|make\s+available)\s+(?:(?:an?|the|its|his|her|their)\s+)?(?:[\w-]+\s+){{0,2}}"
        rf"(?:{_words('reporting_things')})\b"), ("provide", "available")),
    # "Requests that the Secretary-General reports to the Council every three months"
    Rule("reports as a verb", re.compile(r"^that\b[^;]{0,120}?\breports\s+(?:\w+ly\s+)?(?:to|on)\b"), ("reports",)),
    Rule("sharing", re.compile(rf"\bshare\b[^;]{{0,60}}?\b(?:{_words('shared_things')})\b"), ("share",)),
    Rule("sharing at a session", re.compile(r"\bshare\b[^;]{0,250}?\b(?:during|at)\s+(?:the\s+)?[^;]{0,60}?\bsession\b"),
         ("share",)),
    Rule("providing to", re.compile(rf"\bprovide\b[^;]{{0,40}}?\b(?:{_words('provided_things')})\b[^;]{{0,80}}?"
                                    rf"\bto\s+the\b"), ("provide",)),
    # Member States "to provide additional information on procurement"
    Rule("providing information", re.compile(r"\bprovide\s+(?:[\w-]+\s+){0,2}information\b"), ("provide",)),
    Rule("providing with", re.compile(rf"\bprovide\s+the\s+[\w\s-]{{0,60}}?\bwith\b[^;]{{0,40}}?"
                                      rf"\b(?:{_words('shared_things')})\b"), ("provide",)),
    # "an oral update", "to present its findings"
    Rule("update", re.compile(r"\b(?:oral|written)\s+(?:update|briefing)s?\b"
                              r"|\bpresent\s+(?:an?\s+|its\s+|his\s+|her\s+)?(?:update|study|findings)\b"),
         ("oral", "written", "present")),
])
THAT_SUBJECT_END = re.compile(
    rf"\b(?:{alternation(grammar()['clauses']['that_subject_ends'])})\b"
    r"|\b[a-z]{3,}ly\b"  # an adverb ends the subject: "that all parties immediately cease ..."
)
# "(hereafter referred to as the “parties to the cessation of hostilities”)": the name a text
# gives the subject it has just described.
DEFINED_TERM_RE = re.compile(
    r"\((?:hereinafter|hereafter)\s+(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?[“\"‘'](?:the\s+)?"
    r"(?P<term>[^”\"’']{3,120})[”\"’']\)", re.I)
LONGEST_SUBJECT = 300  # characters of a that-clause within which its subject is named
IN_A_REPORT_RE = re.compile(r"\bin\s+(?:his|her|its|their)\s+(?:next\s+|annual\s+|forthcoming\s+|future\s+)?reports?\b")
CHAPEAU_TO_RE = re.compile(r"^\s*To\s+", re.I)
SESSION_NAMED_RE = re.compile(r"\bsessions?\b|\b(?:19|20)\d\d\b", re.I)
RECIPIENT_BEFORE_RE = re.compile(r"\bto\s+(?:the\s+)?$")
# What a mandate is, once its verb and its period are taken out of the action.
MANDATE_VERB_RE = re.compile(rf"^to\s+(?:\w+ly\s+)?(?:{alternation(MANDATE_WORDS['verbs'])})\b,?\s*", re.I)
PERIOD_PHRASE_RE = re.compile(
    rf"\b(?:until\s+[^,;]*?(?:\d{{4}}|resolution)"
    rf"|{FOR_A_PERIOD})"
    rf"(?:,?\s+(?:from|after|starting|beginning)\s+[^,;]*?(?:\d{{4}}|resolution))?",
    re.I,
)
MANDATE_SUBJECT_END_RE = re.compile(r"[,;]|\s+(?:as\s|and\s+(?:further|decides|requests|also)|which\s|in\s+order)")


def mandate_subject(action: str) -> str:
    """'to extend until 31 May 2027 the mandate of the Mission (UNAMI), as set out ...' ->
    'the mandate of the Mission (UNAMI)': what a renewal names again, year after year."""
    rest = PERIOD_PHRASE_RE.sub(",", MANDATE_VERB_RE.sub("", action)).strip(" ,")
    end = MANDATE_SUBJECT_END_RE.search(rest)
    return (rest[: end.start()] if end else rest).strip()


# "the mandate of the Special Rapporteur on X for three years": the holder ends before its period.
MANDATE_OF_RE = re.compile(r"\bmandate\s+of\s+(?P<holder>.+?)(?=,|;|\s+for\s+(?!the\s+[A-Z]|[A-Z])|\s+until\b|$)")
ASIDE_RE = re.compile(rf",\s*(?:{alternation(grammar()['clauses']['aside_starts'])})\b[^,]*(?=,|$)")


def without_link(text: str) -> str:
    """'to continue its efforts, and in that context' -> 'to continue its efforts': the words that led on."""
    return re.sub(rf"[,;]?\s*(?:and\s*)?(?:(?:{verbs().modifier_pattern()}),?\s*)*$", "", text, flags=re.I)


def without_asides(subject: str) -> str:
    """'the Mission, at the request of the Government,' -> 'the Mission': an aside names no doer."""
    return ASIDE_RE.sub(" ", subject)


def kind_of(verb: str, addressees: list[str], action: str, author: str) -> str:
    if verb == "decides" and addressees == [author] and AGENDA_RE.match(action) and SESSION_NAMED_RE.search(action):
        return AGENDA  # a future session named: "to include in the provisional agenda of its 82nd session"
    if verb == "decides" and addressees == [author] and (MANDATE_RE.match(action) or _sets_up_for_a_period(action)):
        return MANDATE
    return REPORT if _asks_a_report(action) else ACTION


def _sets_up_for_a_period(action: str) -> bool:
    """"to establish, for a period of no longer than two years, a Committee": a mandate by its end."""
    return bool(MANDATE_VERB_RE.match(action) and MANDATE_PERIOD_RE.search(action))


def _aside_asks_a_report(raw: RawClause) -> bool:
    """"requests the Secretary-General, in his next report, to outline measures": the aside
    before the action says where the answer goes."""
    before_action = raw.text[: raw.text.find(raw.action)] if raw.action else raw.text
    return bool(IN_A_REPORT_RE.search(before_action))


def _asks_a_report(action: str) -> bool:
    return any(rule.pattern.search(action) for rule in REPORT_RULES.that_may_match(action))


@lru_cache(maxsize=64)
def _clean_action(action: str) -> str:
    """Kept for the few latest actions: a clause's action is cleaned for its clause, its kind
    and its obligation, and a chapeau listed with its subparagraphs is long."""
    action = single_spaced(action).rstrip(" ;,.:")
    return drop_trailing_and(action)


class ObligationReader:
    """Reads a resolution's operative paragraphs in order, keeping track of who was named."""

    def __init__(self, res: Resolution, overrides: dict | None = None):
        self.res = res
        self.author = res.body or "General Assembly"
        self.calendar = bodies()[self.author].calendar
        self.plural = res.plural_voice
        self.antecedents = Antecedents(self.author, res.title)
        self.overrides = overrides
        self.addressed_last: list[str] = []  # the paragraph's last clause's addressees: who "them" are

    def resolve_body(self, name: str) -> str | None:
        mentions = known_mentions(name)
        if mentions:
            return mentions[0].name
        return self.antecedents.resolve(f"the {name.split()[-1]}")

    def deadlines(self, text: str, addressees: list[str]) -> list[Deadline]:
        return find_deadlines(text, self.res.session, self.res.adopted, self.resolve_body, addressees,
                              self.overrides, self.calendar, self.res.warnings)

    def deadline(self, text: str, addressees: list[str]) -> Deadline | None:
        found = self.deadlines(text, addressees)
        return found[0] if found else None

    def mandate_holder(self, action: str) -> list[str]:
        """Who holds a mandate: 'the mandate of the Special Rapporteur on ...' up to its period."""
        match = MANDATE_OF_RE.search(action)
        if not match:
            return []
        holder = match.group("holder")
        listed = listed_topic_names(action[match.start("holder"):])
        if listed and listed[0][0].startswith(LEADING_THE_RE.sub("", holder)):
            holder = listed[0][0]  # "of the Special Rapporteur on truth, justice and reparation"
        return find_addressees(holder, self.antecedents)

    def addressees_of(self, raw: RawClause) -> list[str]:
        if raw.verb_class not in verbs().asking_classes or raw.verb in verbs().no_addressee:
            return []
        if ASKS_NOTHING_RE.match(raw.action):
            return []
        if raw.addressee_phrase.strip().lower() == "them" and self.addressed_last:
            return list(self.addressed_last)  # "Encourages online platforms ..., and calls upon them to"
        if raw.verb in SELF_VERBS and not raw.addressee_phrase and (raw.action.startswith("to") or not raw.action):
            return ["Member States"] if self.plural and raw.verb != "decides" else [self.author]
        if raw.action.lower().startswith("that") and not raw.addressee_phrase:
            body = raw.action[4:]
            end = THAT_SUBJECT_END.search(body)
            subject = without_asides(body[: end.start()] if end else body)
            defined = DEFINED_TERM_RE.search(body, 0, LONGEST_SUBJECT)
            if defined:  # "all parties to whom ... applies (hereafter referred to as the “parties to ...”)"
                subject = defined.group("term")
            named = find_addressees(subject, self.antecedents)
            if not named and raw.verb in SELF_VERBS and EVENT_RE.search(subject):
                return [self.author]  # "Decides that the review conference shall be convened in 2027"
            return named
        if not raw.action:  # "Encourages contributions by donor countries": no infinitive, a recipient
            named = self.recipients(raw)
            if named:
                return named
        return find_addressees(raw.addressee_phrase, self.antecedents)

    def recipients(self, raw: RawClause) -> list[str]:
        """'Recommends the guidelines to all Governments': the addressee after its preposition.

        The whole phrase becomes the action, so that the clause stands on its own.
        """
        for preposition in RECIPIENT_PREPOSITIONS.get(raw.verb, ()):
            for match in re.finditer(rf"\b{preposition}\s+(?P<who>[^,;]+)", raw.addressee_phrase):
                who = re.split(r"\s+(?:to|for|in|of|on|at|with)\s+", match.group("who"))[0]
                named = find_addressees(who, self.antecedents)
                if named:
                    raw.action = raw.addressee_phrase
                    return named
        return []

    def read(self) -> None:
        for paragraph in self.res.preambular:
            self.antecedents.note(paragraph.text)
        for paragraph in self.res.operative:
            self.read_paragraph(paragraph)
        self.res.warnings[:] = list(dict.fromkeys(self.res.warnings))

    def read_paragraph(self, paragraph: Paragraph) -> None:
        raws = split_clauses(paragraph.text, self.plural)
        subs = paragraph.subparagraphs
        if not paragraph.text and subs:  # "11. (a) Expresses concern ..., demands ...; (b) calls upon ...": each its own
            self.read_subparagraphs_alone(paragraph)
            return
        per_sub = bool(subs) and sum(bool(CHAPEAU_TO_RE.match(s.text)) for s in subs) * 2 > len(subs)
        pending: list[tuple[RawClause, list[str]]] = []  # clauses that wait for a shared action
        self.addressed_last = []
        for index, raw in enumerate(raws):
            addressees = self.addressees_of(raw)
            self.addressed_last = addressees or self.addressed_last
            self.antecedents.note(raw.text)
            if raw.verb == "decides" and MANDATE_RE.match(raw.action):
                for holder in self.mandate_holder(raw.action):  # who "the mandate holder" is from now on
                    self.antecedents.remember(holder, None)
            clause = Clause(paragraph.number, raw.written or raw.verb, raw.verb_class, addressees,
                            _clean_action(raw.action), raw.text, asks=raw.verb if raw.written else "")
            self.res.clauses.append(clause)
            if not addressees:
                continue
            is_chapeau = index == len(raws) - 1 and bool(subs)
            if not raw.action and not is_chapeau:
                pending.append((raw, addressees))
                continue
            for waiting, their_addressees in pending:
                self.emit(paragraph.number, waiting, their_addressees, raw.action, waiting.text + " " + raw.action)
            pending = []
            if is_chapeau and per_sub:
                self.read_chapeau_of_tasks(paragraph, raw, addressees)
            elif is_chapeau:
                listed = " ".join(f"({s.letter}) {s.text}" for s in subs)
                joiner = ": " if raw.text.endswith(":") else " "
                self.emit(paragraph.number, raw, addressees, f"{raw.action}{joiner}{listed}".strip(), raw.text + " " + listed)
            else:
                self.emit(paragraph.number, raw, addressees, raw.action, raw.text)
        for waiting, their_addressees in pending:
            # No action follows: what the verb governs is the ask ("Recommends the guidelines to all Governments").
            self.emit(paragraph.number, waiting, their_addressees, waiting.addressee_phrase, waiting.text)
        for sub in subs:
            self.antecedents.note(sub.text)

    def each_bodys_next_session(self, action: str) -> list[Deadline]:
        """'to report annually to the Human Rights Council and to the General Assembly': two reports,
        each due at that body's next session (where the text gives no date)."""
        keys = []
        for mention in known_mentions(action):
            key = body_key(mention.name)
            if key and key not in keys and RECIPIENT_BEFORE_RE.search(action[: mention.start]):
                keys.append(key)
        if len(keys) < 2 or not self.res.adopted:
            return []
        found = [(key, next_session(key, self.res.adopted, self.overrides)) for key in keys]
        return [Deadline(when.opens, when.precision, f"the next session of the {when_name(key)}", (key, when.number))
                for key, when in found if when]

    def read_chapeau_of_tasks(self, paragraph: Paragraph, raw: RawClause, addressees: list[str]) -> None:
        """A chapeau over "(a) To ..." subparagraphs: one obligation a task."""
        chapeau_due = self.deadline(raw.text, addressees)
        doers = addressees
        if kind_of(raw.verb, addressees, _clean_action(raw.action), self.author) == MANDATE:
            # "extends the mandate of the Special Rapporteur ..., with the following mandate:
            # (a) To ...": the mandate is the body's to renew, its tasks the holder's.
            self.emit(paragraph.number, raw, addressees, raw.action, raw.text)
            doers = self.mandate_holder(raw.action) or addressees
            chapeau_due = None
        for sub in paragraph.subparagraphs:
            label = f"{paragraph.number}({sub.letter})"
            own, *inner = split_clauses(sub.text, self.plural)
            own_text = without_link(own.text) if own.verb_class == "declaratory" and inner else sub.text
            action = CHAPEAU_TO_RE.sub("to ", own_text, count=1)
            self.emit(label, raw, doers, action, action, fallback_due=chapeau_due)
            for clause in inner if own.verb_class == "declaratory" else ():
                # "(c) To continue ..., and in that context invites the Office to ...": a clause of its own
                self.read_inner_clause(paragraph.number, sub.letter, clause)

    def read_subparagraphs_alone(self, paragraph: Paragraph) -> None:
        for sub in paragraph.subparagraphs:
            for raw in split_clauses(sub.text[:1].upper() + sub.text[1:], self.plural):
                self.read_inner_clause(paragraph.number, sub.letter, raw)
            self.antecedents.note(sub.text)

    def read_inner_clause(self, number: str, letter: str, raw: RawClause) -> None:
        addressees = self.addressees_of(raw)
        self.res.clauses.append(Clause(number, raw.written or raw.verb, raw.verb_class, addressees,
                                       _clean_action(raw.action), raw.text, letter, raw.verb if raw.written else ""))
        if addressees and raw.action:
            self.emit(f"{number}({letter})", raw, addressees, raw.action, raw.text)

    def emit(self, label: str, raw: RawClause, addressees: list[str], action: str, context: str,
             fallback_due: Deadline | None = None) -> None:
        action = _clean_action(action)
        kind = kind_of(raw.verb, addressees, action, self.author)
        if kind == ACTION and _aside_asks_a_report(raw):
            kind = REPORT
        ends = mandate_end(context, self.res.adopted, self.res.warnings) if kind == MANDATE else None
        dues = [ends] if ends else self.deadlines(context, addressees)
        if not dues and kind == REPORT:
            dues = self.each_bodys_next_session(action)
        dues = dues or [fallback_due or first_occurrence(action, self.res.adopted)]
        for due in dues:  # one obligation a deliverable: "at its 46th and 49th sessions"
            self.res.obligations.append(Obligation(
                paragraph=label,
                verb=raw.verb,
                verb_class=raw.verb_class,
                addressees=addressees,
                kind=kind,
                action=action,
                due=due.due if due else None,
                due_precision=due.precision if due else None,
                due_text=due.text if due else "",
                recurrence=recurrence(action),
                due_session=due.session if due else None,
                mandate_of=mandate_subject(action) if kind == MANDATE else "",
            ))
