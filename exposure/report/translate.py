"""The engine's and loaders' English texts in the reader's language (issue 17: every text follows ``--lang``).

The core writes its reasons, flags, notes and warnings in English (they are also what the CSV
tables and the logs carry). The report shows them in the language of the report: a
:class:`Translator` turns each text into Korean with the exact strings and patterns of
:mod:`exposure.report.phrases` (the analysis) and :mod:`exposure.report.phrases_io` (the
loaders), and gives Korean or English names to the enumerated values of the tables (channels,
end uses, flag kinds, production functions …) and to scenarios (their ``name_ko``/``name_en``,
never the id).

A text made of several reasons joined with ``"; "`` is translated part by part, the longest
parts first (a reason may hold a ``;`` of its own). A text no pattern knows is kept as it is;
:func:`english_words` finds what is left, and the tests hold the Korean workbook of a real run
to having none.

Examples
--------
>>> Translator("ko").text("no SME share (sector not in the sector profile); no exports for this sector")
'중소기업 비중 없음 (업종 프로필에 없는 업종); 이 업종의 수출액 없음'
>>> Translator("en").text("blank row")
'blank row'
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from functools import lru_cache

import pandas as pd

from exposure.report.labels import check_lang
from exposure.schema import CATALOGUE

#: (Korean, English) names of the values the tables carry, by column
VOCAB: dict[str, dict[str, tuple[str, str]]] = {
    "channel": {
        "direct": ("직접(비례 배분)", "direct (proportional)"), "override": ("최종 용도 지정", "end-use override"),
        "critical": ("핵심 투입재", "critical input"), "downstream": ("국내 공급망 파급", "downstream"),
        "demand": ("수요(보복)", "demand (retaliation)"), "intermediate": ("중간재", "intermediate inputs"),
        "investment": ("투자(자본재)", "investment (capital goods)"),
        "final_demand": ("최종수요(소비재)", "final demand (consumption goods)"),
    },
    "end_use": {"intermediate": ("중간재", "intermediate"), "capital": ("자본재", "capital"),
                "consumption": ("소비재", "consumption"), "mixed": ("혼합", "mixed"),
                "unmatched": ("BEC 미매칭", "not in the HS–BEC table")},
    "phi_source": {"rule": ("시나리오 규칙", "scenario rule"), "scenario": ("시나리오 기본값", "scenario default"),
                   "1 - target_world_share": ("1 − 대상국 세계수출 점유율", "1 − target's world export share"),
                   "config phi_default": ("분석 매개변수 기본값", "analysis default")},
    "export_source": {"profile": ("업종 프로필", "sector profile"), "io": ("산업연관표", "input–output table")},
    "sme_share_basis": {"export": ("수출", "export"), "output-calibrated": ("산출(보정)", "output, calibrated"),
                        "output": ("산출", "output")},
    "production": {"linear": ("선형", "linear"), "ces": ("CES", "CES"), "leontief": ("레온티예프", "Leontief")},
    "severity": {"info": ("참고", "info"), "warning": ("경고", "warning")},
    "criticality": {"critical": ("핵심", "critical"), "important": ("중요", "important"),
                    "non-critical": ("비핵심", "non-critical")},
    "scope": {"total": ("전체", "all products"), "sector": ("업종별", "by sector")},
    "total_basis": {"WLD": ("세계 합계", "world total"), "partners": ("상대국 합계", "sum of partners"),
                    "none": ("합계 없음", "no total")},
    "role": {"imports": ("수입", "imports"), "exports": ("수출 상위 품목", "top export items"),
             "profile": ("업종 프로필", "sector profile"), "io": ("산업연관표", "input–output table"),
             "world_exports": ("세계 수출", "world exports"), "own_exports": ("자국 수출", "own exports"),
             "monthly": ("월별 수입", "monthly imports"), "scenario": ("시나리오", "scenario"),
             "mapping": ("매핑", "mapping"), "overrides": ("최종 용도 배분표", "end-use overrides"),
             "critical_inputs": ("핵심 투입재 표", "critical inputs"), "sme_exports": ("기업규모별 수출", "SME exports"),
             "names": ("품목명 분류", "product names"), "countermeasures": ("대응책", "counter-measures")},
    "parameter": {"coverage": ("공급차질 범위 c", "coverage c"), "phi": ("대체 가능 비율 φ", "substitutable fraction φ"),
                  "buffer_days": ("재고 일수 b", "stock days b"), "lag_days": ("대체 소요일 L", "substitution lag L"),
                  "io": ("산업연관 계수", "input–output coefficients"), "sme_share": ("중소기업 비중", "SME shares"),
                  "sigma": ("CES 대체탄력성 σ", "CES elasticity σ"),
                  "criticality": ("'중요' 투입재 가중치", "weight of important inputs"),
                  "overrides": ("최종 용도 배분 비중", "end-use override shares"),
                  "weights": ("종합지수 가중치", "composite weights"),
                  "normalisation": ("종합지수 정규화", "composite normalisation")},
    "indicator": {"target_share": ("대상국 의존도", "target share"), "import_hhi": ("수입 집중도(HHI)", "import HHI")},
    "kind": {
        "supply": ("공급 차질", "supply"), "demand": ("수요(보복)", "demand"),
        "rule_end_use": ("규칙의 최종 용도 지정", "end use set by a rule"),
        "rule_end_use_unknown_sector": ("규칙의 용도 업종 없음", "rule's end-use sector unknown"),
        "shortfall_unknown": ("공급 부족액 미상", "shortfall unknown"),
        "no_concordance": ("연계표 미등록 품목", "product not in the concordance"),
        "sector_not_in_io": ("산업연관표 밖 업종으로 배분", "weight to sectors outside the table"),
        "override_used": ("최종 용도 배분 사용", "end-use override used"),
        "share_capped": ("수입 손실 비율 상한", "share of imports lost capped"),
        "exposure_capped": ("노출률 상한", "exposure rate capped"),
        "end_use_investment": ("자본재(투자 경로)", "capital goods (investment)"),
        "end_use_final_demand": ("소비재(최종수요 경로)", "consumption goods (final demand)"),
        "end_use_mixed": ("용도 혼합 품목", "mixed end use"),
        "scenario_entry_unmatched": ("시나리오 항목 미일치", "scenario entry matches nothing"),
        "sector_no_data": ("자료 없는 업종", "sectors without data"), "run_warning": ("실행 경고", "run warning"),
    },
    "format": {"comtrade-legacy": ("UN Comtrade CSV(구형)", "UN Comtrade CSV (legacy)"),
               "comtrade-plus": ("UN Comtrade CSV", "UN Comtrade CSV"), "oecd-iot": ("OECD 산업연관표", "OECD IOT"),
               "oecd-leontief": ("OECD 레온티예프 역행렬", "OECD Leontief inverse"),
               "economic-census": ("경제총조사", "Economic Census"), "baci": ("CEPII BACI", "CEPII BACI"),
               "baci-zip": ("CEPII BACI (zip)", "CEPII BACI (zip)"), "combine": ("여러 파일 결합", "files combined"),
               "csv": ("CSV", "CSV"), "xlsx": ("XLSX", "XLSX"), "xls": ("XLS", "XLS"), "html": ("HTML", "HTML")},
    "code_system": {"sectors": ("업종", "sectors")},
    "flow": {"M": ("수입", "imports"), "X": ("수출", "exports")},
    "value_unit": {"USD over the horizon": ("달러, 분석 기간 합계", "USD over the horizon"),
                   "share of imports lost, before the cap": ("수입 손실 비율(상한 적용 전)",
                                                             "share of imports lost, before the cap"),
                   "share of output lost in the first round": ("1차 산출 손실 비율", "share of output lost in the first round")},
    "world_match": {},  # filled from exposure.alternatives.TEXTS below
}
VOCAB["flags_kind"] = VOCAB["kind"]

#: the key columns of the trade-flow tables, as the loaders' messages name them
KEY_LABELS = {"year": ("연도", "year"), "month": ("월", "month"), "reporter": ("보고국", "reporter"),
              "partner": ("상대국", "partner"), "flow": ("수출입 구분", "flow"), "code": ("품목 코드", "code"),
              "code_system": ("코드 체계", "code system")}

#: text columns whose values are engine sentences (translated by pattern); "; " joins several
SENTENCE_COLUMNS = {"reasons", "no_data_reason", "notes", "flags", "detail", "note", "rule", "supply_basis",
                    "warnings", "reason", "problem", "unit", "source", "sectors", "label"}
#: columns whose values are machine codes of the screens, explained by their own modules
EXPLAINED_COLUMNS = {"alternatives": ("reason", "world_match"), "next_targets": ("reason", "criteria_met",
                                                                                 "criteria_unknown",
                                                                                 "own_export_source", "world_match"),
                     "dependence": ("note",),
                     "countermeasures": ("kinds", "cost_basis", "krw_per_usd_source"), "top100": ("best_basis",)}

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
#: words an English-free Korean text may hold: units, acronyms, formula letters, file types
ALLOWED_WORDS = {"USD", "KRW", "JPY", "CNY", "EUR", "HS", "HSK", "KSIC", "OECD", "BEC", "CES", "HHI", "MTI", "CEPII",
                 "BACI", "UN", "Comtrade", "ISO", "CSV", "XLSX", "XLS", "HTML", "TOML", "PDF", "PNG", "SVG", "UTF",
                 "CP", "WLD", "UNK", "KITA", "KIET", "HRI", "FKI", "KERI", "GeoDep", "IOT", "SHA", "exposure", "zip",
                 "macOS", "Parquet", "parquet", "a", "ds", "z", "L", "D", "M", "X", "Z", "A", "T", "G", "H", "N",
                 "b", "c", "s", "e", "i", "j",
                 "k", "m", "p", "t", "q", "x", "d", "y", "min", "max", "ln", "φ", "σ"}


def english_words(text: object, allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The English words of ``text`` that a Korean reader would stumble on.

    Words in :data:`ALLOWED_WORDS` or ``allowed`` (units, acronyms, formula letters), words in
    capitals (codes such as ``JPN``, ``D26``), tokens that hold a digit or an underscore and text in
    single quotes (a name from the input file) are not counted.

    Examples
    --------
    >>> english_words("D26 컴퓨터: no SME share (KSIC 2611)")
    ['no', 'share']
    """
    # codes and options (D26, HS6-2017, sme_share, --draws, a.csv) are not words, and text in quotes is the
    # input's own (a file's column or sheet name): taken out first
    plain = re.sub(r"'[^']*'", " ", str(text))
    plain = re.sub(r"(?:--[\w\-]+|[\w'’\-.]*[\d_][\w'’\-.]*|\S+\.(?:csv|xlsx|xls|ods|toml|json|html|zip|pdf|png|svg|parquet))", " ",
                   plain)
    return [w for w in _WORD.findall(plain) if not (w.isupper() or w in ALLOWED_WORDS or w in allowed)]


