"""Who is addressed: actor names found in a phrase, resolved to canonical actors.

Known actors come from data/actors.toml (names, aliases, acronyms). A phrase headed by
a title or a group noun ("the Special Rapporteur on ...", "organizations with expertise
in ...") is an actor too, named as the text names it. Short forms ("the Office", "the
Board", "it") refer back to the last actor of their kind named before them.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from typing import NamedTuple

from .clauses import PARENTHETICAL, first_infinitive
from .lexicon import Actor, actors, alternation, grammar, trie_pattern
from .rules import is_word_char, lowered_in_place, words_matching
from .words import MONTH_PATTERN, NUMBER_PATTERN, single_spaced

QUALIFIER_GAP = re.compile(r"^\s*(?:of|of the|in|in the|on|for|for the|to|to the|at)\s*$", re.I)
NOT_ACTOR_START = re.compile(
    rf"^(?:{alternation(grammar()['clauses']['linking_words'] + grammar()['clauses']['not_actor_starts'])})\b", re.I)
CHUNK_SPLIT = re.compile(r",|;|\band\b|\bor\b|\bas well as\b")
NAME_READ = "\x00"  # stands, in what is left to read, where a name was read
CHUNK_SPLIT_KEPT = re.compile(rf"({re.escape(NAME_READ)}+|{CHUNK_SPLIT.pattern})")  # the cuts, and names read
# "international" before "and regional organizations"; "arrangements" after "organizations and".
ADJECTIVE_RE = re.compile(rf"(?:[a-z][\w-]*\s+)?[a-z][\w-]*(?:{alternation(grammar()['addressees']['adjective_endings'])})")
PLURAL_NOUN_RE = re.compile(r"(?:all\s+)?[a-z][\w-]*s")
SHARED_COMPLEMENT_RE = re.compile(r"\s+of(?:\s+the)?$")  # "mechanisms of the" (United Nations)
FIELD_OF_RE = re.compile(r"in\s+the\s+(?:field|area)s?\s+of\s+[a-z][\w\s-]*$")
NAME_WORD = r"[A-Z][\w’'-]*"
NAME_JOINER = rf"(?:{alternation(grammar()['addressees']['name_joiners'])})"
# A name the text gives a body: "the International Civil Service Commission", "the Security Council
# Committee established pursuant to resolution 2653 (2022)", "the Panel of Experts". Tried where
# the word "the" begins (words_matching).
DOCUMENT_NAME_RE = re.compile(
    rf"[Tt]he\s+(?P<name>{NAME_WORD}(?:\s+(?:{NAME_JOINER}\s+)*{NAME_WORD})*"
    rf"(?:\s+established\s+(?:pursuant\s+to|by)\s+(?:Security\s+Council\s+)?resolutions?\s+\d+\s*\(\d{{4}}\))?)"
    rf"(?:\s+\((?P<acronym>[A-Z][A-Za-z-]{{1,12}})\))?"
)
# "the United Nations Assistance Mission for Iraq (UNAMI)": an acronym the text defines, read
# back from its bracket to where the run of title-case words began.
ACRONYM_BRACKET_RE = re.compile(r"\s+\((?P<acronym>[A-Z][A-Za-z-]{1,12})\)")
NAME_BEFORE_BRACKET_RE = re.compile(rf"{NAME_WORD}(?:\s+(?:{NAME_JOINER}\s+)*{NAME_WORD})+\Z")
LONGEST_DEFINED_NAME = 300  # characters: a run of title-case words read back from a bracket


@cache
def _lower_case_name_re() -> re.Pattern:
    heads = trie_pattern(actors().lower_case_heads)
    # "the independent international fact-finding mission", "an investigative mechanism on X"
    # (not "the report of the fact-finding mission", not "the mission in October"):
    # tried where "the", "an" or "a" begins (words_matching).
    return re.compile(
        rf"(?:the|an|a)\s+(?P<name>(?:(?!of\s|the\s)[a-z-]+\s+){{0,3}}(?P<head>{heads})(?:\s+(?:on|for|in|into)\s+(?:the\s+)?"
        rf"(?!{MONTH_PATTERN}\b){NAME_WORD}(?:\s+(?:{NAME_JOINER}\s+)*{NAME_WORD})*)?)(?![\w-])"
    )


# "Situation of human rights in the Republic of X": the country a resolution's bodies are named for.
COUNTRY_TITLE_RE = re.compile(r"\bhuman rights(?: situation)? in (?P<country>(?:the )?[A-Z][\w’'-]*(?:\s+(?:of|the|and)?\s*[A-Z][\w’'-]*)*)\s*$")


def country_of(title: str) -> str:
    match = COUNTRY_TITLE_RE.search(title or "")
    return match.group("country") if match else ""


COORDINATED_RE = re.compile(r"\band\s+(?:the|of)\b|,")
# After a name that addresses only alone, any word but these makes it the start of a longer phrase.
FOLLOWED_BY_WORD_RE = re.compile(
    r"\s+(?!(?:and|or|nor|as|to|in|for|with|on|at|by|from|through|within|under|its|their)\b)[A-Za-z]"
)
ARTICLE_BEFORE_RE = re.compile(r"(?:^|\s)an?\s+$")
ACRONYM_NEAR_RE = re.compile(r"\([A-Z][A-Za-z-]{1,12}\)")


@cache
def _lower_case_head_words() -> tuple[str, ...]:
    """A cheap first look: does a lower-case body's head stand in the text at all?"""
    return tuple({h.split()[-1] for h in actors().lower_case_heads})


