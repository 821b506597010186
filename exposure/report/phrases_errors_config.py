"""Korean texts of errors (see :mod:`exposure.report.phrases_errors`).

The errors of the settings and of the definitions a user writes: the config file and the options
(config.py, options.py, inputs.py), every TOML file (tomlfile.py), scenarios and their conditions
(scenarios/), the checks of the run (checks.py, pipeline.py), and the consistency checks of the
input–output tables (io/iotable.py, io/iocheck.py, io/oecd.py, the exchange-rate hints of io/units.py).

Conventions (those of :mod:`exposure.report.phrases`): a config key, an option's value and a name from
the input stay as written, in single quotes; numbers and codes (D26, JPN, KRW) as written; ``{x:t}``
translates a part again, ``{x:n}`` writes ``inf`` as ∞. A key is written three ways by the readers:
``seed``, ``noise['coverage']`` (a table's entry) and ``end_use share of D26``; :func:`_keyed` makes one
pattern of each way from a template that says ``<K>``. A list of names (``valid keys are: a, b, c``) is
quoted name by name by the patterns of :func:`_listing`, which peel it from its end.
"""

from __future__ import annotations

#: the ways a key is named: (regex, Korean)
_KEYS = (
    (r"(?P<key>[A-Za-z_][\w.]*(?:\[\d+\])?)", "'{key}'"),
    (r"(?P<key>[A-Za-z_]\w*)\['(?P<sub>[^']*)'\]", "'{key}'의 '{sub}'"),
    (r"end_use share of (?P<sector>\S+)", "'end_use'의 {sector} 비중"),
)