class _Formatter(string.Formatter):
    """Fills a Korean template: ``{x:t}`` translated again, ``{x:c}`` column labels, ``{x:s}`` scenario
    names, ``{x:r}`` rule names, ``{x:k}`` country names, ``{x:v}`` a vocabulary value, ``{x:p}`` a plural-free
    count, ``{x:q}`` a list of names as written, each quoted."""

    def __init__(self, translator: "Translator") -> None:
        super().__init__()
        self.tr = translator

    def format_field(self, value: object, format_spec: str) -> str:
        text = "" if value is None else str(value)
        if not format_spec:
            return text
        fn = {"t": self.tr.text, "c": self.tr.columns, "s": self.tr.scenario_list, "r": self.tr.rule,
              "k": self.tr.countries, "v": self.tr.any_value, "m": self.tr.countermeasure,
              "n": _number, "q": _quoted}.get(format_spec)
        return fn(text) if fn else format(text, format_spec)


def _quoted(text: str) -> str:
    """A list of names as written, each in single quotes (``code, sector`` → ``'code', 'sector'``)."""
    return ", ".join(f"'{name.strip()}'" for name in text.split(","))


class Translator:
    """Texts and values of a run in ``lang``.

    Parameters
    ----------
    lang : {"ko", "en"}
    scenarios : mapping, optional
        Scenario id → its name in ``lang`` (``Results.scenarios`` name_ko / name_en).
    """

    def __init__(self, lang: str, scenarios: Mapping[str, str] | None = None,
                 countermeasures: Mapping[str, str] | None = None) -> None:
        self.lang = check_lang(lang)
        self.scenario_names = dict(scenarios or {})
        self.countermeasure_names = dict(countermeasures or {})
        self._fmt = _Formatter(self)
        self._memo: dict[str, str] = {}

    # ------------------------------------------------------------------ values
    def value(self, column: str, value: object) -> str:
        """The name of an enumerated ``value`` of ``column`` (comma-separated lists value by value)."""
        text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
        if column == "scenario":
            return self.scenario(text)
        if column == "rank_basis":
            return self.column_label(text) if text != "composite" else ("종합지수" if self.lang == "ko"
                                                                        else "composite index")
        table = VOCAB.get(column)
        if not table or not text:
            return text
        if text in table:
            return table[text][0 if self.lang == "ko" else 1]
        parts = [p.strip() for p in text.split(",")]
        if len(parts) > 1 and all(p in table for p in parts):
            return ", ".join(table[p][0 if self.lang == "ko" else 1] for p in parts)
        return text

    def any_value(self, text: str) -> str:
        for table in VOCAB.values():
            if text in table:
                return table[text][0 if self.lang == "ko" else 1]
        return text

    def scenario(self, name: str) -> str:
        """A scenario's display name (its id when the run gives no name)."""
        return self.scenario_names.get(name, name)

    def countermeasure(self, name: str) -> str:
        """A counter-measure's display name (its id when the run gives no name)."""
        return self.countermeasure_names.get(name, name)

    def scenario_list(self, text: str) -> str:
        return ", ".join(self.scenario(s.strip()) for s in text.split(","))

    def column_label(self, name: str) -> str:
        """A column's short label (its header without the unit in parentheses)."""
        if name in KEY_LABELS:
            return KEY_LABELS[name][0 if self.lang == "ko" else 1]
        col = CATALOGUE.get(name)
        if col is None:
            return name
        label = col.label_ko if self.lang == "ko" else col.label_en
        return re.sub(r"\s*\([^()]*\)$", "", label) or label

    def columns(self, text: str) -> str:
        parts = re.split(r"(, | and )", text)
        return "".join(self.column_label(p) if i % 2 == 0 else (", " if self.lang == "ko" else p)
                       for i, p in enumerate(parts))

    def rule(self, name: str) -> str:
        from exposure.report.phrases import RULE_NAMES

        return RULE_NAMES.get(name, name) if self.lang == "ko" else name

    def countries(self, text: str) -> str:
        from exposure.monitor.texts import country

        return ", ".join(country(c.strip(), self.lang) if re.fullmatch(r"[A-Z]{3}", c.strip()) else c
                         for c in text.split(","))

    # ------------------------------------------------------------------ sentences
    def text(self, text: object) -> str:
        """``text`` in the report's language (kept as it is when no pattern knows it)."""
        if text is None or (isinstance(text, float) and text != text):
            return ""
        s = str(text)
        if not s.strip():
            return s
        if s not in self._memo:
            self._memo[s] = self._translate(s) if self.lang == "ko" else self._names_in(s)
        return self._memo[s]

    def _names_in(self, s: str) -> str:
        """An English text with the scenario ids of its scenario placeholders replaced by the scenarios' names."""
        if not self.scenario_names:
            return s
        for part in dict.fromkeys([s, *s.split("; ")]):
            for pattern in _tables()[1]:
                template = pattern.template
                if ":s}" not in template:
                    continue
                m = pattern.fullmatch(part)
                if m:
                    out = part
                    for key in re.findall(r"\{(\w+):s\}", template):
                        start, end = m.span(key)
                        out = out[:start] + self.scenario_list(m.group(key)) + out[end:]
                    s = s.replace(part, out)
                    break
        return s

    def _translate(self, s: str) -> str:
        whole = self._one(s.strip(), joined="; " in s)
        if whole is not None:
            return whole
        parts = s.strip().split("; ")
        out: list[str] = []
        i = 0
        while i < len(parts):
            for j in range(len(parts), i, -1):  # the longest run of parts that forms one known text
                got = self._one("; ".join(parts[i:j]), joined=j - i > 1)
                if got is not None:
                    out.append(got)
                    i = j
                    break
            else:
                return s  # an unknown part: keep the whole text as the engine wrote it
        return "; ".join(out)

    def _one(self, s: str, joined: bool = False) -> str | None:
        """The translation of one text; in a run of several ``"; "``-joined parts (``joined``) a pattern's
        placeholder may span a ``"; "`` only when it is translated again (it must not swallow the next reason)."""
        exact, patterns = _tables()
        if s in exact:
            return exact[s]
        body = s[:-1] if s.endswith(".") else s
        if body in exact:
            return exact[body] + ("." if s.endswith(".") else "")
        for pattern in patterns:
            m = pattern.fullmatch(s)
            # in a run of joined reasons, a placeholder may hold a "; " only when it is translated again
            if m and not (joined and any("; " in (v or "") and k not in pattern.retranslated
                                         for k, v in m.groupdict().items())):
                return self._fmt.vformat(pattern.template, (), m.groupdict())
        return None

    def series(self, values: pd.Series) -> pd.Series:
        """Every text of ``values`` translated (each distinct text once)."""
        if self.lang == "en":
            return values
        uniq = {v: self.text(v) for v in pd.unique(values.dropna())} if len(values) else {}
        return values.map(lambda v: uniq.get(v, v) if isinstance(v, str) else v)

    def values(self, column: str, values: pd.Series) -> pd.Series:
        uniq = {v: self.value(column, v) for v in pd.unique(values.dropna())} if len(values) else {}
        return values.map(lambda v: uniq.get(v, v) if isinstance(v, str) else v)


