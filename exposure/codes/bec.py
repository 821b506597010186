"""End use of products by the UN Broad Economic Categories (DESIGN §5, layer 4).

Each HS2017 subheading has a BEC Rev.4 basic category in the UN HS2017–BEC correlation
(``data/hs6_bec.csv``), and each BEC category an end-use class by the UN's BEC → SNA
basic-class correspondence:

=============  ==========================================================
capital        41, 521 (capital goods; industrial transport equipment)
intermediate   111, 121, 21, 22, 31, 322, 42, 53 (food and fuels for industry,
               industrial supplies, parts and accessories)
consumption    112, 122, 522, 61, 62, 63
mixed          321 motor spirit, 51 passenger cars, 7 goods n.e.s. (the UN assigns
               them to no class: they serve firms and households alike), and 32,
               which the UN table gives petroleum oils without splitting out 321
=============  ==========================================================

Policy for the engine (:data:`CHANNEL`): intermediate goods go through the input–output
propagation; capital goods to the investment channel and consumption goods to the
final-demand channel, each reported on its own; **mixed and unmatched codes go through the
input–output propagation as intermediate inputs, flagged** (:data:`FLAGGED`), so no import
value is silently left out. End-use overrides still win.

Where a code maps to several BEC categories (100 HS2017 codes are ``n:n`` in the UN table,
with no published split; HS2012 codes that UNSD splits over several HS2017 codes), every
link gets an equal share and the code takes the class holding **more than half** of the
weight; with no such class it is ``mixed``. ``share`` reports the weight of the class given
(of the largest class for ``mixed``), ``detail`` the links and weights behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from exposure.codes.hs_revisions import REVISIONS, hs_concordance, revision_links
from exposure.codes.normalize import code_system_parts, normalize_codes
from exposure.texts import check_lang, explain_codes
from exposure.errors import ConfigError, DataError

END_USES = ("capital", "intermediate", "consumption", "mixed", "unmatched")
#: engine channel of each end-use class
CHANNEL = {"capital": "investment", "intermediate": "io", "consumption": "final_demand", "mixed": "io",
           "unmatched": "io"}
#: classes that take the intermediate (IO) route by default and must be flagged when they do
FLAGGED = frozenset({"mixed", "unmatched"})
COLUMNS = ["code", "code_system", "bec", "end_use", "share", "reason", "detail"]

END_USE_NAMES = {
    "capital": {"ko": "자본재", "en": "capital goods"},
    "intermediate": {"ko": "중간재", "en": "intermediate goods"},
    "consumption": {"ko": "소비재", "en": "consumption goods"},
    "mixed": {"ko": "혼합(용도 미지정)", "en": "mixed (end use not assigned)"},
    "unmatched": {"ko": "BEC 미연계", "en": "no BEC link"},
}

REASONS = {
    "bec": {"ko": "UN BEC → SNA 기본분류에 따른 용도", "en": "end use by the UN BEC → SNA basic classes"},
    "bec_unassigned": {"ko": "UN이 SNA 분류를 지정하지 않은 BEC(321 휘발유, 51 승용차, 7 기타, 32 석유제품)",
                       "en": "BEC category the UN assigns to no SNA class (321 motor spirit, 51 passenger cars, "
                             "7 n.e.s., 32 petroleum oils)"},
    "bec_split": {"ko": "여러 BEC에 연계: 가중치 과반 분류", "en": "linked to several BEC categories: the class "
                                                                "with most of the weight"},
    "no_majority": {"ko": "과반 가중치를 가진 분류 없음 → 혼합", "en": "no class holds more than half of the "
                                                               "weight → mixed"},
    "hsk10_hs6": {"ko": "HSK 10단위의 앞 6자리(HS6)로 분류", "en": "HSK10 code read by its first six digits"},
    "hs_revision": {"ko": "UNSD 개정 연계표로 HS2017 코드로 변환", "en": "converted to HS2017 through the UNSD "
                                                                  "revision tables"},
    "partly_unmatched": {"ko": "연계된 HS2017 코드 일부는 BEC 연계 없음(가중치 제외)",
                         "en": "some linked HS2017 codes have no BEC link (their weight left out)"},
    "not_in_bec_table": {"ko": "UN HS2017–BEC 연계표에 없는 HS2017 코드(화폐용 금·주화)",
                         "en": "HS2017 code without a link in the UN HS2017–BEC table (monetary gold, coin)"},
    "not_in_hs": {"ko": "해당 HS 개정판의 코드가 아님", "en": "not a code of that HS revision"},
    "malformed": {"ko": "코드 형식 오류", "en": "not a valid code"},
    "unknown_system": {"ko": "지원하지 않는 코드 체계(HS6, HSK10만 가능)",
                       "en": "code system not supported (HS6 or HSK10 only)"},
}


@lru_cache(maxsize=1)
def _bec() -> dict[str, list[tuple[str, str, float]]]:
    path = resources.files("exposure.codes") / "data" / "hs6_bec.csv"
    with path.open("r", encoding="utf-8") as fh:
        t = pd.read_csv(fh, dtype={"hs6": str, "bec": str, "end_use": str, "weight": float, "relationship": str})
    out: dict[str, list[tuple[str, str, float]]] = {}
    for rec in t.itertuples(index=False):
        out.setdefault(rec.hs6, []).append((rec.bec, rec.end_use, float(rec.weight)))
    return out


@lru_cache(maxsize=3)
def _to_2017(revision: str) -> dict[str, list[tuple[str, float]]]:
    table = hs_concordance(revision, "2017")
    out: dict[str, list[tuple[str, float]]] = {}
    for rec in table.itertuples(index=False):
        out.setdefault(rec.from_code, []).append((rec.to_code, float(rec.weight)))
    return out


@lru_cache(maxsize=1)
def _hs2017_codes() -> frozenset[str]:
    """Every HS2017 subheading (the UNSD HS2017–HS2012 correlation lists them all)."""
    return frozenset(revision_links("2017", "2012", "correlation")["from_code"])


def end_use_classes(codes: Sequence[object] | pd.Series, code_systems: str | Sequence[str] | None = None
                    ) -> pd.DataFrame:
    """End-use class (capital, intermediate, consumption, mixed) of product codes.

    Parameters
    ----------
    codes : sequence or Series
        HS6 or HSK10 codes; lost leading zeros are restored (``10619`` → ``010619``).
    code_systems : str or sequence of str, optional
        One label for all codes or one per code: ``HS6`` / ``HS6-2017`` (default revision
        2017), ``HS6-2012``, ``HS6-2022``, Comtrade's ``H4``/``H5``/``H6``, ``HSK10`` (read by
        its first six digits as HS2017; ``HSK10-2022`` for HSK lines of 2022 on). None: six
        digits or fewer are HS6-2017, nine or ten digits HSK10.

    Returns
    -------
    pandas.DataFrame
        One row per distinct normalised (code, code system), in order of appearance: ``code`` (normalised,
        or as given when it is not a valid code), ``code_system``, ``bec`` (BEC codes joined
        with ``|``; empty when unmatched), ``end_use`` (one of :data:`END_USES`), ``share``
        (weight of the class given; NaN when unmatched), ``reason`` (``;``-joined codes of
        :data:`REASONS`, see :func:`explain_end_use`) and ``detail`` (links and weights).
        Nothing is dropped: codes that match nothing are ``unmatched`` with their reason.

    Examples
    --------
    >>> end_use_classes(["848620", "2811111000", "870323"])[["code", "end_use"]].values.tolist()
    [['848620', 'capital'], ['2811111000', 'intermediate'], ['870323', 'mixed']]
    """
    raw = codes if isinstance(codes, pd.Series) else pd.Series(list(codes), dtype=object)
    raw = raw.reset_index(drop=True)
    if code_systems is None or isinstance(code_systems, str):
        systems = pd.Series([code_systems] * len(raw), dtype=object)
    else:
        systems = pd.Series(list(code_systems), dtype=object)
        if len(systems) != len(raw):
            raise ConfigError(f"code_systems has {len(systems)} entries for {len(raw)} codes")
    text = raw.astype("object").where(raw.notna(), "").astype(str).str.strip()
    pairs = pd.DataFrame({"text": text, "system": systems.astype("object").where(systems.notna(), "")})
    pairs = pairs.astype(str).drop_duplicates().reset_index(drop=True)
    # every scenario of a run asks for the same products: classified once, a fresh copy each time
    return _classes(tuple(pairs["text"].tolist()), tuple(pairs["system"].tolist())).copy()


@lru_cache(maxsize=4)
def _classes(texts: tuple[str, ...], labels: tuple[str, ...]) -> pd.DataFrame:
    """:func:`end_use_classes` of distinct (code text, code system label) pairs."""
    pairs = pd.DataFrame({"text": pd.Series(texts, dtype=object), "system": pd.Series(labels, dtype=object)})
    parsed = [_system_of(t, s) for t, s in zip(pairs["text"], pairs["system"])]
    normal = _normalise(pairs["text"], parsed)
    rows = [_classify(t, s, p, n) for t, s, p, n in zip(pairs["text"], pairs["system"], parsed, normal)]
    out = pd.DataFrame(rows, columns=COLUMNS).astype({"share": "float64"})
    # 10121 and "010121" are one code once normalised
    return out.drop_duplicates(["code", "code_system"]).reset_index(drop=True)


def explain_end_use(reason: str | pd.Series, lang: str = "ko") -> str | pd.Series:
    """Korean or English text of the ``reason`` codes of :func:`end_use_classes`.

    Examples
    --------
    >>> explain_end_use("hsk10_hs6;bec", "en")
    'HSK10 code read by its first six digits; end use by the UN BEC → SNA basic classes'
    """
    return explain_codes(reason, REASONS, lang)


def end_use_name(end_use: str | pd.Series, lang: str = "ko") -> str | pd.Series:
    """Display name of an end-use class (``"capital"`` → ``"자본재"`` / ``"capital goods"``)."""
    check_lang(lang)
    if isinstance(end_use, pd.Series):
        return end_use.map(lambda e: END_USE_NAMES.get(e, {}).get(lang, e)).astype(object)
    return END_USE_NAMES.get(end_use, {}).get(lang, end_use)


def engine_channel(end_use: str | pd.Series) -> str | pd.Series:
    """The route the engine gives an end-use class: ``io``, ``investment`` or ``final_demand`` (see :data:`CHANNEL`)."""
    if isinstance(end_use, pd.Series):
        return end_use.map(CHANNEL).fillna("io").astype(object)
    return CHANNEL.get(end_use, "io")



# --------------------------------------------------------------------------- one code


def _unmatched(code: str, system: str, reason: str, detail: str = "") -> list[object]:
    return [code, system, "", "unmatched", np.nan, reason, detail]


def _system_of(text: str, label: str) -> tuple[str, str] | None:
    """(level, revision) of a code: from the label, else from the number of digits."""
    if label:
        try:
            level, revision = code_system_parts(label)
        except ValueError:
            return None
        return (level, revision or "2017") if level in ("HS6", "HSK10") else None
    digits = "".join(ch for ch in text.removesuffix(".0") if ch.isdigit())
    if 1 <= len(digits) <= 6:
        return "HS6", "2017"
    if len(digits) in (9, 10):
        return "HSK10", "2017"
    return None


def _normalise(texts: pd.Series, parsed: list[tuple[str, str] | None]) -> list[str | DataError]:
    """Each code with its zeros restored, or the DataError saying why it is not a code (one batch per level)."""
    out: list[str | DataError] = [DataError("", "no code system")] * len(texts)
    for level in ("HS6", "HSK10"):
        idx = [i for i, p in enumerate(parsed) if p is not None and p[0] == level]
        if not idx:
            continue
        try:
            done = normalize_codes(texts.iloc[idx], level).tolist()
        except DataError:  # at least one bad code: find which, one by one
            done = []
            for i in idx:
                try:
                    done.append(normalize_codes([texts.iloc[i]], level).iloc[0])
                except DataError as exc:
                    done.append(exc)
        for i, value in zip(idx, done):
            out[i] = value
    return out


def _classify(text: str, label: str, parsed: tuple[str, str] | None, code: str | DataError) -> list[object]:
    if parsed is None:
        return _unmatched(text, label, "unknown_system",
                          f"code system '{label}'" if label else f"cannot tell HS6 from HSK10 by '{text}'")
    level, revision = parsed
    system = f"HS6-{revision}" if level == "HS6" else ("HSK10" if revision == "2017" else f"HSK10-{revision}")
    if isinstance(code, DataError):
        return _unmatched(text, system, "malformed", code.problem)
    reasons = ["hsk10_hs6"] if level == "HSK10" else []
    hs6 = code[:6]
    if revision not in REVISIONS:
        return _unmatched(code, system, ";".join([*reasons, "unknown_system"]), f"HS{revision} is not supported")
    if revision == "2017":
        links = [(hs6, 1.0)]
        if hs6 not in _bec():
            why = "not_in_bec_table" if hs6 in _hs2017_codes() else "not_in_hs"
            return _unmatched(code, system, ";".join([*reasons, why]), f"HS2017 {hs6}")
        via = f"HS2017 {hs6}"
    else:
        links = _to_2017(revision).get(hs6, [])
        if not links:
            return _unmatched(code, system, ";".join([*reasons, "not_in_hs"]), f"HS{revision} {hs6}")
        reasons.append("hs_revision")
        via = f"HS{revision} {hs6} → HS2017 " + ", ".join(f"{c} ({w:.3g})" if len(links) > 1 else c
                                                          for c, w in links)
    return _decide(code, system, links, reasons, via)


def _decide(code: str, system: str, links: list[tuple[str, float]], reasons: list[str], via: str) -> list[object]:
    weights: dict[str, float] = {}
    becs: list[str] = []
    missing = 0.0
    for hs2017, w in links:
        found = _bec().get(hs2017)
        if not found:
            missing += w
            continue
        total = sum(x[2] for x in found)
        for bec, cls, wb in found:
            weights[cls] = weights.get(cls, 0.0) + w * wb / total
            if bec not in becs:
                becs.append(bec)
    if not weights:
        return _unmatched(code, system, ";".join([*reasons, "not_in_bec_table"]), via)
    if missing > 0:
        reasons.append("partly_unmatched")
    total = sum(weights.values())
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], END_USES.index(kv[0])))
    best, share = ranked[0][0], ranked[0][1] / total
    if len(becs) > 1:
        reasons.append("bec_split")
    if share <= 0.5:
        best = "mixed"
        reasons.append("no_majority")
    elif best == "mixed":
        reasons.append("bec_unassigned")
    elif len(becs) == 1:
        reasons.append("bec")
    detail = f"{via}; BEC {', '.join(becs)}; " + ", ".join(f"{c} {w / total:.3g}" for c, w in ranked)
    return [code, system, "|".join(becs), best, share, ";".join(reasons), detail]
