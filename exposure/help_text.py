"""The command line's help in Korean: each command's text and each option's, and click's own words.

``exposure … --help`` is shown in the language the command line asks for (``--lang``, else the
``lang`` of its ``--config`` file, else Korean, as usage errors are). The English texts stay in
:mod:`exposure.cli`, where the commands are; their Korean versions are here, the commands by their
path and the options by their English text (one translation for an option that several commands
share). A test checks that every command and every option of the CLI has its Korean text, so a new
option cannot slip into the Korean help in English.

Examples
--------
>>> korean_frame("Usage: exposure report [OPTIONS]\\n\\nOptions:\\n  --lang [ko|en]  언어  [default: ko]\\n")
'사용법: exposure report [OPTIONS]\\n\\n옵션:\\n  --lang [ko|en]  언어  [기본값: ko]\\n'
"""

from __future__ import annotations

import re
import unicodedata

#: the help of each command, by its path after ``exposure`` ("" is ``exposure`` itself)
COMMANDS: dict[str, str] = {
    "": "한일 교역 분쟁이 커질 때 어느 중소기업 업종이 수출을 가장 많이 잃는지 계산합니다.\n\n"
        "분석가가 내려받는 교역 표(관세청, K-stat, UN Comtrade, CEPII BACI, 산업연관표)를 읽고, 품목의 "
        "상대국 의존도를 재고, 품목을 업종에 연결하여, 위험에 놓인 중소기업 수출액으로 업종 순위를 "
        "매깁니다. 모든 작업이 이 컴퓨터 안에서 오프라인으로 실행됩니다.",
    "report": "분석을 실행하고 통합문서, 차트, 표를 씁니다.\n\n옵션 없이 실행하면 내장 데모 자료로 실행합니다.",
    "inspect": "FILES가 어떻게 읽힐지 보여 줍니다: 형식, 인코딩, 시트, 머리글 행, 열, 단위, 합계, 미리보기.\n\n"
               "읽을 수 없는 파일이 있으면 알아낸 것을 보인 뒤 종료 코드 1로 끝납니다.",
    "validate": "FILES를 읽고 모든 문제를 한 번에 나열합니다. 오류가 있는 파일이 있으면 종료 코드 1로 끝납니다.",
    "indicators": "업종 연결 없이 품목별 의존도 지표(대상국 비중, 구간, HHI 등)를 계산합니다.",
    "monitor": "월별 수입으로 조기 경보를 냅니다: 근거와 함께 등급을 매긴 경보, 경보가 난 품목의 차트.",
    "calibrate": "기록으로 대체를 잽니다: 사건 뒤의 φ와 L, 대상국을 대신한 상대국.",
    "scenarios": "확대 시나리오를 나열하고, 보이고, 내보냅니다.",
    "scenarios list": "내장 시나리오를 나열합니다.",
    "scenarios show": "시나리오 NAME(또는 TOML 파일)을 TOML로 보입니다.",
    "scenarios export": "시나리오 NAME의 편집할 수 있는 사본을 DEST(파일 또는 폴더)에 씁니다.",
    "countermeasures": "대응 방안(비축, 다른 공급처, 국내 생산, 허가)을 나열하고, 보이고, 내보냅니다.",
    "countermeasures list": "내장 대응 방안을 나열합니다.",
    "countermeasures show": "대응 방안 NAME(또는 TOML 파일)을 TOML로 보입니다.",
    "countermeasures export": "대응 방안 NAME의 편집할 수 있는 사본을 DEST(파일 또는 폴더)에 씁니다.",
    "demo": "내장 데모 입력 자료.",
    "demo export": "데모 입력 파일을 DEST에 복사합니다(파일 형식을 볼 수 있게).",
}