class Pattern:
    """One English pattern and its Korean template, compiled on first use.

    Compiling the ~600 patterns of the phrase tables takes about 0.2 s, more than most reports spend
    translating. Each pattern instead knows the literal texts any match must contain
    (:func:`required_literals`) and is compiled only when a text holds them all, which is rarely.
    """

    __slots__ = ("source", "template", "retranslated", "needs", "_regex")

    def __init__(self, source: str, template: str) -> None:
        self.source = source
        self.template = template
        #: placeholders translated again ({x:t}): only these may span a "; " in a run of joined reasons
        self.retranslated = set(re.findall(r"\{(\w+):t\}", template))
        self.needs = required_literals(source)
        self._regex: re.Pattern[str] | None = None

    def fullmatch(self, text: str) -> re.Match[str] | None:
        for literal in self.needs:
            if literal not in text:
                return None
        if self._regex is None:
            self._regex = re.compile(self.source, re.DOTALL)
        return self._regex.fullmatch(text)


_QUANTIFIERS = frozenset("*?{+")


def required_literals(pattern: str) -> tuple[str, ...]:
    r"""The literal runs of ``pattern`` outside any group: every full match of it contains each of them.

    A conservative reading of the pattern's text (no regex parse, which is what costs when compiling):
    runs end at any class, group, set or metacharacter; a character under a quantifier is not
    required; a pattern with a top-level alternation or an inline flag requires nothing.

    Examples
    --------
    >>> required_literals(r"sheet (?P<s>.+) has (?P<n>\d+) rows?")
    ('sheet ', ' has ', ' row')
    >>> required_literals(r"a|b")
    ()
    """
    if "(?" in pattern.replace("(?P<", "").replace("(?:", ""):
        return ()  # inline flags or look-arounds: read nothing into it
    runs: list[str] = []
    run: list[str] = []
    depth, i, n = 0, 0, len(pattern)

    def close() -> None:
        if run:
            runs.append("".join(run))
            run.clear()

    while i < n:
        c = pattern[i]
        if c == "\\":
            nxt = pattern[i + 1] if i + 1 < n else ""
            # \d, \s, \b, \n, \1 …: a class, an anchor, a control character or a reference, not the letter
            literal = bool(nxt) and not (nxt.isalnum() or nxt == "_")
            if depth == 0 and literal:
                run.append(nxt)
            elif depth == 0:
                close()
            i += 2
        elif c == "[":  # a set: skip to its closing bracket (a ] first in the set, or escaped, is literal)
            if depth == 0:
                close()
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            i += 1
        elif c == "(":
            if depth == 0:
                close()
            depth += 1
            i += 1
        elif c == ")":
            depth -= 1
            i += 1
        elif c == "|":
            if depth == 0:
                return ()
            i += 1
        elif c in _QUANTIFIERS:
            if depth == 0 and run:
                run.pop()  # the character before a quantifier may be absent (or repeated)
                close()
            if c == "{":
                while i < n and pattern[i] != "}":
                    i += 1
            i += 1
        elif c in ".^$":
            if depth == 0:
                close()
            i += 1
        else:
            if depth == 0:
                run.append(c)
            i += 1
    close()
    return tuple(r for r in runs if r)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], list[Pattern]]:
    from exposure.report import phrases, phrases_errors, phrases_io

    exact = {**phrases_errors.EXACT, **phrases_io.EXACT, **phrases.EXACT}
    patterns = [Pattern(p, t) for p, t in (*phrases.PATTERNS, *phrases_io.PATTERNS, *phrases_errors.PATTERNS)]
    return exact, patterns


