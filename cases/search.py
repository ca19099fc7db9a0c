"""Typo-tolerant name keys for child search, with no database extension.

The embedded PostgreSQL has no contrib extensions (no pg_trgm), so each name is
turned into keys on save and stored in ``ChildSearchKey`` (one indexed row per
key). A search turns the query into keys the same way, finds the children that
share the most keys, and ranks those few with rapidfuzz. The keys of a token:

- ``e:`` the token itself (exact);
- ``d:`` the token with one letter deleted, each way (SymSpell): two names one
  typo apart (a wrong, missing, extra or swapped letter) share one of these;
- ``m:`` its Metaphone code and ``s:`` its Soundex code, for names that sound
  alike (Siobhan / Shivon, Nowak / Novak).
"""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import jellyfish
from rapidfuzz import fuzz

KEY_WEIGHTS = {"e": 6, "d": 3, "m": 2, "s": 1}
# Deletion keys of very short tokens would match almost everyone.
MIN_DELETION_TOKEN_LENGTH = 4


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lower case, accents removed, apostrophes dropped, other punctuation as spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    ascii_text = re.sub(r"['’`]", "", ascii_text)
    return re.sub(r"[^a-z]+", " ", ascii_text).strip()


def tokens(*names: str) -> list[str]:
    return [token for name in names for token in normalise(name).split() if len(token) > 1]


@lru_cache(maxsize=65536)
def token_keys(token: str) -> frozenset[str]:
    """The keys of one word (remembered: the same names come up again and again)."""
    keys = {f"e:{token}"}
    if len(token) >= MIN_DELETION_TOKEN_LENGTH - 1:
        keys.add(f"d:{token}")  # meets a four-letter name with a letter left out ("kan": "khan")
    if len(token) >= MIN_DELETION_TOKEN_LENGTH:
        keys.update(f"d:{token[:i]}{token[i + 1 :]}" for i in range(len(token)))
    keys.add(f"m:{jellyfish.metaphone(token)}")
    keys.add(f"s:{jellyfish.soundex(token)}")
    return frozenset(key[:40] for key in keys)


def name_keys(names: Iterable[str]) -> set[str]:
    return {key for token in tokens(*names) for key in token_keys(token)}


def key_weight(key: str) -> int:
    return KEY_WEIGHTS[key[0]]


def similarity(query: str, names: Iterable[str]) -> float:
    """0–100: how well the query matches the best of a child's names.

    Each word of the query is scored against the name's closest word and the scores
    averaged, so word order does not matter, a misspelt word still scores ("smtih"
    against "smith" is 80), and a word the name lacks costs ("zara smith" against
    "aaron smith" is 72).
    """
    wanted = tokens(query)
    if not wanted:
        return 0.0
    best = 0.0
    for name in names:
        have = normalise(name).split()
        if have:
            score = sum(max(fuzz.ratio(word, other) for other in have) for word in wanted) / len(wanted)
            best = max(best, score, fuzz.token_sort_ratio(" ".join(wanted), " ".join(have)))
    return best


def closeness(query: str, names: Iterable[str]) -> float:
    """0–100: the whole name against the query, word order aside (breaks ties of ``similarity``)."""
    wanted = normalise(query)
    return max((fuzz.token_sort_ratio(wanted, normalise(name)) for name in names), default=0.0)