@cache
def _lower_case_heads_re() -> re.Pattern:
    """The second look, where a head's last word stands ("group" mostly does not end "working
    group"): the head itself, as the name's pattern reads it, before the whole pattern is tried."""
    return re.compile(rf"(?:{trie_pattern(actors().lower_case_heads)})(?![\w-])")


def _may_name_lower_case(text: str) -> bool:
    return any(map(text.__contains__, _lower_case_head_words())) and bool(_lower_case_heads_re().search(text))


MANDATE_HOLDER_RE = re.compile(r"(?:the\s+)?mandate[\s-]holder", re.I)
MEMBERS_OF_IT_RE = re.compile(r"^(?:its|their)\s+members$", re.I)
LEADING_THE_RE = re.compile(r"^the\s+", re.I)
THE_AROUND_RE = re.compile(r"^the\s+|\s+the$", re.I)
COUNT_BEFORE_RE = re.compile(rf"^(?:{NUMBER_PATTERN})\s+", re.I)


@dataclass(frozen=True)
class Mention:
    actor: Actor | None  # None for a name that only its head noun makes an actor
    name: str
    start: int
    end: int
    qualifier: bool = False  # "of the X" after another name: part of that name, not addressed


@cache
def _alias_re() -> re.Pattern:
    """The registry's names, in lower case, read in the lowered text: the engine then compares
    plain letters, far faster than trying every name without case at every word."""
    return re.compile(rf"(?<![\w-])(?P<name>{trie_pattern(actors().by_alias)})(?![\w-])")


def as_words(pattern: re.Pattern, text: str):
    """The pattern's matches that begin a word, in order, as a look-behind for a letter would
    give them. The pattern starts with the word's own letters, so that the engine skips to
    them; what stands before is checked here."""
    at = 0
    while match := pattern.search(text, at):
        if match.start() and is_word_char(text[match.start() - 1]):
            at = match.start() + 1  # inside a word: look again from its next letter
            continue
        yield match
        at = match.end()


@cache
def _acronym_re() -> re.Pattern:
    """Acronyms begin with a capital: the engine skips to those, as_words() checks what stands before."""
    return re.compile(rf"(?P<name>{trie_pattern(actors().by_acronym)})(?![\w-])")


def registry_names(text: str) -> list[tuple[int, int, Actor]]:
    """(start, end, actor) of the registry's names and acronyms in a text, in order, none
    overlapping; where a name and an acronym start together, the name."""
    registry = actors()
    found = [(m.start(), 0, m.end(), registry.by_alias[" ".join(m.group("name").split())])
             for m in _alias_re().finditer(lowered_in_place(text))]
    acronyms = [(m.start(), 1, m.end(), registry.by_acronym[m.group("name")]) for m in as_words(_acronym_re(), text)]
    spans, read_to = [], 0
    for start, _rank, end, actor in sorted(found + acronyms) if acronyms else found:
        if start >= read_to:
            spans.append((start, end, actor))
            read_to = end
    return spans


@cache
def _registry_short_forms() -> frozenset[str]:
    return frozenset(f.lower() for a in actors().actors for f in a.anaphors)