def scenario_names(results, lang: str) -> dict[str, str]:
    """Scenario id → name in ``lang`` (the other language's name, then the id, when it is missing)."""
    s = results.scenarios
    out: dict[str, str] = {}
    if s is None or s.empty or "scenario" not in s.columns:
        return out
    first, second = ("name_ko", "name_en") if lang == "ko" else ("name_en", "name_ko")
    for r in s.to_dict("records"):
        name = next((str(r[c]) for c in (first, second) if c in r and isinstance(r[c], str) and r[c].strip()),
                    str(r["scenario"]))
        out[str(r["scenario"])] = name
    return out


def countermeasure_names(results, lang: str) -> dict[str, str]:
    """Counter-measure id → name in ``lang``, from the run's counter-measure table."""
    cm = getattr(results, "countermeasures", None)
    if cm is None or not len(cm) or "countermeasure" not in cm.columns:
        return {}
    first, second = (f"countermeasure_name_{lang}", f"countermeasure_name_{'en' if lang == 'ko' else 'ko'}")
    out = {}
    for r in cm.drop_duplicates("countermeasure").to_dict("records"):
        name = next((str(r[c]) for c in (first, second) if isinstance(r.get(c), str) and r[c].strip()),
                    str(r["countermeasure"]))
        out[str(r["countermeasure"])] = name
    return out


def translator(results, lang: str) -> Translator:
    """The :class:`Translator` of a run: its scenarios' and counter-measures' names in ``lang``."""
    return Translator(lang, scenario_names(results, lang), countermeasure_names(results, lang))


def _number(text: str) -> str:
    """A number as the engine wrote it, with infinity and missing values in symbols."""
    return {"inf": "∞", "-inf": "−∞", "nan": "–"}.get(text.strip().lower(), text)


def _screen_texts() -> None:
    from exposure.alternatives import TEXTS

    for key in ("exact", "hs6_prefix", "none"):
        VOCAB["world_match"][key] = (TEXTS[key]["ko"], TEXTS[key]["en"])


_screen_texts()