#: the help of each option, by its English text in :mod:`exposure.cli`
OPTIONS: dict[str, str] = {
    "Parts/materials import table(s) by country (Korea Customs CSV/xlsx, Comtrade, …).":
        "국가별 부품·소재 수입 표(관세청 CSV/xlsx, Comtrade 등).",
    "Top-100 export items table (K-stat layout).": "100대 수출 품목 표(K-stat 형식).",
    "SME profile by sector (CSV/xlsx), or the Economic Census establishment file.":
        "업종별 중소기업 프로필(CSV/xlsx) 또는 경제총조사 사업체 파일.",
    "SME shares of exports by sector or MTI item (기업규모별 수출), the preferred SME basis.":
        "업종별 또는 MTI 품목별 중소기업 수출 비중(기업규모별 수출): 권장하는 중소기업 기준.",
    "Input–output table (Bank of Korea style workbook or OECD IOT CSV); repeat to add the OECD total and "
    "domestic Leontief inverses of the same table.":
        "산업연관표(한국은행 형식 통합문서 또는 OECD IOT CSV). 같은 표의 OECD 총·국산 레온티예프 역행렬을 "
        "더하려면 반복하십시오.",
    "World export data, e.g. a CEPII BACI year (CSV or zip); repeat for several years.":
        "세계 수출 자료, 예: CEPII BACI 한 해(CSV 또는 zip). 여러 해는 반복하십시오.",
    "The reporter's own exports by product (for import/export ratio and TSI).":
        "보고국의 품목별 수출(수입/수출 비율과 무역특화지수용).",
    "Monthly imports by partner (HSK10 or HS6), for the monthly chart and the monitor.":
        "상대국별 월별 수입(HSK10 또는 HS6): 월별 차트와 조기 경보용.",
    "Your own end-use overrides CSV (replaces the shipped defaults).":
        "직접 만든 최종 용도 지정 CSV(내장 기본값을 대신함).",
    "Your own critical-inputs CSV (added to the shipped table; same rows replace it).":
        "직접 만든 핵심 투입물 CSV(내장 표에 더해짐, 같은 행은 내장 행을 대신함).",
    "Product descriptions (Comtrade classification JSON, or CSV/xlsx with code and description) for products "
    "the input files do not name.":
        "입력 파일에 품목명이 없는 품목의 설명(Comtrade 분류 JSON, 또는 코드와 설명이 있는 CSV/xlsx).",
    "Layout mapping (TOML) for an input kind, e.g. imports=my_layout.toml.":
        "입력 종류별 열 매핑 규칙(TOML), 예: imports=my_layout.toml.",
    "Product code for single-item files that have no code column (e.g. 2811111000).":
        "코드 열이 없는 단일 품목 파일의 품목 코드(예: 2811111000).",
    "TOML config whose keys mirror these options.": "이 옵션들과 같은 키를 쓰는 TOML 설정 파일.",
    "Scenario name or TOML file; repeat for several (default 2019-three-items).":
        "시나리오 이름 또는 TOML 파일. 여럿은 반복하십시오(기본값 2019-three-items).",
    "Counter-measure name or TOML file, valued on top of every supply scenario; repeat for several (see "
    "'exposure countermeasures list').":
        "모든 공급 시나리오에 더해 평가할 대응 방안 이름 또는 TOML 파일. 여럿은 반복하십시오"
        "('exposure countermeasures list' 참고).",
    "Target partner ISO3 (default JPN).": "대상 상대국 ISO3(기본값 JPN).",
    "Analysis year (default: latest in the imports).": "분석 연도(기본값: 수입 자료의 가장 최근 연도).",
    "Production function of the central figure for critical inputs (default ces).":
        "핵심 투입물 중심 수치의 생산함수(기본값 ces).",
    "CES elasticity of substitution (default 0.5).": "CES 대체탄력성(기본값 0.5).",
    "Monte Carlo draws for rank intervals (0 = none).": "순위 구간을 위한 몬테카를로 추출 횟수(0 = 없음).",
    "Random seed for the Monte Carlo (≥ 0).": "몬테카를로 난수 시드(≥ 0).",
    "Exchange rate for tables in another currency, units per USD, e.g. KRW=1100.3.":
        "다른 통화로 된 표의 환율(1달러당 통화 단위), 예: KRW=1100.3.",
    "Output folder (default ./exposure-report); it is replaced whole by the new run.":
        "출력 폴더(기본값 ./exposure-report). 새 실행이 폴더를 통째로 바꿉니다.",
    "Texts in Korean (default) or English.": "글의 언어: 한국어(기본값) 또는 영어.",
    "Outputs among xlsx,csv,parquet,png,svg,pdf,pdf-brief, comma-separated or repeated (default xlsx,csv,png).":
        "출력 형식: xlsx,csv,parquet,png,svg,pdf,pdf-brief 중에서, 쉼표로 나누거나 반복(기본값 xlsx,csv,png).",
    "How many sectors to print.": "화면에 보일 업종 수.",
    "What the files hold, when detection needs help.": "파일에 담긴 자료 종류(자동 인식을 도울 때).",
    "Layout mapping (TOML), as FILE or KIND=FILE.": "열 매핑 규칙(TOML): FILE 또는 KIND=FILE.",
    "Product code for single-item files that have no code column.": "코드 열이 없는 단일 품목 파일의 품목 코드.",
    "Texts in Korean or English.": "글의 언어: 한국어 또는 영어.",
    "Import table(s) by partner.": "상대국별 수입 표.",
    "World export data (BACI) for world HHI and the target's world share.":
        "세계 HHI와 대상국의 세계 비중을 위한 세계 수출 자료(BACI).",
    "The reporter's exports by product, for the import/export ratio.": "보고국의 품목별 수출(수입/수출 비율용).",
    "Layout mapping (TOML) for an input kind.": "입력 종류별 열 매핑 규칙(TOML).",
    "TOML config.": "TOML 설정 파일.",
    "Only this year.": "이 연도만.",
    "Write the table to this CSV (UTF-8 with BOM) instead of printing the top rows.":
        "상위 행을 화면에 보이는 대신 표를 이 CSV 파일(BOM 있는 UTF-8)에 씁니다.",
    "Monthly imports by partner (Korea Customs / K-stat layouts, HSK10 or HS6); repeat for several.":
        "상대국별 월별 수입(관세청·K-stat 형식, HSK10 또는 HS6). 여럿은 반복하십시오.",
    "Month the chart centres on, YYYY-MM (default 2019-07).": "차트의 가운데 달, YYYY-MM(기본값 2019-07).",
    "Output folder (default ./exposure-monitor); it is replaced whole by the new run.":
        "출력 폴더(기본값 ./exposure-monitor). 새 실행이 폴더를 통째로 바꿉니다.",
    "Outputs, comma-separated or repeated (default csv,png).": "출력 형식, 쉼표로 나누거나 반복(기본값 csv,png).",
    "How many episodes to print.": "화면에 보일 경보 구간 수.",
    "The product to measure (HSK10 or HS6 code).": "잴 품목(HSK10 또는 HS6 코드).",
    "First month of the episode, YYYY-MM.": "사건의 첫 달, YYYY-MM.",
    "Months from the event over which replacement is measured (H).": "사건부터 대체를 재는 개월 수(H).",
    "Write the scenario rule (TOML) to this file.": "시나리오 규칙(TOML)을 이 파일에 씁니다.",
    "Language of the names (Korean or English).": "이름의 언어(한국어 또는 영어).",
    "Language of the messages (Korean or English).": "메시지의 언어(한국어 또는 영어).",
    "Show the version and exit.": "버전을 보이고 끝냅니다.",
}