@cache
def _anaphor_re() -> re.Pattern:
    forms = {f for a in actors().actors for f in a.anaphors}
    forms |= {f"the {head}" for head in actors().heads}
    alt = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])(?!\s+(?:of|on|for)\b)")


@cache
def _title_of_re() -> re.Pattern:
    """A title ending just before a name: "Special Representative of the" (Secretary-General)."""
    return re.compile(rf"(?<![\w-])(?:{trie_pattern(actors().heads)})\s+of(?:\s+the)?\s*$")


@cache
def _head_re() -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{trie_pattern([*actors().heads, *actors().group_heads])})(?![\w-])")


def known_mentions(text: str) -> list[Mention]:
    """Known actors named in a text, longest names first, qualifiers ("of the X") left out."""
    found: list[Mention] = []
    for start, end, actor in registry_names(text):
        if actor.alone and FOLLOWED_BY_WORD_RE.match(text, end):
            continue  # "the United Nations common system": part of a longer phrase
        if ARTICLE_BEFORE_RE.search(text, max(0, start - 4), start) and FOLLOWED_BY_WORD_RE.match(text, end):
            continue  # "under a Security Council mandate": the name qualifies a noun, it is addressed by none
        qualifier = bool(found and QUALIFIER_GAP.match(text[found[-1].end: start]))
        before = text[max(0, start - 80): start]
        if before.rstrip().endswith(("of", "the")) and _title_of_re().search(before):
            continue  # "the Chair of the Commission": a title whose holder is addressed, not the body
        found.append(Mention(actor, actor.name, start, end, qualifier))
    return found


@cache
def _heads_re() -> re.Pattern:
    """Heads begin with a capital: the engine skips to those, as_words() checks what stands before."""
    return re.compile(rf"(?P<head>{trie_pattern(actors().heads)})(?![\w-])")


def heads_in(text: str):
    """The head nouns standing in a text as words, in order."""
    return as_words(_heads_re(), text)


def head_of(name: str) -> str | None:
    """The head noun that makes a name a body's: 'Task Force' in 'the Inter-Agency Task Force on ...'."""
    first = next(heads_in(name), None)
    return first.group("head") if first else None


