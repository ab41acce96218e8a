"""The parser's vocabulary, loaded once from the TOML files in data/.

Adding a verb, an actor or a session calendar is one line in those files.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def load_data(name: str) -> dict:
    with open(DATA_DIR / name, "rb") as f:
        return tomllib.load(f)


def plural_form(verb: str) -> str:
    """'requests' -> 'request', 'calls upon' -> 'call upon' (declarations speak so)."""
    first, _, rest = verb.partition(" ")
    if first.endswith(("sses", "shes", "ches", "xes")):
        first = first[:-2]
    elif first.endswith("ies"):
        first = first[:-3] + "y"
    elif first.endswith("s"):
        first = first[:-1]
    return f"{first} {rest}".strip()


@dataclass(frozen=True)
class Verbs:
    verb_class: dict[str, str]  # surface form (third person or plural) -> class
    canonical: dict[str, str]  # surface form -> third-person form
    third_person: frozenset[str]  # the forms a resolution writes ("requests", "calls on")
    modifiers: tuple[str, ...]
    no_addressee: frozenset[str]
    asking_classes: tuple[str, ...]
    renewed: dict[str, str]
    not_after: tuple[str, ...]

    def pattern(self, plural: bool) -> str:
        """Every verb form; a multiword verb may hold a modifier ("calls once again upon")."""
        forms = [f for f in self.canonical if plural or f in self.third_person]
        gap = rf"(?:\s+(?:{self.modifier_pattern()}))*\s+"
        return trie_pattern(forms, space=gap)

    def canonical_of(self, surface: str) -> str:
        """'Calls once again upon' -> 'calls upon'."""
        words = " ".join(surface.lower().split())
        if words in self.canonical:
            return self.canonical[words]
        for modifier in sorted(self.modifiers, key=len, reverse=True):
            words = re.sub(rf"\s+{re.escape(modifier)}(?=\s|$)", "", words)
        return self.canonical.get(words, words)

    def modifier_pattern(self) -> str:
        return trie_pattern(self.modifiers)


@cache
def verbs() -> Verbs:
    data = load_data("verbs.toml")
    verb_class, canonical = {}, {}
    same_as = data.get("same_as", {})
    for cls, words in data["classes"].items():
        for word in words:
            for form in (word, plural_form(word)):
                verb_class.setdefault(form, cls)
                canonical.setdefault(form, same_as.get(word, word))
            verb_class.setdefault(same_as.get(word, word), cls)
    return Verbs(
        verb_class=verb_class,
        canonical=canonical,
        third_person=frozenset(word for words in data["classes"].values() for word in words),
        modifiers=tuple(data["modifiers"]),
        no_addressee=frozenset(data["no_addressee"]),
        asking_classes=tuple(data["asking_classes"]),
        renewed=dict(data["renewed"]),
        not_after=tuple(data["not_after_verb"]["words"]),
    )


@dataclass(frozen=True)
class Actor:
    name: str
    group: str
    acronym: str = ""
    aliases: tuple[str, ...] = ()
    anaphors: tuple[str, ...] = ()
    alone: bool = False  # addresses only where no lower-case word follows it
    home: str = ""  # the organ it serves: "the Advisory Committee" of which organ

    @property
    def is_group(self) -> bool:
        return self.group in GROUP_KINDS or self.name[:1].islower() or self.name.endswith("States")


GROUP_KINDS = {"states", "un-system", "intl-orgs", "ifi-group", "civil-society", "community", "institutions"}


@dataclass(frozen=True)
class Actors:
    actors: tuple[Actor, ...]
    heads: tuple[str, ...]
    group_heads: tuple[str, ...]
    lower_case_heads: tuple[str, ...]
    topic_heads: tuple[str, ...]  # mandates named for a topic that may be a list
    by_alias: dict[str, Actor] = field(default_factory=dict)
    by_acronym: dict[str, Actor] = field(default_factory=dict)


@cache
def actors() -> Actors:
    data = load_data("actors.toml")
    items = tuple(
        Actor(
            name=a["name"],
            group=a.get("group", ""),
            acronym=a.get("acronym", ""),
            aliases=tuple(a.get("aliases", ())),
            anaphors=tuple(a.get("anaphors", ())),
            alone=a.get("alone", False),
            home=a.get("home", ""),
        )
        for a in data["actors"]
    )
    by_alias, by_acronym = {}, {}
    for actor in items:
        for alias in (actor.name, *actor.aliases):
            by_alias.setdefault(" ".join(alias.lower().split()), actor)
        if actor.acronym:
            by_acronym[actor.acronym] = actor
    return Actors(items, tuple(data["heads"]), tuple(data["group_heads"]), tuple(data["lower_case_heads"]),
                  tuple(data["topic_heads"]), by_alias, by_acronym)


@dataclass(frozen=True)
class Body:
    """An organ that adopts resolutions (data/bodies.toml)."""

    name: str
    symbol: str
    calendar: str
    sessions: str  # "numbered", "year" or "none"

    def symbol_for(self, number: str, year: int | None = None) -> str:
        return self.symbol.format(number=number, year=year or "")


@cache
def bodies() -> dict[str, Body]:
    """The bodies by name, the General Assembly first."""
    return {b["name"]: Body(**b) for b in load_data("bodies.toml")["bodies"]}


@cache
def member_states() -> dict[str, tuple[str, ...]]:
    """Each Member State's name and the other forms texts use for it (data/countries.toml)."""
    return {s["name"]: (s["name"], *s.get("forms", ())) for s in load_data("countries.toml")["member_states"]}


@cache
def grammar() -> dict[str, dict[str, list[str]]]:
    """The word lists of data/grammar.toml, by role."""
    return load_data("grammar.toml")


def trie_pattern(phrases, space: str = r"\s+") -> str:
    """One regex for many phrases, shared beginnings factored out: far faster than a|b|c...

    Longer phrases win over their prefixes, as in a longest-first alternation, so it
    matches what that alternation would. A space in a phrase stands for `space`.
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        ends = "" in node
        branches = [(space if ch == " " else re.escape(ch)) + build(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def alternation(words) -> str:
    """A regex alternation of words or phrases, longest first, spaces as any white space."""
    return trie_pattern(set(words))


@cache
def calendars() -> dict[str, dict]:
    return load_data("sessions.toml")