#: click's own words in a help page (its headings and the marks after an option's text)
_FRAME = [
    (re.compile(r"^Usage: ", re.M), "사용법: "),
    (re.compile(r"^Options:$", re.M), "옵션:"),
    (re.compile(r"^Commands:$", re.M), "명령:"),
    (re.compile(r"\[default: "), "[기본값: "),
    (re.compile(r"\[required\]"), "[필수]"),
    (re.compile(r"Show this message and exit\."), "이 도움말을 보이고 끝냅니다."),  # click's own --help
]


#: columns of a help page (click's own default for an 80-column terminal)
PAGE = 78
#: columns the option names take before their text (click's widest first column, its indent and gap)
OPTION_NAMES = 34


def columns(text: str) -> int:
    """Terminal columns ``text`` takes: two for a wide character (Hangul, CJK), one for the others.

    Examples
    --------
    >>> columns("HHI 지표"), len("HHI 지표")
    (8, 6)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrapped(text: str, width: int) -> str:
    """``text`` in lines of at most ``width`` columns, each paragraph marked for click to keep as it is.

    click wraps help by characters, and a line of Hangul is then twice as wide as it counts: the
    lines are broken here, between words, by the columns they take, and ``\\b`` tells click not to
    join them again.

    Examples
    --------
    >>> wrapped("가나다 라마 바사아", 12)
    '\\x08\\n가나다 라마\\n바사아'
    """
    out = []
    for paragraph in text.split("\n\n"):
        lines: list[str] = []
        line = ""
        for word in paragraph.split():
            if line and columns(line) + 1 + columns(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        out.append("\b\n" + "\n".join(lines))
    return "\n\n".join(out)


def first_line(text: str, width: int) -> str:
    """The first sentence of ``text`` within ``width`` columns (cut with … when longer), for a list of commands."""
    sentence = text.split("\n\n")[0].split(". ")[0].strip()
    if columns(sentence) <= width:
        return sentence
    cut = ""
    for c in sentence:
        if columns(cut + c) > width - 1:
            break
        cut += c
    return cut.rstrip() + "…"


def korean_frame(page: str) -> str:
    """A help page click formatted from Korean texts, with click's own headings and marks in Korean too.

    A line click made wider than the page (an option's ``[기본값: …]`` added after its text) is broken
    once more, its second part under the text it continues.
    """
    for pattern, korean in _FRAME:
        page = pattern.sub(korean, page)
    return "\n".join(part for line in page.split("\n") for part in _fitted(line))


def _fitted(line: str) -> list[str]:
    if columns(line) <= PAGE:
        return [line]
    names = re.match(r"^\s+-\S*(?: \S+)*?\s{2,}", line)  # an option's names and the gap after them
    start = len(names.group(0)) if names else len(line) - len(line.lstrip())
    head, words = line[:start], line[start:].split(" ")
    lines, current = [], head
    for word in words:
        if current.strip() and current != head and columns(current) + 1 + columns(word) > PAGE:
            lines.append(current)
            current = " " * columns(head) + word
        else:
            current = current + word if current == head else f"{current} {word}"
    lines.append(current)
    return lines