NAME_CORE_RE = re.compile(r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*")  # a name's words before its first lower-case one


def is_short_form(short: str, name: str) -> bool:
    """'Expert Mechanism' is a short form of 'International Independent Expert Mechanism to
    Advance Racial Justice', 'Ad Hoc Committee' of 'Ad Hoc Committee on criminal accountability':
    the last words before the name's first lower-case word, ending with a head noun."""
    if short == name or short not in name:
        return False
    core = NAME_CORE_RE.match(name)
    if not core or not (core.group(0) == short or core.group(0).endswith(" " + short)):
        return False
    head = head_of(short)
    return bool(head) and short.endswith(head)


def spelled_by(words: str, acronym: str) -> str:
    """The end of a Title-case run that the acronym spells: 'Secretary-General on the United
    Nations Support Mission in Libya' + UNSMIL -> 'United Nations Support Mission in Libya'."""
    parts = words.split()
    letters = acronym.replace("-", "").upper()
    for start, first in enumerate(parts):
        if first[:1].upper() != letters[:1]:
            continue
        initials, wanted = iter(w[:1].upper() for w in parts[start:]), letters
        if all(any(ch == letter for ch in initials) for letter in wanted):
            return " ".join(parts[start:])
    return re.sub(r"^The\s+", "", words)


def document_names(text: str, country: str = "") -> list[tuple[str, str]]:
    """(name, acronym or "") for the bodies a text names itself, registry names left out.

    A country resolution's own bodies named without their country ("the fact-finding
    mission") are that country's: "... mission on the Republic of X".
    """
    found = listed_topic_names(text) if "," in text else []
    for match in words_matching(DOCUMENT_NAME_RE, text, ("the",)):  # a name without a head noun is left below
        name = match.group("name")
        if match.group("acronym"):
            name = spelled_by(name, match.group("acronym"))
        words = name.split()
        if len(words) < 2 or " ".join(words).lower() in actors().by_alias:
            continue  # one word, or a name the registry knows ("the General Assembly")
        if f"the {name}".lower() in _registry_short_forms():
            continue  # "the Special Committee": the registry's body it refers back to
        head = head_of(name)
        if not head or head == name:
            continue
        if COORDINATED_RE.search(name):
            continue  # "the Secretary-General and the High Commissioner": two bodies, not one name
        if _begins_a_registry_name(lowered_in_place(text), match.start("name"), match.end("name")):
            continue  # "the Special Committee on the Situation" of a longer name the registry knows
        found.append((name, match.group("acronym") or ""))
    for match in words_matching(_lower_case_name_re(), text, ("the", "an", "a")) if _may_name_lower_case(text) else ():
        name = " ".join(match.group("name").split())
        if country and name.endswith(match.group("head")):
            name = f"{name} on {country}"
        found.append((name, "the " + match.group("head").split()[-1].lower()))
        base = name[: match.end("head") - match.start("name")].split()
        found += [(name, "the " + " ".join(base[i:])) for i in range(len(base) - 1)]  # "the investigative mechanism"
    for name, acronym in defined_acronyms(text) if ACRONYM_NEAR_RE.search(text) else ():
        name = spelled_by(name, acronym)
        if COORDINATED_RE.search(name):
            continue
        if head_of(name) and (name, acronym) not in found:
            found.append((name, acronym))
    return found


@cache
def _listed_topic_re() -> re.Pattern:
    """A mandate named for a topic that is a list: "the Special Rapporteur on the promotion of
    truth, justice, reparation and guarantees of non-recurrence". The head, then items in lower
    case with a comma between them; listed_topic_names() says where the list ends."""
    return re.compile(
        rf"(?P<head>{trie_pattern(actors().topic_heads)})\s+(?:on|in\s+the\s+field\s+of)\s+"
        r"(?P<items>[a-z][^,;:.()]*(?:,\s+[a-z][^,;:.()]*)+)"
    )


AND_BEFORE_RE = re.compile(r"^and\s+")
RELATIVE_RE = re.compile(r"\b(?:that|which|who|whose)\b")
LONGEST_TOPIC = 16  # words before a topic's first comma
THE_BEFORE_RE = re.compile(r"(?:^|\s)[Tt]he\s+$")
LIST_CLOSES_RE = re.compile(r"(?:^|\s)(?:and|or)\s")  # "reparation and guarantees": the last item
# Where the last item stops being the name: "..., whose tasks", "... submitted to the Council",
# "... for a period of three years", "... until 2027".
LEADS_ON_RE = re.compile(r"\s+(?:whose|which|who|until|for\s+an?\s|[a-z]+ed\s+(?:to|by|in|at|on|with))\b")


def _begins_a_registry_name(lowered: str, start: int, end: int) -> bool:
    """Whether a registry name begins at `start` of the lowered text and runs past `end`."""
    known = _alias_re().match(lowered, start)
    return bool(known) and known.end() > end


def listed_topic_names(text: str) -> list[tuple[str, str]]:
    """(name, "") for each mandate named for a list of topics, commas and all."""
    found = []
    for match in _listed_topic_re().finditer(text):
        items = _listed_items(match.group("items").split(","))
        if not items or not THE_BEFORE_RE.search(text, 0, match.start()):
            continue  # a name begins after "the": not "the Human Rights Council on violence ..."
        name = f"{text[match.start():match.start('items')]}{','.join(items)}"
        if first_infinitive(name) is None and not registry_names(name[len(match.group("head")):]):
            found.append((name, ""))
    return found


def _listed_items(items: list[str]) -> list[str]:
    """The items up to the one that closes the list ("and ..."), that one cut where it leads on;
    none where an item names someone ("civil society organizations") or the list never closes."""
    if items[0] != items[0].lower() or len(items[0].split()) > LONGEST_TOPIC or RELATIVE_RE.search(items[0]):
        return []  # "on the situation of human rights in Eritrea, ...": a country's, no list
    taken = [items[0]]
    for item in items[1:]:
        lead = LEADS_ON_RE.search(item)
        words = item[: lead.start()] if lead else item
        if words != words.lower() or PARENTHETICAL.match(AND_BEFORE_RE.sub("", words.strip())):
            return []  # ", including ...", ", and also takes note ...": the name ended
        if any(_head_re().search(part) for part in CHUNK_SPLIT.split(words)):
            return []
        taken.append(words)
        if LIST_CLOSES_RE.search(words):
            return taken
        if lead:
            return []
    return []


def defined_acronyms(text: str) -> list[tuple[str, str]]:
    """(name, acronym) for each "Title Case Name (ACRONYM)" in a text, read back from the bracket."""
    found, read_to = [], 0
    for bracket in ACRONYM_BRACKET_RE.finditer(text):
        start = max(read_to, bracket.start() - LONGEST_DEFINED_NAME)
        name = NAME_BEFORE_BRACKET_RE.search(text, start, bracket.start())
        if name:
            found.append((name.group(0), bracket.group("acronym")))
            read_to = bracket.end()
    return found


MIN_TOPIC_TITLE = 12  # characters: a title shorter than that names no body's subject


TOPIC_OF_NAME_RE = re.compile(r".*?\s(?:for|on)\s+(?:the\s+)?(?P<topic>.+)$")


@cache
def _topic_words(name: str) -> tuple[str, ...]:
    """'Office of the United Nations High Commissioner for Refugees' -> ('refugee',): what a
    body is for, as a title would say it (singular stems, small words left out)."""
    match = TOPIC_OF_NAME_RE.match(name)
    if not match:
        return ()
    words = re.findall(r"[a-z]+", match.group("topic").lower())
    return tuple(w.rstrip("s") for w in words if w not in ("of", "the", "and", "in", "on", "for"))


LONGEST_HEAD_BEFORE = 60  # characters: "Ad Hoc Committee on the criminal " before a title's tail


@cache
def _topic_head_before_re() -> re.Pattern:
    """"the Ad Hoc Committee on criminal " just before the rest of a title: its head and first word."""
    return re.compile(rf"(?:{trie_pattern(actors().topic_heads)})\s+on\s+(?:the\s+)?(?P<first>[\w-]+)\s+$")


class Named(NamedTuple):
    """A name met in the document, and the registry's actor it is (None for one the document defined)."""

    name: str
    actor: Actor | None


@dataclass(frozen=True)
class NotedText:
    """A text noted in passing: its registry names are read the first time a look back reaches it."""

    text: str

    @cached_property
    def names(self) -> tuple[Named, ...]:
        return tuple(Named(m.name, m.actor) for m in known_mentions(self.text) if not m.qualifier)


class Antecedents:
    """The actors named so far in a document, for resolving "the Office", "the Board", "it".

    Besides the registry's actors, it keeps the names the document gives bodies itself
    ("the International Civil Service Commission", "... Mission for Iraq (UNAMI)"), so
    that "the Commission" or "UNAMI" later on means them.
    """

    def __init__(self, author: str = "General Assembly", title: str = ""):
        # Who was named, oldest first: a name, or a text whose names are read when a look back
        # reaches it (most texts are never looked at again, and reading them is half of noting).
        self.history: list[Named | NotedText] = []
        self.author = author
        self.country = country_of(title)
        self.title = single_spaced(title or "")
        # A title opens with a capital the text does not give it: "Criminal accountability of ..."
        self.title_tail = self.title.partition(" ")[2]
        self.named: dict[str, str] = {}  # a name or acronym the document defined -> the name
        self._aliases: list[str] | None = None  # self.named's keys, longest first

    def note(self, text: str) -> None:
        self.history.append(NotedText(text))
        if "(" in text or " the " in text or "The " in text:
            for written, acronym in self.names_for_title(text) + document_names(text, self.country):
                short_of = self.full_name_of_short_form(written)  # "the Expert Mechanism"
                name = short_of or self.fuller_name(written) or written  # "the commission of inquiry"
                for alias in (name, written if short_of else "", acronym):
                    # "the mission" is the one named last; a name or acronym keeps its first meaning
                    if alias and (alias not in self.named or alias.startswith("the ")) and self.named.get(alias) != name:
                        self.named[alias], self._aliases = name, None
                self.remember(name, None)

    def groups_named_last(self) -> list[str]:
        """Who "them" is: the groups the last text with any named ("by Governments and the
        international community ..., and encourages them")."""
        for entry in reversed(self.history):
            names = entry.names if isinstance(entry, NotedText) else (entry,)
            groups = [name for name, actor in names if actor is not None and actor.is_group]
            if groups:
                return list(dict.fromkeys(groups))
        return []

    def mandate_holder(self) -> str | None:
        """The special procedure named last: who "the mandate holder" is."""
        topic_heads = actors().topic_heads
        return next((name for name, actor in self._looking_back()
                     if actor is None and name.startswith(topic_heads)), None)

    def names_for_title(self, text: str) -> list[tuple[str, str]]:
        """"the Ad Hoc Committee on criminal accountability of United Nations officials", in a
        resolution of that title: a body named for the resolution's own subject."""
        if len(self.title_tail) < MIN_TOPIC_TITLE or self.title_tail not in text:
            return []
        first_word = self.title.partition(" ")[0].lower()
        found, at = [], text.find(self.title_tail)
        while at >= 0:
            head = _topic_head_before_re().search(text, max(0, at - LONGEST_HEAD_BEFORE), at)
            if head and head.group("first").lower() == first_word:
                found.append((text[head.start():at + len(self.title_tail)], ""))
            at = text.find(self.title_tail, at + 1)
        return found

    def full_name_of_short_form(self, short: str) -> str | None:
        """'Expert Mechanism' -> the name defined before whose short form it is."""
        return next((n for n in self.named.values() if is_short_form(short, n)), None)

    def fuller_name(self, name: str) -> str | None:
        """The first name defined before that this one is a shorter form of: 'investigative
        mechanism on X' names the same body as 'independent investigative mechanism on X'."""
        after, before, inside = " " + name, name + " ", f" {name} "
        lower_case = name[:1].islower()  # "fact-finding mission" in "independent ... fact-finding mission for X"
        return next((n for n in self.named.values()
                     if n != name and (n.endswith(after) or n.startswith(before)
                                       or (lower_case and inside in f" {n} "))), None)

    def remember(self, name: str, actor: Actor | None) -> None:
        self.history.append(Named(name, actor))

    def named_in(self, phrase: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of the names the document defined that stand in a phrase."""
        found: list[tuple[int, int, str]] = []
        for alias in self._longest_first():
            at = phrase.find(alias)
            while at >= 0:
                end = at + len(alias)
                whole = (at == 0 or not is_word_char(phrase[at - 1])) and (
                    end == len(phrase) or not is_word_char(phrase[end]))
                if whole and not any(s <= at < e or s < end <= e for s, e, _ in found):
                    found.append((at, end, self.named[alias]))
                at = phrase.find(alias, end)
        return found

    def _looking_back(self, answering: Answering | None = None) -> Iterator[Named]:
        """The names of the history, newest first. Given who may answer, a noted text that
        cannot name one of them is passed over unread."""
        for entry in reversed(self.history):
            if isinstance(entry, Named):
                yield entry
            elif answering is None or answering.may_stand_in(entry.text):
                yield from reversed(entry.names)

    def _longest_first(self) -> list[str]:
        if self._aliases is None:
            self._aliases = sorted(self.named, key=len, reverse=True)
        return self._aliases

    def resolve(self, phrase: str) -> str | None:
        phrase = single_spaced(phrase)
        lowered = phrase.lower()
        if lowered in ("it", "itself"):
            for name, actor in self._looking_back():
                named_here = actor is None and name in self.named
                if (named_here or (actor is not None and not actor.is_group)) and name != self.author:
                    return name
            return None
        if lowered == "itself":
            return self.author
        head = lowered[4:] if lowered.startswith("the ") else ""
        answering = answering_to(lowered)
        by_title = self._named_by_title(answering.actors)
        if by_title:
            return by_title  # "the Office of the High Commissioner" in a resolution on refugees
        for name, actor in self._looking_back(answering):
            if actor is not None and actor in answering.actors:
                return name
            if actor is None and head and (name.lower().startswith(head) or (head_of(name) or "").lower() == head
                                           or is_short_form(phrase[4:], name)):
                return name
        return self._never_named_before(answering.actors)

    def _named_by_title(self, candidates: tuple[Actor, ...]) -> str | None:
        """Of several actors a short form may mean, the one whose topic words the title holds
        ("refugees": the Office of the High Commissioner for Refugees)."""
        if len(candidates) < 2:
            return None
        title = self.title.lower()
        chosen = [a for a in candidates if _topic_words(a.name) and all(w in title for w in _topic_words(a.name))]
        return chosen[0].name if len(chosen) == 1 else None

    def _never_named_before(self, candidates: tuple[Actor, ...]) -> str | None:
        """The one actor a short form can mean here: the only one, else the one that serves
        the body speaking ("the Advisory Committee" of the Human Rights Council)."""
        if len(candidates) == 1:
            return candidates[0].name
        chosen = [a for a in candidates if a.home == self.author]
        return chosen[0].name if len(chosen) == 1 else None


@dataclass(frozen=True)
class Answering:
    """The registry's actors that a short form ("the office") refers back to, and what must
    stand in a text for it to name one of them: a word of a name (in lower case), or an acronym."""

    actors: tuple[Actor, ...]
    words: tuple[str, ...]
    acronyms: tuple[str, ...]

    def may_stand_in(self, text: str) -> bool:
        if any(acronym in text for acronym in self.acronyms):
            return True
        lowered = lowered_in_place(text)
        return any(word in lowered for word in self.words)


@cache
def answering_to(short_form: str) -> Answering:
    """Who answers to a short form in lower case; each name by its longest word, which a text
    naming it holds whatever spaces stand between the name's words."""
    registry = actors()
    answering = tuple(a for a in registry.actors if any(f.lower() == short_form for f in a.anaphors))
    words = {max(alias.split(), key=len) for alias, actor in registry.by_alias.items() if actor in answering}
    acronyms = {acronym for acronym, actor in registry.by_acronym.items() if actor in answering}
    return Answering(answering, tuple(sorted(words)), tuple(sorted(acronyms)))


def find_addressees(phrase: str, antecedents: Antecedents) -> list[str]:
    """Canonical names of the actors a phrase addresses, in the order it names them: the names
    it holds, then the short forms that refer back, then what no name covers."""
    phrase = single_spaced(phrase).strip(" ,;:")
    if not phrase:
        return []
    reader = AddresseeReader(phrase, antecedents)
    reader.read_names()
    reader.read_short_forms()
    reader.read_chunks()
    return reader.in_order()


class AddresseeReader:
    """What one addressee phrase names: (position, name) found, and the spans they cover."""

    def __init__(self, phrase: str, antecedents: Antecedents):
        self.phrase = phrase
        self.antecedents = antecedents
        self.names: list[tuple[int, str]] = []
        self.covered: list[tuple[int, int]] = []
        self.read_from_chunks: set[int] = set()  # where the names read from head-noun phrases start

    def read_names(self) -> None:
        """Names the document defined, names defined here ("the Working Group on X and Y"), and
        the registry's names."""
        phrase, antecedents = self.phrase, self.antecedents
        defined = antecedents.named_in(phrase) if antecedents.named else []
        for name, _ in document_names(phrase, antecedents.country) if "the " in phrase or "The " in phrase else ():
            at = phrase.find(name)  # a name with "and" inside, named here for the first time
            if at >= 0 and not any(s <= at < e for s, e, _ in defined):
                defined.append((at, at + len(name), antecedents.full_name_of_short_form(name) or name))
        mentions = [m for m in known_mentions(phrase) if not any(s <= m.start < e for s, e, _ in defined)]
        self.covered = [(m.start, m.end) for m in mentions] + [(s, e) for s, e, _ in defined]
        self.names = [(m.start, m.name) for m in mentions if not m.qualifier] + [(s, name) for s, _, name in defined]

    def read_short_forms(self) -> None:
        """"the Commission", "the Office": the body they refer back to."""
        for match in _anaphor_re().finditer(self.phrase):
            if any(s <= match.start() < e for s, e in self.covered):
                continue
            resolved = self.antecedents.resolve(match.group(0))
            if resolved:
                self.names.append((match.start(), resolved))
                self.covered.append((match.start(), match.end()))

    def uncovered_chunks(self) -> Iterator[tuple[int, str, str]]:
        """(start, chunk, what joins it to the next) of what no name covers, cut at commas,
        semicolons, "and", "or"."""
        rest = list(self.phrase)
        for s, e in self.covered:
            rest[s:e] = [NAME_READ] * (e - s)
        rest_text = "".join(rest)
        pieces = CHUNK_SPLIT_KEPT.split(rest_text)
        offset = 0
        for chunk, joiner in zip(pieces[::2], [*pieces[1::2], ""]):
            start = offset
            offset += len(chunk) + len(joiner)
            if chunk.strip():
                yield start, chunk, joiner.strip(f" {NAME_READ}")

    def read_chunks(self) -> None:
        """Each chunk; an adjective before "and" qualifies the next one ("international and
        regional human rights mechanisms"), a bare noun after "and" joins the one before
        ("fisheries organizations and arrangements"), "in the field of ..." ends the one before."""
        adjectives, joiner_before = "", ""
        chunks = list(self.uncovered_chunks())
        for (start, chunk, joiner), following in zip(chunks, [*chunks[1:], (0, "", "")]):
            words, next_chunk = chunk.strip(), following[1].strip()
            if self._continues_last_name(start, words, joiner_before):
                pass
            elif joiner in ("and", "or") and self._qualifies_next(words, next_chunk):
                adjectives = adjectives or f"{words} {joiner} "
                start_of_adjectives = start
            elif adjectives and _head_re().search(words):
                self.read_chunk(start_of_adjectives, f"{adjectives}{words}")
                adjectives = ""
            else:
                adjectives = ""
                self.read_chunk(start, chunk)
            joiner_before = joiner

    @staticmethod
    def _qualifies_next(words: str, next_chunk: str) -> bool:
        """"international" in "international and regional mechanisms"; "representatives" in
        "representatives and mechanisms of the United Nations" (a complement both share)."""
        if NOT_ACTOR_START.match(words):
            return False
        if PLURAL_NOUN_RE.fullmatch(words) and SHARED_COMPLEMENT_RE.search(next_chunk):
            return True
        return bool(ADJECTIVE_RE.fullmatch(words) and not _head_re().search(words))

    def _continues_last_name(self, start: int, words: str, joiner_before: str) -> bool:
        """"and arrangements" after "fisheries organizations", "in the field of human rights"
        after a name: part of the name just read."""
        at, name = max(self.names, default=(-1, ""))
        if FIELD_OF_RE.match(words) and name and at < start:
            joined = f"{name} {words}"
        elif (joiner_before == "and" and at in self.read_from_chunks and PLURAL_NOUN_RE.fullmatch(words)
              and not ADJECTIVE_RE.fullmatch(words) and not _head_re().search(words)):
            joined = f"{name} and {words}"
        else:
            return False
        self.names[self.names.index((at, name))] = (at, joined)
        return True

    def read_chunk(self, start: int, chunk: str) -> None:
        """A pronoun, "its members", "members of" a body named next, or a head-noun phrase."""
        words = chunk.strip()
        if words.lower() in ("it", "itself"):
            self._add(start, self.antecedents.resolve(words))
        elif words.lower() in ("them", "themselves"):  # "Calls upon States ..., and encourages them to"
            for name in self.antecedents.groups_named_last():
                self._add(start, name)
        elif MANDATE_HOLDER_RE.fullmatch(words):  # "invites the mandate holder to report"
            self._add(start, self.antecedents.mandate_holder())
        elif MEMBERS_OF_IT_RE.match(words):  # "the Task Force and its members"
            before = [n for s, n in sorted(self.names) if s < start]
            resolved = before[-1] if before else self.antecedents.resolve("it")
            self._add(start, f"members of the {resolved}" if resolved else None)
        elif not self._members_of_next(start, chunk, words):
            self._head_noun_phrase(start, chunk, words)

    def _members_of_next(self, start: int, chunk: str, words: str) -> bool:
        """"members of the Task Force": the members, of the body named just after."""
        words_end = start + len(chunk) - len(chunk.lstrip()) + len(words)
        if not (words.lower().endswith((" of", " of the")) and _head_re().search(words)):
            return False
        following = [n for s, n in sorted(self.names) if s >= words_end]
        if not following:
            return False
        self.names = [(s, n) for s, n in self.names if n != following[0]]
        members = COUNT_BEFORE_RE.sub("", THE_AROUND_RE.sub("", words))  # "the three members of"
        self.names.append((start, f"{members} the {following[0]}"))
        return True

    def _head_noun_phrase(self, start: int, chunk: str, words: str) -> None:
        """A phrase with a head noun ("relevant United Nations entities"), remembered for later."""
        if NOT_ACTOR_START.match(words) or not _head_re().search(words):
            return
        lead = start + len(chunk) - len(chunk.lstrip())
        if _head_re().fullmatch(words) and words[:1].islower() and any(e in (lead - 1, lead) for _, e in self.covered):
            return  # "civil society actors": the head noun of a name already found
        name = LEADING_THE_RE.sub("", words)
        if name.lower() in ("governments", "states"):
            name = "Member States"
        self.names.append((start, name))
        self.read_from_chunks.add(start)
        self.antecedents.remember(name, None)

    def _add(self, start: int, name: str | None) -> None:
        if name:
            self.names.append((start, name))

    def in_order(self) -> list[str]:
        """Each name once, in the order the phrase names them."""
        return list(dict.fromkeys(name for _, name in sorted(self.names)))