def _keyed(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each (regex, template) with ``<K>`` once for each way a key is named (:data:`_KEYS`)."""
    return [(regex.replace("<K>", k_re), template.replace("<K>", k_ko))
            for regex, template in pairs for k_re, k_ko in _KEYS]


_ITEM = r"[^,'\s][^,']*"


def _listing(marker: str, head: str, spaced: bool = True) -> list[tuple[str, str]]:
    """Patterns that write a list after ``marker`` (``valid keys are: a, b, c``) as ``head 'a', 'b', 'c'``.

    The last name is peeled off and the rest (still starting with the marker) translated again, down to
    the marker alone. ``spaced``: a space follows the marker (``are: a``), else the first name follows it
    at once (``scenario (a``)."""
    if spaced:
        return [(rf"(?P<init>{marker}(?: {_ITEM},)*) (?P<last>{_ITEM})", "{init:t} '{last}'"),
                (rf"(?P<init>{marker}(?: {_ITEM},)*) (?P<last>{_ITEM}),", "{init:t} '{last}',"),
                (marker, head)]
    return [(rf"(?P<init>{marker}(?:{_ITEM}, )*)(?P<last>{_ITEM})", "{init:t}'{last}'"),
            (rf"(?P<init>{marker}(?:{_ITEM}, )*)(?P<last>{_ITEM}),", "{init:t}'{last}', "),
            (marker, head)]


#: the named list of unknown keys (options.unknown_key_error): 'drawz' (did you mean 'draws'?), 'foo'
_NAMED = r"'[^']*'(?: \(did you mean '[^']*'\?\))?"
_UNKNOWN_KEYS = [
    (rf"(?P<init>unknown keys?(?: {_NAMED},)*) '(?P<k>[^']*)' \(did you mean '(?P<m>[^']*)'\?\)",
     "{init:t} '{k}' ('{m}'의 오타일 수 있음)"),
    (rf"(?P<init>unknown keys?(?: {_NAMED},)*) '(?P<k>[^']*)'", "{init:t} '{k}'"),
    (rf"(?P<init>unknown keys?(?: {_NAMED},)*) '(?P<k>[^']*)' \(did you mean '(?P<m>[^']*)'\?\),",
     "{init:t} '{k}' ('{m}'의 오타일 수 있음),"),
    (rf"(?P<init>unknown keys?(?: {_NAMED},)*) '(?P<k>[^']*)',", "{init:t} '{k}',"),
    (r"unknown keys?", "알 수 없는 키"),
]

#: what options.describe says a value must look like (after "expected"), as a noun before "형식이어야 함"
_DESCRIBED = {
    "true or false (a TOML boolean, without quotes)": "따옴표 없는 TOML 논리값('true' 또는 'false')",
    "a whole number (without quotes)": "따옴표 없는 정수",
    "a number (without quotes)": "따옴표 없는 숫자",
    "a quoted string": "따옴표로 감싼 문자열",
    "a file path (a quoted string)": "파일 경로(따옴표로 감싼 문자열)",
    "a table of name = number, e.g. { KRW = 1100.3 }": "'이름 = 숫자'의 표(예: { KRW = 1100.3 })",
    "a table of name = file path": "'이름 = 파일 경로'의 표",
    "a list of booleans": "논리값의 목록", "a list of whole numbers": "정수의 목록", "a list of numbers": "숫자의 목록",
    "a list of quoted strings": "따옴표로 감싼 문자열의 목록", "a list of file paths": "파일 경로의 목록",
}

#: the files tomlfile.read_toml reads (its ``what``); each ends in 파일, so the particles are fixed
_FILES = {"config file": "설정 파일", "scenario file": "시나리오 파일", "counter-measure file": "대응책 파일",
          "mapping file": "매핑 파일"}

#: tomllib's messages (inside "not valid TOML (…)")
_TOML = {
    "Invalid statement": "잘못된 구문",
    "Expected newline or end of document after a statement": "구문 뒤에 줄바꿈이나 문서 끝이 와야 함",
    "Cannot overwrite a value": "이미 정한 값을 덮어쓸 수 없음",
    "Expected ']' at the end of a table declaration": "표 선언 끝에 ']'가 있어야 함",
    "Expected ']]' at the end of an array declaration": "배열 표 선언 끝에 ']]'가 있어야 함",
    "Expected '=' after a key in a key/value pair": "키 다음에 '='가 있어야 함 (키 = 값)",
    "Invalid initial character for a key part": "키의 첫 글자가 잘못됨",
    "Unclosed array": "배열이 닫히지 않음", "Unclosed inline table": "인라인 표가 닫히지 않음",
    "Unescaped '\\' in a string": "문자열에 이스케이프하지 않은 '\\'가 있음",
    "Invalid hex value": "잘못된 16진수 값",
    "Escaped character is not a Unicode scalar value": "이스케이프한 문자가 유니코드 스칼라 값이 아님",
    "Unterminated string": "문자열이 닫히지 않음", "Invalid date or datetime": "잘못된 날짜 또는 날짜·시각",
    "Invalid value": "잘못된 값",
}

#: currencies as io/units.currency_name names them, with their code
_CURRENCIES = {"won": ("원화", "KRW"), "yen": ("엔화", "JPY"), "euro": ("유로화", "EUR"), "yuan": ("위안화", "CNY"),
               "pound": ("파운드화", "GBP"), "Taiwan dollar": ("대만 달러", "TWD"),
               "Hong Kong dollar": ("홍콩 달러", "HKD"), "Singapore dollar": ("싱가포르 달러", "SGD"),
               "Canadian dollar": ("캐나다 달러", "CAD"), "Australian dollar": ("호주 달러", "AUD"),
               "US dollar": ("미국 달러", "USD")}

EXACT: dict[str, str] = {
    **_DESCRIBED, **_FILES, **_TOML,
    **{f"{name} ({code})": f"{ko}({code})" for name, (ko, code) in _CURRENCIES.items()},
    # config.py
    "scenarios: give at least one scenario": "'scenarios': 시나리오를 하나 이상 지정하십시오",
    # scenarios/model.py
    "a scenario must be a TOML table of keys": "시나리오는 키로 이뤄진 TOML 표여야 함",
    "'rules' must be an array of tables ([[rules]] blocks)": "'rules'는 표의 배열('[[rules]]' 블록)이어야 함",
    "a scenario needs at least one [[rules]] block": "시나리오에는 '[[rules]]' 블록이 하나 이상 있어야 함",
    "all must be true or false": "'all' 값은 'true' 또는 'false'(따옴표 없이)여야 함",
    # countermeasures/model.py, value.py
    "a counter-measure must be a TOML table of keys": "대응책은 키로 이뤄진 TOML 표여야 함",
    "'measures' must be an array of tables ([[measures]] blocks)": "'measures'는 표의 배열('[[measures]]' 블록)이어야 함",
    "a counter-measure needs at least one [[measures]] block": "대응책에는 '[[measures]]' 블록이 하나 이상 있어야 함",
    "a measure needs at least one of codes, prefixes or all = true":
        "조치에는 'codes', 'prefixes', 'all = true' 중 하나 이상이 있어야 함",
    "no counter-measure given to value": "평가할 대응책이 지정되지 않음",
    "a demand-side rule needs 'sectors' or 'all = true'": "수요 측 규칙에는 'sectors' 또는 'all = true'가 있어야 함",
    "'sectors' is for demand-side rules; supply rules select products with codes, prefixes, condition or all":
        "'sectors'는 수요 측 규칙에만 씀: 공급 규칙은 'codes', 'prefixes', 'condition' 또는 'all'로 품목을 고름",
    "a rule needs at least one of codes, prefixes, condition or all = true":
        "규칙에는 'codes', 'prefixes', 'condition', 'all = true' 중 하나 이상이 있어야 함",
    # tomlfile.py, iotable.py (the detail of differing sheets)
    "the order differs": "순서가 다름",
    # pipeline.py
    "no imports file given (expected at least one parts/materials import table)":
        "수입 파일이 지정되지 않음 (부품·소재 수입 표가 하나 이상 있어야 함)",
    "no input–output table given (needed to link products to sectors)":
        "산업연관표가 지정되지 않음 (품목을 업종에 연결하는 데 필요함)",
    # iotable.py
    "columns 수출 and 총수요 are required": "수출 열과 총수요 열이 있어야 함",
    "no 총산출액 (total output) row": "총산출액 행이 없음",
    "no unit row (e.g. '단위: 백만달러'): expected the money unit above the table":
        "단위 행이 없음 (예: '단위: 백만달러'): 표 위에 금액 단위가 있어야 함",
    "expected a header 코드 | 부문명 | sectors … | 최종수요 | 수출 | 총수요":
        "머리글 행이 '코드 | 부문명 | 업종들 … | 최종수요 | 수출 | 총수요' 형식이어야 함",
    # oecd.py
    "no header row starting 'To: (sector in column)' or 'To industry': not an OECD IOT export":
        "'To: (sector in column)' 또는 'To industry'로 시작하는 머리글 행이 없음: OECD 산업연관표(IOT)에서 내려받은 "
        "파일이 아님",
    "row OUTPUT missing: output by industry is needed": "OUTPUT 행이 없음: 산업별 산출액이 필요함",
}

PATTERNS: list[tuple[str, str]] = [
    # report/folder.py check_out_dir (after "--out NAME: ", which the frame keeps)
    (r"that is the folder you are working in; give a folder below it \(e\.g\. --out exposure-report\): a report "
     r"folder is replaced whole by the next run",
     "지금 작업 중인 폴더임; 그 아래의 폴더를 지정하십시오 (예: --out exposure-report): 보고서 폴더는 다음 실행 때 통째로 "
     "바뀜"),
    (r"that is the folder you are working in or one above it; give a folder below it \(e\.g\. --out "
     r"exposure-report\): a report folder is replaced whole by the next run",
     "지금 작업 중인 폴더이거나 그 위의 폴더임; 그 아래의 폴더를 지정하십시오 (예: --out exposure-report): 보고서 폴더는 "
     "다음 실행 때 통째로 바뀜"),
    (r"a file of that name exists; give a folder", "같은 이름의 파일이 있음: 폴더를 지정하십시오"),
    (r"out must be a folder name written as text \(out = \"exposure-report\"\), got (?P<v>.+)",
     "'out' 값은 문자열로 적은 폴더 이름이어야 하는데(out = \"exposure-report\") {v}임"),
    (r"formats is empty: expected at least one of (?P<l>.+) \(a run that writes nothing would still replace the "
     r"report folder\)", "'formats' 값이 비어 있음: {l} 중 하나 이상이어야 함 (아무것도 쓰지 않는 실행도 보고서 폴더를 "
     "바꿈)"),
    (r"draws = 1 gives no spread: expected 0 \(no Monte Carlo\) or at least 2 draws \(the ranges and rank intervals "
     r"want a few hundred\)", "'draws' = 1로는 분포를 알 수 없음: 0(몬테카를로 없음) 또는 2회 이상이어야 함 (범위와 순위 "
     "구간에는 수백 회가 적당함)"),
    *[(r"the report folder holds files no run wrote \((?P<f>.+?)" + more + r"\): move them out first \(a report folder "
       r"is replaced whole by the next run\)",
       "보고서 폴더에 실행이 쓰지 않은 파일이 있음 ({f}" + ko + "): 먼저 다른 곳으로 옮기십시오 (보고서 폴더는 다음 실행 때 "
       "통째로 바뀜)") for more, ko in ((r" and (?P<n>\d+) more", " 외 {n}개"), ("", ""))],
    (r"the input (?P<f>.+) is inside it: a report folder is replaced whole by the next run, so the input would be "
     r"deleted; move the input out or give another folder",
     "입력 파일 {f}이(가) 이 폴더 안에 있음: 보고서 폴더는 다음 실행 때 통째로 바뀌므로 입력 파일이 지워짐; 입력 파일을 "
     "밖으로 옮기거나 다른 폴더를 지정하십시오"),
    (r"(?P<p>.+) is a file, so the folder cannot be created there", "{p}이(가) 파일이라 그 안에 폴더를 만들 수 없음"),
    (r"no permission to write in (?P<p>.+)", "{p}에 쓸 권한이 없음"),
    (r"the folder holds files that are not an exposure report; give a new or empty folder \(a report folder is "
     r"replaced whole by the next run\)",
     "폴더에 'exposure' 보고서가 아닌 파일이 있음; 새 폴더나 빈 폴더를 지정하십시오 (보고서 폴더는 다음 실행 때 통째로 바뀜)"),
    # ------------------------------------------------------------------ prefixes: a rule of a scenario, a line
    (r"rule (?P<n>\d+) \((?P<l>'[^']*'|\"[^\"]*\"|[^()'\"]*)\): (?P<rest>.+)", "규칙 {n} ({l}): {rest:t}"),
    (r"rule (?P<n>\d+): (?P<rest>.+)", "규칙 {n}: {rest:t}"),
    # the source of a ConfigError that no file gives: the command line's options, a Config built in Python
    (r"options: (?P<rest>.+)", "명령행 옵션: {rest:t}"),
    (r"config: (?P<rest>.+)", "분석 설정: {rest:t}"),
    # ------------------------------------------------------------------ lists of names, quoted one by one
    *_listing(r"valid keys are:", "쓸 수 있는 키:"),
    *_listing(r"valid kinds are:", "쓸 수 있는 종류:"),
    *_listing(r"valid choices are:", "쓸 수 있는 값:"),
    *_listing(r"valid formats are:", "쓸 수 있는 형식:"),
    *_listing(r"valid columns are:", "쓸 수 있는 열:"),
    *_listing(r"shipped scenarios are:", "내장 시나리오:"),
    *_listing(r"shipped counter-measures are:", "내장 대응책:"),
    *_listing(r"KIND one of", "KIND는"),
    *_listing(r"every scenario \(", "모든 시나리오(", spaced=False),
    *_UNKNOWN_KEYS,
    # ------------------------------------------------------------------ options.py
    (r"(?P<u>unknown keys? .+); (?P<v>valid keys are: [^;]+)", "{u:t}; {v:t}"),
    (r"(?P<a>'[^']*') and (?P<b>'[^']*') are the same key; give it once",
     "{a}와(과) {b}은(는) 같은 키임: 한 번만 지정하십시오"),
    # inputs.py (before the general "<key> = <value>: expected …")
    (r"mappings = (?P<v>.+): expected KIND=FILE entries or a table",
     "'mappings' 값이 {v}임: KIND=FILE 항목들이나 표 형식이어야 함"),
    (r"mapping (?P<m>.+?): expected KIND=FILE, e\.g\. (?P<eg>\S+) \((?P<kinds>KIND one of [^()]+)\)",
     "매핑 {m}: KIND=FILE 형식이어야 함, 예: {eg} ({kinds:t} 중 하나)"),
    (r"mapping kind '(?P<v>[^']*)' is not known; (?P<l>valid kinds are: .+)", "알 수 없는 매핑 종류 '{v}'; {l:t}"),
    (r"code (?P<v>.+): expected an HS or HSK product code of 2, 4, 6 or 10 digits \(as text, with its leading "
     r"zeros\)", "'code' 값이 {v}임: 2, 4, 6 또는 10자리 HS·HSK 품목 코드여야 함 (앞자리 0을 포함한 텍스트로)"),
    *_keyed([
        (r"<K> = nan: expected a finite number", "<K> 값이 'nan'(숫자가 아님)임: 유한한 숫자여야 함"),
        (r"<K> = (?P<v>.+): expected a finite number", "<K> 값이 {v:n}임: 유한한 숫자여야 함"),
        (r"<K> = (?P<v>.+): expected (?P<d>.+) \(or leave it out\)", "<K> 값이 {v:n}임: {d:t} 형식이어야 함 (생략 가능)"),
        (r"<K> = (?P<v>.+): expected (?P<d>.+)", "<K> 값이 {v:n}임: {d:t} 형식이어야 함"),
    ]),
    # ------------------------------------------------------------------ config.py
    (r"formats: unknown formats? (?P<b>.+); (?P<l>valid formats are: .+)", "'formats': 알 수 없는 출력 형식 {b}; {l:t}"),
    (r"fx_rates: currency (?P<c>.+) must be an ISO 4217 code such as (?P<ex>[A-Z]{3})",
     "'fx_rates': 통화 {c}: {ex} 같은 ISO 4217 통화 코드여야 함"),
    (r"fx_rates: (?P<c>\S+) must be a positive number of (?P=c) per USD, got (?P<v>.+)",
     "'fx_rates': {c} 환율은 양수(1달러당 {c})여야 하는데 {v:n}임"),
    (r"fx_rates: (?P<c>\S+) is given two rates, (?P<a>\S+) and (?P<b>\S+) (?P=c) per USD; give one rate per currency",
     "'fx_rates': {c} 환율이 두 가지로 주어짐 ({a}, {b}, 1달러당 {c}): 통화마다 환율을 하나만 지정하십시오"),
    (r"scenarios: (?P<s>.+) is given twice", "'scenarios': 시나리오 {s}이(가) 두 번 지정됨"),
    (r"composite_weights: rank_by = 'composite' needs at least one weight > 0, got none \(with every weight 0 every "
     r"sector scores 0 and the ranking means nothing\); (?P<l>valid keys are: .+)",
     "'composite_weights': rank_by = 'composite'이면 0보다 큰 가중치가 하나 이상 있어야 하는데 가중치가 없음 (가중치가 "
     "모두 0이면 모든 업종의 점수가 0이 되어 순위가 의미 없음); {l:t}"),
    (r"composite_weights: rank_by = 'composite' needs at least one weight > 0, got (?P<g>.+) \(with every weight 0 "
     r"every sector scores 0 and the ranking means nothing\); (?P<l>valid keys are: .+)",
     "'composite_weights': rank_by = 'composite'이면 0보다 큰 가중치가 하나 이상 있어야 하는데 {g}임 (가중치가 모두 "
     "0이면 모든 업종의 점수가 0이 되어 순위가 의미 없음); {l:t}"),
    (r"target (?P<t>\S+) is the reporter itself: give the partner whose supply is at risk \(e\.g\. target = \"JPN\", "
     r"--target JPN\)",
     "대상국 {t}이(가) 보고국 자신임: 공급이 위험해질 상대국을 지정하십시오 (예: 설정 파일의 'target = \"JPN\"' 또는 "
     "--target JPN)"),
    (r"(?P<a>-?[\d.e+]+) is given twice", "{a} 중복"),
    (r"(?P<b>-?[\d.e+]+) comes after (?P<a>-?[\d.e+]+)", "{a} 뒤에 {b}이(가) 옴"),
    *_keyed([
        (r"<K> must be ≥ (?P<lo>\S+) \(0 is Leontief, 1 Cobb–Douglas\), got (?P<v>.+)",
         "<K> 값은 {lo} 이상이어야 하는데 {v:n}임 (0은 레온티예프, 1은 콥–더글러스 생산함수)"),
        (r"<K> must be ≥ (?P<lo>\S+) \(and at most (?P<k2>\w+), (?P<hi>[^)]+)\), got (?P<v>.+)",
         "<K> 값은 {lo} 이상이고 '{k2}' 값({hi}) 이하여야 하는데 {v:n}임"),
        (r"<K> must be ≥ (?P<lo>[^\s,]+) days, got (?P<v>.+)", "<K> 값은 {lo}일 이상이어야 하는데 {v:n}임"),
        (r"<K> must be ≥ (?P<lo>[^\s,]+), got (?P<v>.+)", "<K> 값은 {lo} 이상이어야 하는데 {v:n}임"),
        (r"<K> must be > (?P<lo>[^\s,]+) days, got (?P<v>.+)", "<K> 값은 {lo}일보다 커야 하는데 {v:n}임"),
        (r"<K> must be > (?P<lo>[^\s,]+), got (?P<v>.+)", "<K> 값은 {lo}보다 커야 하는데 {v:n}임"),
        (r"<K> must be > (?P<lo>\S+) and at most (?P<hi>\S+) days \(ten years\), got (?P<v>.+)",
         "<K> 값은 {lo}일보다 크고 {hi}일(10년) 이하여야 하는데 {v:n}임"),
        (r"<K> must lie in (?P<r>[\[(][^\])]*[\])]) \(shares, not percent\), got (?P<v>.+)",
         "<K> 값은 {r} 범위에 있어야 하는데 {v:n}임 (백분율이 아니라 비율로 적어야 함)"),
        (r"<K> must lie in (?P<r>[\[(][^\])]*[\])]), got (?P<v>.+)", "<K> 값은 {r} 범위에 있어야 하는데 {v:n}임"),
        (r"<K> is a probability and must lie in (?P<r>[\[(][^\])]*[\])]), got (?P<v>.+)",
         "<K> 값은 확률이므로 {r} 범위에 있어야 하는데 {v:n}임"),
        (r"<K> must be (?P<a>'[^']*') or (?P<b>'[^']*'), got (?P<v>.+)", "<K> 값은 {a}, {b} 중 하나여야 하는데 {v}임"),
        (r"<K> must be an ISO3 code such as (?P<ex>[A-Z]{3}), got (?P<v>.+)",
         "<K> 값은 {ex} 같은 ISO3 국가 코드여야 하는데 {v}임"),
        (r"<K> must be a number of years from (?P<a>\d+) to (?P<b>\d+), got (?P<v>.+)",
         "<K> 값은 {a}~{b}년이어야 하는데 {v}임"),
        (r"<K> \((?P<a>[^)]+)\) exceeds (?P<k2>\w+) \((?P<b>[^)]+)\)", "<K> 값({a})이 '{k2}' 값({b})보다 큼"),
        (r"<K> = (?P<v>[\d,]+) is more than the (?P<m>[\d,]+) a run accepts",
         "<K> 값 {v}: 한 번 실행에 허용되는 최대치({m})보다 큼"),
        (r"<K> is a fall, ≤ 0 \(0 switches the rule off\), got (?P<v>.+)",
         "<K> 값은 하락 폭이므로 0 이하여야 하는데 {v:n}임 (0이면 이 규칙을 끔)"),
        (r"<K> must be a month written YYYY-MM, got (?P<v>.+)", "<K> 값은 YYYY-MM 형식의 월이어야 하는데 {v}임"),
        (r"<K> must be a month written YYYY-MM \(e\.g\. (?P<eg>[0-9-]+)\), got (?P<v>.+)",
         "<K> 값은 YYYY-MM 형식의 월(예: {eg})이어야 하는데 {v}임"),
        (r"<K> must be strictly increasing, got \[(?P<shown>[^\]]*)\] \((?P<what>[^()]+)\); e\.g\. "
         r"\[(?P<eg>[^\]]*)\]", "<K> 값은 중복 없이 오름차순이어야 하는데 [{shown}]임 ({what:t}); 예: [{eg}]"),
        (r"<K> must list at least one band: shares in \(0, 1\] in increasing order, e\.g\. (?P<eg>\[[^\]]*\])",
         "<K> 값에는 구간을 하나 이상 적어야 함: (0, 1] 범위의 비율을 오름차순으로, 예: {eg}"),
        (r"<K> must list at least one threshold: shares in \(0, 1\], e\.g\. (?P<eg>\[[^\]]*\])",
         "<K> 값에는 기준값을 하나 이상 적어야 함: (0, 1] 범위의 비율, 예: {eg}"),
        (r"<K> = (?P<s>\S+) with noise_item (?P<i>\S+): a uniform factor on \[1 − spread, 1 \+ spread\] needs spread "
         r"< 1 to stay positive",
         "<K> 값 {s}, 'noise_item' {i}: [1 − 폭, 1 + 폭] 범위의 균등분포 계수가 양수로 남으려면 폭이 1보다 작아야 함"),
        (r"<K> key '(?P<v>[^']*)' is not known; (?P<l>valid keys are: .+)", "알 수 없는 <K> 키 '{v}'; {l:t}"),
        (r"<K> '(?P<v>[^']*)' is not known; (?P<l>valid \w+ are: .+)", "알 수 없는 <K> 값 '{v}'; {l:t}"),
        # tomlfile.py (check_text, check_number, check_strings)
        (r"<K> must be a quoted string, got (?P<v>.+)", "<K> 값은 따옴표로 감싼 문자열이어야 하는데 {v}임"),
        (r"<K> holds control characters", "<K> 값에 제어 문자가 들어 있음"),
        (r"<K> must be a number, got (?P<v>.+)", "<K> 값은 숫자여야 하는데 {v}임"),
        (r"<K> must be a finite number, got nan", "<K> 값은 유한한 숫자여야 하는데 'nan'(숫자가 아님)임"),
        (r"<K> must be a finite number, got (?P<v>.+)", "<K> 값은 유한한 숫자여야 하는데 {v:n}임"),
        (r"<K> must be a list of quoted strings", "<K> 값은 따옴표로 감싼 문자열의 목록이어야 함"),
        (r"<K> entry (?P<v>.+?) must be a quoted string \(\"(?P<q>.*)\"\) so that leading zeros survive",
         "<K> 항목 {v}: 앞자리 0이 사라지지 않도록 따옴표로 감싼 문자열(\"{q}\")로 써야 함"),
        # scenarios/model.py
        (r"<K> entry (?P<v>.+?) must be digits or a range like \"(?P<eg>[\d-]+)\"",
         "<K> 항목 {v}: 숫자 또는 \"{eg}\" 같은 범위로 써야 함"),
        (r"<K> range (?P<v>.+?) must go from low to high with equal widths",
         "<K> 범위 {v}: 작은 값에서 큰 값 순으로, 양쪽 자릿수를 같게 써야 함"),
        (r"<K> expand to (?P<n>[\d,]+) prefixes; at most (?P<m>[\d,]+) are accepted \(use shorter prefixes, e\.g\. "
         r"\"(?P<a>\d+)\" instead of \"(?P<b>[\d-]+)\"\)",
         "<K> 값을 펼치면 코드 앞자리가 {n}개임: 최대 {m}개까지 허용 (더 짧은 앞자리를 쓰십시오. 예: \"{b}\" 대신 "
         "\"{a}\")"),
        # countermeasures/model.py, value.py (costs and values of a measure)
        (r"<K> must be ≥ (?P<lo>[^\s,]+) won, got (?P<v>.+)", "<K> 값은 {lo}원 이상이어야 하는데 {v:n}임"),
        (r"<K> must be > (?P<lo>[^\s,]+) won per dollar, got (?P<v>.+)",
         "<K> 값은 {lo}원/달러보다 커야 하는데 {v:n}임"),
        (r"<K> must be a number > (?P<lo>[^\s,]+) won per dollar, got (?P<v>.+)",
         "<K> 값은 {lo}원/달러보다 큰 숫자여야 하는데 {v:n}임"),
        (r"<K> must lie in (?P<r>[\[(][^\])]*[\])]) \(a share of the stock's value per year\), got (?P<v>.+)",
         "<K> 값은 {r} 범위(연간 재고 가치 대비 비율)에 있어야 하는데 {v:n}임"),
        (r"<K> must be at most (?P<hi>\S+) days \(ten years\), got (?P<v>.+)",
         "<K> 값은 {hi}일(10년) 이하여야 하는데 {v:n}임"),
    ]),
    # ------------------------------------------------------------------ tomlfile.py
    (r"(?P<w>config file|scenario file|counter-measure file|mapping file) not found", "{w:t}을 찾을 수 없음"),
    (r"cannot read the (?P<w>config file|scenario file|counter-measure file|mapping file) \((?P<e>.+)\)",
     "{w:t}을 읽을 수 없음 ({e})"),
    (r"the (?P<w>config file|scenario file|counter-measure file|mapping file) is not a regular file \(a folder, "
     r"device or pipe\)", "{w:t}이 일반 파일이 아님 (폴더, 장치 또는 파이프)"),
    (r"the (?P<w>config file|scenario file|counter-measure file|mapping file) is (?P<n>[\d,]+) bytes; at most "
     r"(?P<m>[\d,]+) are accepted", "{w:t}이 {n}바이트임: 최대 {m}바이트까지 허용"),
    (r"not valid TOML \((?P<e>.+) \(at line (?P<l>\d+), column (?P<c>\d+)\)\)",
     "올바른 TOML 형식이 아님 ({l}행 {c}열: {e:t})"),
    (r"not valid TOML \((?P<e>.+) \(at end of document\)\)", "올바른 TOML 형식이 아님 (문서 끝: {e:t})"),
    (r"not valid TOML \((?P<e>.+)\)", "올바른 TOML 형식이 아님 ({e:t})"),
    # tomllib's messages with a part of the file in them
    (r"Expected (?P<e>'[^']*'|\"[^\"]*\")", "{e}이(가) 와야 함"),
    (r"Found invalid character (?P<c>.+)", "잘못된 문자 {c}"),
    (r"Illegal character (?P<c>.+)", "쓸 수 없는 문자 {c}"),
    (r"Cannot declare (?P<k>.+) twice", "{k}을(를) 두 번 선언할 수 없음"),
    (r"Cannot mutate immutable namespace (?P<k>.+)", "이미 정해진 이름공간 {k}은(는) 바꿀 수 없음"),
    (r"Cannot redefine namespace (?P<k>.+)", "이름공간 {k}을(를) 다시 정의할 수 없음"),
    (r"Duplicate inline table key (?P<k>.+)", "인라인 표의 키 {k}이(가) 중복됨"),
    # check_name, Shipped.read
    (r"scenario name (?P<n>.+) must be 1–(?P<m>\d+) letters, digits, spaces or - _ \. \( \) \(no control "
     r"characters\)", "시나리오 이름 {n}: 1–{m}자의 글자·숫자·공백 또는 - _ . ( )만 쓸 수 있음 (제어 문자 불가)"),
    (r"counter-measure name (?P<n>.+) must be 1–(?P<m>\d+) letters, digits, spaces or - _ \. \( \) \(no control "
     r"characters\)", "대응책 이름 {n}: 1–{m}자의 글자·숫자·공백 또는 - _ . ( )만 쓸 수 있음 (제어 문자 불가)"),
    (r"unknown scenario (?P<n>'[^']*'|\"[^\"]*\"); (?P<l>shipped scenarios are: [^()]+) \(or give the path of a "
     r"\.toml file\)", "알 수 없는 시나리오 {n}; {l:t} (또는 TOML 파일(*.toml)의 경로를 지정하십시오)"),
    (r"unknown counter-measure (?P<n>'[^']*'|\"[^\"]*\"); (?P<l>shipped counter-measures are: [^()]+) \(or give the "
     r"path of a \.toml file\)", "알 수 없는 대응책 {n}; {l:t} (또는 TOML 파일(*.toml)의 경로를 지정하십시오)"),
    # ------------------------------------------------------------------ scenarios/model.py
    (r"'extends' cycle: scenario (?P<n>.+) extends itself", "'extends' 순환: 시나리오 {n}의 'extends'가 자기 자신을 가리킴"),
    (r"'extends' cycle: (?P<c>.+)", "'extends' 순환: {c}"),
    (r"'extends' chain longer than (?P<n>\d+) scenarios", "'extends' 연쇄가 시나리오 {n}개보다 김"),
    (r"extends (?P<r>.+), a (?P<pk>supply|demand) scenario, but is kind (?P<k>'[^']*')",
     "'extends'로 지정한 {r}은(는) {pk:v} 시나리오인데 이 시나리오의 'kind'는 {k}임"),
    (r"'(?P<k>\w+)' is required \(a number in (?P<r>[^)]+\]?)\)", "'{k}' 값이 있어야 함 ({r} 범위의 숫자)"),
    (r"codes entry (?P<v>.+?) is not a product code: expected an HS or HSK code of 2, 4, 6 or 10 digits, quoted, "
     r"with its leading zeros \(dots, hyphens and spaces are ignored: \"2811\.11-1000\" is 2811111000\)",
     "'codes' 항목 {v}: 품목 코드가 아님: 앞자리 0을 포함해 따옴표로 감싼 2, 4, 6 또는 10자리 HS·HSK 코드여야 함 "
     "(점, 하이픈, 공백은 무시함: \"2811.11-1000\"은 2811111000)"),
    (r"end_use must be a table of sector = share, e\.g\. end_use = \{ D26 = 1\.0 \}",
     "'end_use' 값은 '업종 = 비중'의 표여야 함, 예: end_use = {{ D26 = 1.0 }}"),
    (r"end_use shares sum to (?P<s>\S+); they must sum to at most 1", "'end_use' 비중의 합이 {s}임: 합은 1 이하여야 함"),
    (r"demand-side rules select sectors; (?P<b>.+) not allowed \(use 'sectors' or 'all'\)",
     "수요 측 규칙은 업종을 고름: {b}은(는) 쓸 수 없음 ('sectors' 또는 'all'을 쓰십시오)"),
    # scenarios/conditions.py
    (r"condition is (?P<n>[\d,]+) characters long; at most (?P<m>[\d,]+) are accepted",
     "조건이 {n}자임: 최대 {m}자까지 허용"),
    (r"condition (?P<c>'[^']*'|\"[^\"]*\") uses unknown column (?P<b>.+); (?P<l>valid columns are: .+)",
     "조건 {c}: 알 수 없는 열 {b} 사용; {l:t}"),
    (r"condition (?P<c>'[^']*'|\"[^\"]*\"): unexpected (?P<t>.+)", "조건 {c}: {t}은(는) 이 자리에 올 수 없음"),
    (r"condition (?P<c>'[^']*'|\"[^\"]*\"): cannot read (?P<t>.+)", "조건 {c}: {t} 부분을 읽을 수 없음"),
    (r"condition (?P<c>'[^']*'|\"[^\"]*\"): (?P<v>\S+) is not a finite number", "조건 {c}: {v}은(는) 유한한 숫자가 아님"),
    (r"condition (?P<c>'[^']*'|\"[^\"]*\")…: nested more than (?P<n>\d+) levels deep \(parentheses and 'not'\)",
     "조건 {c}…: 괄호와 'not'의 중첩이 {n}단계를 넘음"),
    (r"condition (?P<c>'[^']*'|\"[^\"]*\"): missing '\)'", "조건 {c}: 닫는 괄호 ')'가 없음"),
    (r"condition (?P<c>'[^']*'|\"[^\"]*\"): expected 'column op value' \(op one of (?P<ops>[^)]+)\) at (?P<t>.+)",
     "조건 {c}: {t} 자리에 '열 연산자 값'이 와야 함 (연산자는 {ops} 중 하나)"),
    (r"condition (?P<c>'[^']*'|\"[^\"]*\"): (?P<col>\w+) is a number, got the text (?P<v>'[^']*'|\"[^\"]*\"); write "
     r"the number without quotes: (?P<fix>.+)",
     "조건 {c}: '{col}' 열은 숫자인데 텍스트 {v}이(가) 주어짐; 숫자를 따옴표 없이 쓰십시오: {fix}"),
    (r"condition (?P<c>'[^']*'|\"[^\"]*\"): (?P<col>\w+) is a number, got the text (?P<v>.+)",
     "조건 {c}: '{col}' 열은 숫자인데 텍스트 {v}이(가) 주어짐"),
    (r"condition (?P<c>'[^']*'|\"[^\"]*\"): (?P<col>\w+) is a number, got (?P<v>true|false)",
     "조건 {c}: '{col}' 열은 숫자인데 '{v}'이(가) 주어짐"),
    (r"condition (?P<c>'[^']*'|\"[^\"]*\"): (?P<col>\w+) is text, got (?P<v>true|false); quote the text: (?P<fix>.+)",
     "조건 {c}: '{col}' 열은 텍스트인데 '{v}'이(가) 주어짐; 텍스트를 따옴표로 감싸십시오: {fix}"),
    (r"condition (?P<c>'[^']*'|\"[^\"]*\"): (?P<col>\w+) is text, got the number (?P<v>\S+); quote it: (?P<fix>.+)",
     "조건 {c}: '{col}' 열은 텍스트인데 숫자 {v}이(가) 주어짐; 따옴표로 감싸십시오: {fix}"),
    (r"condition (?P<c>'[^']*'|\"[^\"]*\"): (?P<col>\w+) is true or false, got the text (?P<v>.+); write true or "
     r"false without quotes",
     "조건 {c}: '{col}' 열은 참/거짓 값인데 텍스트 {v}이(가) 주어짐; 'true' 또는 'false'를 따옴표 없이 쓰십시오"),
    # scenarios/shocks.py
    (r"scenario (?P<s>'[^']*'|\"[^\"]*\") is written for target (?P<t>\S+) but the analysis target is (?P<a>\S+); "
     r"choose a scenario without a target \(e\.g\. full-embargo\) or export this one and edit its target",
     "시나리오 {s}은(는) 대상국 {t}용인데 이번 분석의 대상국은 {a}임; 대상국을 정하지 않은 시나리오(예: "
     "'full-embargo')를 고르거나, 이 시나리오를 내보내 대상국을 고치십시오"),
    (r"year (?P<y>\d+) is not in the products table \(years present: (?P<ys>[^)]*)\)",
     "품목 표에 {y}년이 없음 (있는 연도: {ys})"),
    # ------------------------------------------------------------------ countermeasures/model.py, value.py
    (r"measure (?P<n>\d+) \((?P<l>'[^']*'|\"[^\"]*\")\): (?P<rest>.+)", "조치 {n} ({l}): {rest:t}"),
    (r"measure (?P<n>\d+): (?P<rest>.+)", "조치 {n}: {rest:t}"),
    *_listing(r"takes:", "쓰는 키:"),
    *_listing(r"besides", "그 밖에"),
    *_listing(r"other than 'baseline' and 'all'; got", "'baseline', 'all'이 아닌 서로 다른 이름이 있어야 함; 지정한 이름:"),
    *_listing(r"at least one of", "다음 키"),
    (r"counter-measures (?P<a>'[^']*') and (?P<b>'[^']*') are both named (?P<n>'[^']*'): give each counter-measure "
     r"its own name", "대응책 {a}와(과) {b}의 이름이 모두 {n}임: 대응책마다 다른 이름을 지정하십시오"),
    (r"annual_rate is the carrying cost of a stock: it needs a stockpile measure \(or give cost_krw\)",
     "'annual_rate'는 재고 보유비용임: 'stockpile' 조치가 있어야 함 (또는 'cost_krw'를 지정하십시오)"),
    (r"holding_days is the period of the carrying cost: it needs annual_rate",
     "'holding_days'는 보유비용을 계산하는 기간임: 'annual_rate'가 있어야 함"),
    (r"'kind' is required; (?P<l>valid kinds are: .+)", "'kind' 값이 있어야 함; {l:t}"),
    (r"key (?P<k>'[^']*') does not belong to a (?P<kind>\w+) measure; a (?P=kind) measure (?P<own>takes: [^()]+) "
     r"\((?P<b>besides [^()]+)\)",
     "키 {k}은(는) '{kind}' 조치에 쓰지 않음; '{kind}' 조치에 {own:t} ({b:t})"),
    (r"a (?P<kind>\w+) measure needs (?P<k>'[^']*')", "'{kind}' 조치에는 {k} 값이 있어야 함"),
    (r"a (?P<kind>\w+) measure needs (?P<l>at least one of [\w, ]+)", "'{kind}' 조치에는 {l:t} 중 하나 이상이 있어야 함"),
    (r"give (?P<a>'[^']*') \(a new value\) or (?P<b>'[^']*'), not both",
     "{a}(새 값)와(과) {b} 중 하나만 지정하십시오 (둘 다 지정할 수 없음)"),
    (r"counter-measures need distinct names (?P<g>other than 'baseline' and 'all'; got .+)", "대응책마다 {g:t}"),
    # ------------------------------------------------------------------ pipeline.py, checks.py
    (r"year must be a calendar year such as 2019, got (?P<v>.+)", "'year' 값은 2019 같은 연도여야 하는데 {v}임"),
    (r"(?P<k>target|reporter) (?P<v>'[^']*') is not a country code the tool knows: expected an ISO3 code such as JPN, "
     r"CHN or USA \(the table: exposure/codes/data/countries\.csv\)",
     "'{k}' 값 {v}은(는) 이 도구가 아는 국가 코드가 아님: JPN, CHN, USA 같은 ISO3 코드여야 함 (목록: "
     "exposure/codes/data/countries.csv)"),
    (r"noise_item is the items' spread as a fraction of their group's and must lie in \[0, 1\], got (?P<v>.+)",
     "'noise_item'은 항목별 분산을 그 집단 분산에 대한 비율로 적은 값이므로 [0, 1] 범위여야 하는데 {v}임"),
    (r"noise\['(?P<k>\w+)'\] = (?P<v>\S+) is the sd of a log factor and must be at most (?P<m>[\d.]+) \(a factor of "
     r"e\^(?P=m) ≈ (?P<f>[\d.]+)× at one sd\)",
     "'noise'의 '{k}' = {v}는 로그 배수의 표준편차이므로 {m} 이하여야 함 (1 표준편차에서 e^{m} ≈ {f}배)"),
    (r"composite_weights gives (?P<k>.+) more than once: expected one weight a component",
     "'composite_weights'에 {k}이(가) 두 번 이상 나옴: 구성 요소마다 가중치는 하나여야 함"),
    (r"expected a share between 0 and 1, got '(?P<v>.*)'", "0과 1 사이의 비중이어야 하는데 '{v}'임"),
    (r"(?P<k>[\w.]+): expected a row number from 1 \(the sheet's first row\) or \"auto\", got (?P<v>.+)",
     "{k}: 1부터 센 행 번호(시트의 첫 행이 1) 또는 \"auto\"여야 하는데 {v}임"),
    (r"the SME profile gives shares of exports for (?P<a>\d+) sectors and of another basis for (?P<b>\d+): "
     r"(?P<s>.+); expected one basis for every sector \(or set sme_basis = 'output-calibrated' to read them all as "
     r"output shares, or give an SME-exports table with --sme-exports\)",
     "중소기업 프로필의 비중 기준이 {a}개 업종은 수출, {b}개 업종은 다른 기준임: {s}; 모든 업종이 같은 기준이어야 함 "
     "(모두 산출 기준으로 읽으려면 sme_basis = 'output-calibrated'로 설정하거나, --sme-exports로 기업규모별 수출 표를 "
     "지정하십시오)"),
    (r"no sector code of the SME profile is a sector of the input–output table \(profile: (?P<p>.*); table: "
     r"(?P<t>.*)\): expected the table's sector codes",
     "중소기업 프로필의 업종 코드 중 산업연관표의 업종인 것이 없음 (프로필: {p}; 산업연관표: {t}): 산업연관표의 업종 코드여야 함"),
    (r"no imports in year (?P<y>\d+) \(years present: (?P<ys>[^)]*)\)", "{y}년의 수입 자료가 없음 (있는 연도: {ys})"),
    (r"scenarios (?P<a>'[^']*') and (?P<b>'[^']*') are both named (?P<n>'[^']*'): give each scenario its own name",
     "시나리오 {a}와(과) {b}의 이름이 모두 {n}임: 시나리오마다 다른 이름을 지정하십시오"),
    (r"no imports from the target (?P<t>\S+) in the import file\(s\); partners present \(rows\): none; check --target "
     r"or the files", "수입 파일에 대상국 {t}의 수입이 없음; 파일에 있는 상대국: 없음; --target 옵션이나 파일을 확인하십시오"),
    (r"no imports from the target (?P<t>\S+) in the import file\(s\); partners present \(rows\): (?P<l>[^;]+); check "
     r"--target or the files",
     "수입 파일에 대상국 {t}의 수입이 없음; 파일에 있는 상대국(행 수): {l}; --target 옵션이나 파일을 확인하십시오"),
    (r"scenario (?P<s>.+) is demand-side \(retaliation on exports to (?P<t>\w+)\) and needs each sector's exports "
     r"to \w+: export_to_target_usd in the SME profile or the top-100 export items table; none of the inputs gives "
     r"them",
     "'{s:s}' 시나리오는 수요 측(대상국 {t}의 수입 보복)이라 업종별 대상국 수출액이 필요함: 중소기업 프로필이나 수출 상위 "
     "100대 품목 표의 export_to_target_usd; 어느 입력에도 이 값이 없음"),
    (r"every sector's value at risk is 0 under (?P<s>every scenario \([^()]*)\): their rules match (?P<n>[\d,]+) "
     r"product\(s\), but no supply is lost within the horizon of (?P<h>[\d.]+) days \(the stock and the licence "
     r"review last longer\); lengthen horizon_days",
     "{s:t})에서 모든 업종의 위험액이 0임: 규칙이 품목 {n}개에 맞지만 분석 기간 {h}일 안에 잃는 공급이 없음 (재고와 "
     "허가 심사가 더 오래 감); 'horizon_days'를 늘리십시오"),
    (r"every sector's value at risk is 0 under (?P<s>every scenario \([^()]*)\): the scenarios' rules match none of "
     r"the (?P<n>[\d,]+) products imported from (?P<t>\S+) in the analysis year; check the target, the year and the "
     r"products' code system",
     "{s:t})에서 모든 업종의 위험액이 0임: 시나리오 규칙이 분석 연도에 {t}에서 수입한 품목 {n}개 중 어느 것과도 맞지 "
     "않음; 대상국, 연도, 품목의 코드 체계를 확인하십시오"),
    # ------------------------------------------------------------------ io/iocheck.py
    *[(rf"a negative {en} intermediate flow from (?P<i>\S+) to (?P<j>\S+) \((?P<v>[-\d,.]+) USD\){more_re}: "
       r"expected every flow ≥ 0", f"{{i}} → {{j}} {ko} 중간재 거래가 음수임 ({{v}}달러{more_ko}): 모든 거래는 0 이상이어야 함")
      for en, ko in (("domestic", "국산"), ("imported", "수입"))
      for more_re, more_ko in (("", ""), (r" \((?P<m>\d+) flows in all\)", ", 모두 {m}건"))],
    (r"the output of sector (?P<s>\S+) is negative \((?P<v>[-\d,.]+) USD\): expected outputs ≥ 0",
     "업종 {s}의 산출액이 음수임 ({v}달러): 산출액은 0 이상이어야 함"),
    *[(r"the intermediate inputs of sector (?P<s>\S+) \(domestic (?P<a>[-\d,.]+) \+ imported (?P<b>[-\d,.]+) = "
       rf"(?P<c>[-\d,.]+) USD\) exceed its output \((?P<x>[-\d,.]+) USD\){more_re}: expected inputs ≤ output in every "
       r"column \(check the column and the total output row\)",
       f"업종 {{s}}의 중간투입(국산 {{a}} + 수입 {{b}} = {{c}}달러)이 산출액({{x}}달러)보다 큼{more_ko}: 모든 열에서 "
       "투입은 산출 이하여야 함 (해당 열과 총산출액 행을 확인하십시오)")
      for more_re, more_ko in (("", ""), (r" \((?P<m>\d+) sectors in all\)", " (모두 {m}개 업종)"))],
    (r"the domestic Leontief inverse \(I − Aᴰ\)⁻¹ does not exist: I − Aᴰ is singular \(condition number "
     r"(?P<c>[^)]+)\), through sector (?P<s>\S+) \(its domestic input coefficients sum to (?P<sum>[^)]+)\): expected "
     r"each sector to need less than its own output of domestic inputs",
     "국산 레온티예프 역행렬 (I − Aᴰ)⁻¹을 구할 수 없음: I − Aᴰ이(가) 특이행렬임 (조건수 {c:n}), 원인 업종 {s} (국산 "
     "투입계수의 합 {sum}): 각 업종이 쓰는 국산 투입은 자기 산출보다 적어야 함"),
    *[(rf"the {en} of sector (?P<s>\S+) are negative \((?P<v>[-\d,.]+) USD\){more_re}: expected {en} ≥ 0{hint_re}",
       f"업종 {{s}}의 {ko}이 음수임 ({{v}}달러{more_ko}): {ko}은 0 이상이어야 함{hint_ko}")
      for en, ko, hints in (("exports", "수출액", (("", ""),)),
                            ("imports", "수입액", (("", ""), (r" \(OECD writes imports in IMPO with a minus sign: a cell "
                                                             r"above 0 there is negative imports\)",
                                                             " (OECD 표는 수입을 IMPO 열에 음수로 적으므로 이 열의 0보다 "
                                                             "큰 값은 음의 수입임)"))))
      for hint_re, hint_ko in hints
      for more_re, more_ko in (("", ""), (r" \((?P<m>\d+) sectors in all\)", ", 모두 {m}개 업종"))],
    *[(rf"{en} has negative entries \((?P<n>\d+); the most negative, L\((?P<i>[^,]+), (?P<j>[^)]+)\) = (?P<v>\S+)\): "
       r"expected a non-negative inverse; the table has negative or inconsistent flows",
       f"{ko}에 음수 원소가 있음 ({{n}}개; 가장 작은 값 L({{i}}, {{j}}) = {{v}}): 역행렬에는 음수가 없어야 함; 표에 "
       "음수이거나 서로 맞지 않는 거래가 있음")
      for en, ko in (("the domestic Leontief inverse computed from the table", "표에서 계산한 국산 레온티예프 역행렬"),
                     ("the Leontief inverse", "레온티예프 역행렬"))],
    (r"the Leontief inverse has a diagonal entry below 1 \(L\((?P<i>[^,]+), (?P<j>[^)]+)\) = (?P<v>\S+)\): expected at "
     r"least 1 on the diagonal \(a sector's output includes the final demand for it\)",
     "레온티예프 역행렬의 대각 원소가 1보다 작음 (L({i}, {j}) = {v}): 대각 원소는 1 이상이어야 함 (업종의 산출에는 그 "
     "업종에 대한 최종수요가 포함됨)"),
    # ------------------------------------------------------------------ io/iotable.py
    (r"expected sheets 국산거래표 and 수입거래표, found (?P<f>\[.*\]); (?P<h>.+) (?:is|are) hidden, and a hidden sheet "
     r"is read only when named",
     "국산거래표와 수입거래표 시트가 있어야 하는데 있는 시트는 {f}임; {h}은(는) 숨긴 시트이며, 숨긴 시트는 이름을 "
     "지정해야 읽음"),
    (r"expected sheets 국산거래표 and 수입거래표, found (?P<f>\[.*\])",
     "국산거래표와 수입거래표 시트가 있어야 하는데 있는 시트는 {f}임"),
    (r"the sector columns of '(?P<a>[^']*)' and '(?P<b>[^']*)' differ \((?P<d>.+)\): expected the same sectors in the "
     r"same order on both sheets",
     "'{a}' 시트와 '{b}' 시트의 업종 열이 다름 ({d:t}): 두 시트에 같은 업종이 같은 순서로 있어야 함"),
    (r"only in '(?P<s>[^']*)': (?P<c>[^;]+)", "'{s}'에만 있음: {c}"),
    (r"sector (?P<s>\S+) heads two columns: expected one column per sector",
     "업종 {s}이(가) 두 열의 머리글에 있음: 업종마다 열이 하나여야 함"),
    (r"sector (?P<s>\S+) has two rows \((?P<a>\d+) and (?P<b>\d+)\): expected one row per sector column",
     "업종 {s}의 행이 둘임 ({a}행과 {b}행): 업종 열마다 행이 하나여야 함"),
    (r"row label '(?P<l>[^']*)' is neither a sector code of the header nor 부가가치/총산출액: expected a square table, "
     r"one row per sector column",
     "행 이름 '{l}': 머리글의 업종 코드도, 부가가치/총산출액도 아님: 업종 열마다 행이 하나씩 있는 정사각형 표여야 함"),
    (r"the table is not square: no row for sectors? (?P<s>.+): expected one row for each sector column",
     "표가 정사각형이 아님: 업종 {s}의 행이 없음: 업종 열마다 행이 하나씩 있어야 함"),
    (r"expected a total output \(총산출액\) ≥ 0, got (?P<v>.+)", "총산출액은 0 이상이어야 하는데 {v}임"),
    (r"sector (?P<s>\S+)'s total output \(총산출액\) is not its intermediate inputs plus value added \((?P<a>[-\d,.]+) "
     r"against (?P<b>[-\d,.]+) (?P<u>.+)\): expected the column to add up within 1 % \(check the 총산출액 and 부가가치 "
     r"rows\)",
     "업종 {s}의 총산출액이 중간투입과 부가가치의 합과 다름 ({a} 대 {b}, 단위 {u:t}): 열의 합이 1% 안에서 맞아야 함 "
     "(총산출액 행과 부가가치 행을 확인하십시오)"),
    # io/units.py as the IO readers word it: another currency than the dollar, the rate to give
    (r"(?P<c>[A-Z]{3}) \((?P=c)\)", "{c}"),
    (r"unknown money unit (?P<u>.+); expected e\.g\. 달러/USD, 천달러/천불, 백만달러 \(or another currency such as 천원 "
     r"or JPY with its exchange rate\)",
     "알 수 없는 금액 단위 {u}; 예: 달러/USD, 천달러/천불, 백만달러 (또는 천원, JPY 같은 다른 통화와 그 환율)"),
    # parse_fx (--fx): the rates given
    (r"unknown currency (?P<c>.+); expected an ISO 4217 code such as (?P<l>[A-Z, ]+) \(rates are currency units per "
     r"US dollar, e\.g\. KRW=1165\.7\)",
     "알 수 없는 통화 {c}; {l} 같은 ISO 4217 통화 코드여야 함 (환율은 1달러당 통화 단위 수, 예: KRW=1165.7)"),
    (r"the rate for (?P<c>\S+) must be a positive number of (?P=c) per US dollar, got (?P<v>.+)",
     "{c} 환율은 양수(1달러당 {c})여야 하는데 {v}임"),
    (r"(?P<c>[A-Z]{3}) is given two rates, (?P<a>\S+) and (?P<b>\S+) (?P=c) per US dollar; give one rate per currency",
     "{c} 환율이 두 가지로 주어짐 ({a}, {b}, 1달러당 {c}): 통화마다 환율을 하나만 지정하십시오"),
    # ------------------------------------------------------------------ io/oecd.py
    (r"column (?P<c>\S+) appears twice in the header \(columns (?P<a>\d+) and (?P<b>\d+)\): expected each industry once",
     "머리글에 {c} 열이 두 번 있음 ({a}열과 {b}열): 산업마다 한 번만 있어야 함"),
    (r"row (?P<r>\S+) appears twice \(rows (?P<a>\d+) and (?P<b>\d+)\): expected each product and total row once",
     "{r} 행이 두 번 있음 ({a}행과 {b}행): 품목 행과 합계 행은 각각 한 번만 있어야 함"),
    (r"expected a number in row (?P<r>\S+), got an empty cell \(OECD tables give every cell, zeros included: a blank "
     r"is not read as 0\)",
     "{r} 행에 숫자가 있어야 하는데 빈칸임 (OECD 표는 0을 포함해 모든 칸을 채우므로 빈칸을 0으로 읽지 않음)"),
    (r"unit '(?P<u>[^']*)' is not a money unit: expected 'US Dollar, Millions'",
     "단위('{u}')가 금액 단위가 아님: 'US Dollar, Millions'여야 함"),
    (r"variable '(?P<v>[^']*)' is not a transactions table \(TTL\): Leontief inverses load with load_oecd_leontief",
     "변수('{v}')가 거래표(TTL)가 아님: 레온티예프 역행렬은 load_oecd_leontief로 읽음"),
    (r"variable '(?P<v>[^']*)' is not a Leontief inverse \(LEONTFT or LEONTFD\)",
     "변수('{v}')가 레온티예프 역행렬(LEONTFT 또는 LEONTFD)이 아님"),
    (r"column (?P<c>\S+) \(exports/imports\) missing from the header", "머리글에 {c} 열(수출/수입)이 없음"),
    (r"product rows (?P<a>\[[^\]]*\])… do not match industry columns (?P<b>\[[^\]]*\])…: expected the same sectors in "
     r"the same order", "품목 행({a}…)과 산업 열({b}…)이 맞지 않음: 같은 업종이 같은 순서로 있어야 함"),
    (r"row sectors (?P<a>\[[^\]]*\])… do not match column sectors (?P<b>\[[^\]]*\])…",
     "행 업종({a}…)과 열 업종({b}…)이 맞지 않음"),
    (r"expected an output ≥ 0, got (?P<v>.+)", "산출액은 0 이상이어야 하는데 {v}임"),
]
