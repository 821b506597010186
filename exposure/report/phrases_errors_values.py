"""Korean texts of errors (see :mod:`exposure.report.phrases_errors`).

The errors of the values of a table: numbers (:mod:`exposure.io.numbers`), money units
(:mod:`exposure.io.units`, :mod:`exposure.io.sheet`), periods and whole numbers (:mod:`exposure.io.fields`),
codes (:mod:`exposure.codes.normalize`), partners and repeated rows (:mod:`exposure.io.flowtable`,
:mod:`exposure.io.streamflows`, :mod:`exposure.io.flows`), BACI values (:mod:`exposure.io.baci`) and the
problems of a table that fails its schema (:mod:`exposure.schema.core`).

A part that only some messages of a family carry (" (3 such cells)", " (2 unknown names in all)",
"; did you mean …?") is a group translated again (``{x:t}``): its Korean starts with its own separator,
so that a message without it reads the same.
"""

from __future__ import annotations

import re

from exposure.codes.critical import CRITICALITY as _CRITICALITY, REQUIRED as _CRITICAL_COLUMNS

#: the currencies named by :func:`exposure.io.units.currency_name`
_CURRENCY = {"won": "원화", "yen": "엔화", "euro": "유로화", "yuan": "위안화", "pound": "파운드화",
             "Taiwan dollar": "대만 달러", "Hong Kong dollar": "홍콩 달러", "Singapore dollar": "싱가포르 달러",
             "Canadian dollar": "캐나다 달러", "Australian dollar": "호주 달러", "US dollar": "미국 달러"}
_CUR = "(?P<cn>" + "|".join(re.escape(c) for c in _CURRENCY) + r") \((?P<cur>[A-Z]{3})\), not US dollars: (?P<h>.+)"
_NOT_USD = "미국 달러가 아닌 {cn:t}({cur})임: {h:t}"

#: a text in brackets, with brackets of its own only in pairs ("(a (b) c)", not "(a) b (c)")
_BALANCED = r"[^()]*(?:\([^()]*\)[^()]*)*"

#: the tables of :mod:`exposure.schema.inputs` and the critical-inputs table, by the name their errors use
_TABLES = {"TradeFlows": "무역 흐름 표", "ExportItems": "수출 품목 표", "SectorProfile": "업종 프로필 표",
           "Concordance": "연계표", "critical-inputs table": "핵심 투입재 표"}

#: the criticality values of a critical-inputs table
_IMPORTANCE = {"critical": "핵심", "important": "중요", "non-critical": "비핵심"}

#: what a cell of :mod:`exposure.io.fields` (and comtrade.py) was expected to be: "expected …, got '{v}'"
_EXPECTED = {
    "a year such as 2019, 2019년 or 2019.07": "2019, 2019년, 2019.07 같은 연도여야 하는데 '{v}'임",
    "a month 1–12 in the period (an annual row has the year alone, such as 2019)":
        "기간의 월은 1–12여야 하는데 '{v}'임 (연간 행은 2019처럼 연도만 적음)",
    "a month 1–12": "월은 1–12여야 하는데 '{v}'임",
    "a rank (whole number)": "순위(정수)여야 하는데 '{v}'임",
    "a year": "연도여야 하는데 '{v}'임",
}

#: the wheres of a money unit stated twice (sheet.py, iotable.py, oecd.py: "<where> '<text>' states two money units")
_UNIT_WHERE = {"the header": "머리글", "the title rows": "제목 행", "the unit row": "단위 행", "the unit": "단위"}

EXACT: dict[str, str] = {
    **_CURRENCY,
    **{en: ko for en, ko in _TABLES.items() if en[0].isupper()},  # a table's name where a file name would be
    # numbers.py: why a cell is not a number (the part after "expected a number, got '…'")
    "a currency mark: amounts are written as plain numbers, their currency and unit stated once in the header or "
    "title": "통화 기호가 있음: 금액은 숫자만 적고, 통화와 단위는 머리글이나 제목에 한 번만 적어야 함",
    "a blank cell is a missing value; text such as NaN or #N/A is not a number":
        "빈칸은 값 없음으로 봄; 'NaN', '#N/A' 같은 글자는 숫자가 아님",
    "not a finite number": "유한한 숫자가 아님",
    "a word beside the number: write the unit once in the header or title and the cells as plain numbers":
        "숫자 옆에 글자가 있음: 단위는 머리글이나 제목에 한 번만 적고, 칸에는 숫자만 적으십시오",
    "a comma separates thousands only in groups of three digits (7,400 or 1,234,567.5); a decimal comma (7400,5) is "
    "read only in a file that writes it throughout (1.234,5, or a ';'-separated CSV)":
        "쉼표는 세 자리씩 끊은 천 단위 구분으로만 읽음 (7,400 또는 1,234,567.5); 소수점 쉼표(7400,5)는 파일 전체가 "
        "소수점 쉼표를 쓸 때만 읽음 (1.234,5 형식, 또는 ';'로 구분된 CSV)",
    "this file writes the decimal comma (1.234,5), so thousands are dots in groups of three digits":
        "이 파일은 소수점을 쉼표로 씀 (1.234,5): 천 단위는 세 자리씩 끊은 마침표로 구분해야 함",
    "a percentage where an amount or a count is expected": "금액이나 개수가 와야 할 자리에 백분율이 있음",
    "infinite or too large to be an amount": "무한대이거나 금액으로 보기에 너무 큼",
    "NaN or infinite: not a value": "'NaN'이거나 무한대: 값이 아님",
    # baci.py writes the value with :g, so its message has these three forms only (whole texts: before any pattern)
    **{f"expected a finite number, got '{v}' (NaN or infinite: not a value)":
       f"유한한 숫자여야 하는데 '{v}'임 ('NaN'이거나 무한대: 값이 아님)" for v in ("nan", "inf", "-inf")},
    # sheet.py, units.py (money units)
    ": expected one money unit": ": 금액 단위는 하나여야 함",
    # baci.py
    # flowtable.py
    "no flow: map a flow column (수출입구분) or set constants.flow = \"M\"/\"X\"":
        "수출입 구분 없음: 수출입 구분 열(수출입구분)을 매핑하거나 'constants.flow = \"M\"'(또는 '\"X\"')를 지정하십시오",
    # tabular.py
    "no year: map a year column, or set constants.year (a year, or \"header\" to read it from the header) in a "
    "mapping file": "연도 없음: 연도 열을 매핑하거나, 매핑 파일에 'constants.year'(연도, 또는 머리글에서 읽으려면 "
                    "'\"header\"')를 지정하십시오",
    # critical.py
    "expected a source for the judgment and the figures": "판단과 수치의 출처가 있어야 함",
    # schema/core.py (the problems of a table that fails its schema)
    "expected a number": "숫자여야 함",
    "value missing": "값이 빠짐",
    "expected a value ≥ 0": "0 이상의 값이어야 함",
    "expected a value between 0 and 1": "0과 1 사이의 값이어야 함",
}

PATTERNS: list[tuple[str, str]] = [
    # numbers.py
    (r"expected a number, got '(?P<v>[^']*)'", "숫자여야 하는데 '{v}'임"),
    (r"expected a number, got '(?P<v>'[^']*)'", "숫자여야 하는데 '{v}'임 (앞의 작은따옴표는 Excel의 텍스트 표시: 지우십시오)"),
    (r"expected a number, got '(?P<v>.*?)' \((?P<n>\d+) such cells\)", "숫자여야 하는데 '{v}'임 (이런 칸 {n}개)"),
    (r"\((?P<n>\d+) such cells\)", " (이런 칸 {n}개)"),
    (r"expected a number, got '(?P<v>.*?)'(?P<more> \(\d+ such cells\))? \((?P<why>" + _BALANCED + r")\)",
     "숫자여야 하는데 '{v}'임{more:t} ({why:t})"),
    (r"expected a number, got '(?P<v>.*?)'(?P<more> \(\d+ such cells\))?: (?P<why>.+)",
     "숫자여야 하는데 '{v}'임{more:t}: {why:t}"),
    (r"expected a finite number, got '(?P<v>.*?)' \((?P<why>" + _BALANCED + r")\)", "유한한 숫자여야 하는데 '{v}'임 ({why:t})"),
    (r"expected a finite number, got '(?P<v>.*?)'", "유한한 숫자여야 하는데 '{v}'임"),
    (r"numbers are written with the decimal comma \((?P<a>.+?)\) and with the decimal point \((?P<b>.+?)\): "
     r"expected one convention for the whole file",
     "숫자를 소수점 쉼표로 쓴 곳({a:t})과 소수점 마침표로 쓴 곳({b:t})이 함께 있음: 파일 전체에 한 가지 방식만 "
     "써야 함"),
    (r"numbers use the decimal comma \(e\.g\. (?P<a>.+?)\): read as 1\.234,5 = 1234\.5",
     "숫자에 소수점 쉼표를 씀 (예: {a:t}): 1.234,5 = 1234.5로 읽음"),
    # a cell as numbers.py shows it: 'value' in row R, column 'C'
    (r"'(?P<v>[^']*)' in row (?P<r>\d+), column '(?P<c>.*)'", "{r}행 '{c}' 열의 '{v}'"),
    (r"'(?P<v>[^']*)' in row (?P<r>\d+)", "{r}행의 '{v}'"),
    (r"'(?P<v>[^']*)' in column '(?P<c>.*)'", "'{c}' 열의 '{v}'"),
    (r"every value of '(?P<c>.*)' is at most 1 \(e\.g\. '(?P<v>.*)'\), but the header says percent: expected "
     r"percentages \(56\.3 for 56\.3 %\), or a header without % for shares 0–1 \(otherwise every SME share would be "
     r"read a hundred times too small\)",
     "'{c}'의 값이 모두 1 이하인데 (예: '{v}') 머리글은 백분율(%)이라고 함: 백분율(56.3 %이면 56.3)로 적거나, 0–1 "
     "비중이면 머리글에서 %를 빼야 함 (그대로 읽으면 중소기업 비중이 모두 100분의 1로 작게 읽힘)"),
    # sheet.py, streamflows.py, baci.py (amounts)
    (r"expected an amount ≥ 0, got '(?P<v>.*)'", "0 이상의 금액이어야 하는데 '{v}'임"),
    (r"expected a value ≥ 0, got (?P<v>\S+)", "0 이상의 값이어야 하는데 {v}임"),
    (r"expected an amount of at most USD 10 trillion \(more than any country's trade in a year\), got '(?P<v>.*)' = "
     r"(?P<u>[\d,.\-]+) USD: check the unit and that no code was pasted into the amounts",
     "금액은 10조 달러(어느 나라의 연간 무역액보다도 큰 금액) 이하여야 하는데 '{v}' = {u}달러임: 단위를 확인하고, "
     "금액 칸에 코드를 붙여 넣지 않았는지 확인하십시오"),
    # sheet.py, streamcsv.py (text cells)
    (r"expected printable text, got '(?P<v>.*)' \(control character U\+(?P<u>[0-9A-F]{4,6}); the file may be "
     r"damaged\)", "인쇄할 수 있는 글자여야 하는데 '{v}'임 (제어 문자 U+{u}: 파일이 손상되었을 수 있음)"),
    # sheet.py, units.py, iotable.py, oecd.py (money units)
    (r"the header says the amounts are in (?P<a>.+?), but the title rows say (?P<b>.+?): expected one money unit; "
     r"correct the title or the header \(or set unit in a mapping file\)",
     "머리글의 금액 단위는 {a:t}인데 제목 행의 단위는 {b:t}임: 금액 단위는 하나여야 함; 제목이나 머리글을 "
     "고치십시오 (또는 매핑 파일에 단위 'unit'을 지정)"),
    *[(rf"the header states the amounts in '(?P<u>[^']*)', a unit of {en}, not money: expected a money unit such "
       r"as 달러, 천달러 or USD \(are the amount and quantity columns swapped\?\)",
       f"머리글에 적힌 금액 단위 '{{u}}': 돈이 아니라 {ko}의 단위임; 달러, 천달러, USD 같은 금액 단위여야 함 "
       "(금액 열과 물량 열이 뒤바뀌지 않았는지 확인하십시오)")
      for en, ko in (("weight", "무게"), ("percentage", "백분율"), ("count", "개수"))],
    (r"the header states the quantities in '(?P<u>[^']*)', a money unit: expected a weight such as 톤 or kg "
     r"\(are the amount and quantity columns swapped\?\)",
     "머리글에 적힌 물량 단위 '{u}': 금액 단위임; 톤이나 킬로그램 같은 무게 단위여야 함 "
     "(금액 열과 물량 열이 뒤바뀌지 않았는지 확인하십시오)"),
    (r"the title rows state the amounts in (?P<u>.+?), which is " + _CUR, "제목 행에 적힌 금액 단위({u:t})가 " + _NOT_USD),
    (r"the column holds exports to (?P<p>[A-Z]{3}), but the target is (?P<t>[A-Z]{3}): expected exports to (?P=t) "
     r"\(give a table of exports to (?P=t), or --target (?P=p)\)",
     "이 열은 대{p:k}({p}) 수출액인데 대상국은 {t:k}({t})임: 대{t:k} 수출액이어야 함 (대{t:k} 수출액 표를 주거나 --target {p} 지정)"),
    (r"column '(?P<c>[^']*)' states the amounts in (?P<u>.+?), which is " + _CUR,
     "'{c}' 열에 적힌 금액 단위({u:t})가 " + _NOT_USD),
    (r"column '(?P<c>[^']*)' states the amounts in (?P<a>.+?), but the title rows say (?P<b>.+?): expected one money "
     r"unit; correct the title or the column \(or set unit in a mapping file\)",
     "'{c}' 열의 금액 단위는 {a:t}인데 제목 행의 단위는 {b:t}임: 금액 단위는 하나여야 함; 제목이나 그 열을 고치십시오 "
     "(또는 매핑 파일에 단위 'unit'을 지정)"),
    (r"the rows state different money units: (?P<a>.+?) \(row (?P<ra>\d+)\) and (?P<b>.+?) \(row (?P<rb>\d+)\): "
     r"expected one unit for the whole table \(split the file by unit\)",
     "행마다 금액 단위가 다름: {a:t} ({ra}행), {b:t} ({rb}행): 표 전체의 단위는 하나여야 함 (단위별로 파일을 나누십시오)"),
    (r"the cell '(?P<t>.*)' states two money units, (?P<a>.+?) and (?P<b>.+?): expected one money unit",
     "칸 '{t}'에 금액 단위가 둘({a:t}, {b:t}) 있음: 금액 단위는 하나여야 함"),
    (r"the header states the amounts in (?P<u>.+?), which is " + _CUR, "머리글에 적힌 금액 단위({u:t})가 " + _NOT_USD),
    (r"the unit row states (?P<u>.+?), which is " + _CUR, "단위 행에 적힌 단위({u:t})가 " + _NOT_USD),
    (r"(?:the )?unit (?P<q>'[^']*'|\"[^\"]*\") is " + _CUR, "단위({q})가 " + _NOT_USD),
    (r"give the rate in (?P<c>[A-Z]{3}) per US dollar for the data's period with --fx (?P=c)=<rate> \(or "
     r"fx = \{ (?P=c) = <rate> \} in the \[read\] section of a mapping file\)",
     "자료 기간의 1달러당 {c} 환율을 --fx {c}=<환율>로 지정하십시오 (또는 매핑 파일의 '[read]' 부분에 "
     "'fx = {{ {c} = <환율> }}')"),
    (r"the mapping's unit: (?P<rest>.+)", "매핑 파일의 단위: {rest:t}"),
    (r"the unit given: (?P<rest>.+)", "지정한 단위: {rest:t}"),
    (r"unknown money unit (?P<q>'[^']*'|\"[^\"]*\"); expected e\.g\. 달러/USD, 천달러/천불, 백만달러 \(or another "
     r"currency such as 천원 or JPY with its exchange rate\)",
     "알 수 없는 금액 단위 {q}: 달러/USD, 천달러/천불, 백만달러 같은 단위여야 함 (또는 천원, JPY 같은 다른 통화와 그 환율)"),
    *[(rf"{re.escape(en)} '(?P<t>.*)' states two money units, (?P<a>.+?) and (?P<b>.+?)"
       r"(?P<e>: expected one money unit)?", f"{ko} '{{t}}'에 금액 단위가 둘({{a:t}}, {{b:t}}) 있음{{e:t}}")
      for en, ko in _UNIT_WHERE.items()],
    # codes/normalize.py, concordance.py, critical.py (codes)
    (r"expected an? (?P<n>\d+)-digit (?P<l>[A-Z]+\d*) code, got '(?P<v>.*?)' \((?P<why>.+?)\)"
     r"(?P<all>; \d+ bad codes in all)?(?P<item> \[item \d+ of the input\])?",
     "{n}자리 {l} 코드여야 하는데 '{v}'임 ({why:t}){all:t}{item:t}"),
    (r"expected an? (?P<n>\d+)-digit (?P<l>[A-Z]+\d*) code, got '(?P<v>.*?)'", "{n}자리 {l} 코드여야 하는데 '{v}'임"),
    (r"unknown code system (?P<q>'[^']*'|\"[^\"]*\"); expected one of (?P<l>[A-Z0-9]+(?:, [A-Z0-9]+)*)",
     "알 수 없는 코드 체계 {q}: {l} 중 하나여야 함"),
    (r"; (?P<n>\d+) bad codes in all", "; 잘못된 코드 모두 {n}개"),
    (r"\[item (?P<i>\d+) of the input\]", " [입력의 {i}번째 항목]"),
    # flowtable.py, streamflows.py (partners)
    (r"expected a country name \(Korean or English\) or an ISO code, got '(?P<v>.*?)', which is in no country "
     r"table(?P<more> \(\d+ unknown names in all\))?(?P<hint>; did you mean '.*'\?)?",
     "국가명(한글 또는 영문)이나 ISO 코드여야 하는데 '{v}'임: 어느 국가 표에도 없는 이름{more:t}{hint:t}"),
    (r"\((?P<n>\d+) unknown names in all\)", " (모르는 이름 모두 {n}개)"),
    (r"; did you mean '(?P<c>.*)'\?", "; '{c}'의 오기가 아닌지 확인하십시오"),
    (r"partner (?P<p>'[^']*'|\"[^\"]*\") is not a country, WLD or UNK", "상대국 {p}: 국가도, WLD나 UNK도 아님"),
    # flowtable.py, streamflows.py, comtrade.py (repeated rows)
    (r"repeats row (?P<r>\d+): the same year, partner '(?P<p>.*)' and product (?P<c>\S+): expected one row per year, "
     r"partner, product and flow \(delete the repeated row, or add the two up if both are real\)",
     "{r}행과 연도, 상대국('{p}'), 품목({c})이 같음: 연도·상대국·품목·수출입 구분마다 한 행이어야 함 (되풀이된 행을 "
     "지우거나, 둘 다 실제 자료이면 두 값을 더하십시오)"),
    (r"repeats row (?P<r>\d+): the same month \((?P<m>[\d.]+)\), partner '(?P<p>.*)' and product (?P<c>\S+): expected "
     r"one row per month, partner, product and flow \(delete the repeated row, or add the two up if both are real\)",
     "{r}행과 월({m}), 상대국('{p}'), 품목({c})이 같음: 월·상대국·품목·수출입 구분마다 한 행이어야 함 (되풀이된 행을 "
     "지우거나, 둘 다 실제 자료이면 두 값을 더하십시오)"),
    # fields.py (periods, whole numbers)
    *[(rf"expected {re.escape(en)}, got '(?P<v>.*)'", ko) for en, ko in _EXPECTED.items()],
    *[(rf"expected {re.escape(en)}, got an empty cell", ko.replace("'{v}'임", "빈칸임")) for en, ko in _EXPECTED.items()
      if "'{v}'임" in ko],
    (r"expected a period written as text or a date, got the number (?P<v>\S+): a spreadsheet stores 2019\.10 "
     r"\(October\) and 2019\.1 \(January\) as the same number; format the column as text \(2019\.01, 2019\.10\) or as "
     r"dates", "텍스트나 날짜로 적은 기간이어야 하는데 숫자 {v}임: 스프레드시트는 2019.10(10월)과 2019.1(1월)을 같은 숫자로 "
     "저장함; 열 서식을 텍스트(2019.01, 2019.10)나 날짜로 지정하십시오"),
    (r"expected one way of writing months, got '(?P<v>.*)' beside two-digit months \(2019\.01\) and 2019\.10: it "
     r"cannot be January \(that would be 2019\.01\) nor October \(that is 2019\.10\); write every month with two digits",
     "월을 한 가지 방식으로 적어야 하는데 두 자리 월(2019.01)과 2019.10 옆에 '{v}' 값이 있음: 1월(1월이면 2019.01)도, "
     "10월(10월은 2019.10)도 될 수 없음; 모든 월을 두 자리로 적으십시오"),
    # flows.py
    (r"(?P<a>the annual row \(\d{4}\)|a monthly row \(\d{4}\.\d{2}\)) beside (?P<b>the annual row \(\d{4}\)|a monthly "
     r"row \(\d{4}\.\d{2}\)) in row (?P<r>\d+), for partner (?P<p>\S+), product (?P<c>\S+) \(flow (?P<f>[A-Z])\): "
     r"expected either annual or monthly rows for a product and partner, not both \(the annual row would stand for "
     r"the whole year and the months be left out; delete the annual row or the monthly rows\)",
     "{a:t}이 {r}행의 {b:t}과 함께 있음 (상대국 {p}, 품목 {c}, 수출입 구분 {f}): 한 품목·상대국에는 연간 행이나 월별 행 중 "
     "하나만 있어야 함 (연간 행이 한 해 전체를 대신해 월별 행이 빠지게 됨; 연간 행이나 월별 행을 지우십시오)"),
    (r"the annual row \((?P<y>\d{4})\)", "연간 행({y})"),
    (r"a monthly row \((?P<m>\d{4}\.\d{2})\)", "월별 행({m})"),
    (r"no partner, and its amount is the sum of the (?P<n>\d+) row\(s\) of product (?P<c>\S+) in (?P<p>[\d.]+) that "
     r"name one: a subtotal\? expected a partner, or 합계/계/Total in its partner cell for a total row \(kept as an "
     r"unknown partner it would count the product twice\)",
     "상대국이 없는데 금액이 {p} 품목 {c}의 상대국이 적힌 {n}개 행의 합과 같음: 소계가 아닌지 확인하십시오; 상대국을 "
     "적거나, 합계 행이면 상대국 칸에 '합계'/'계'/'Total'을 적어야 함 (상대국 미상으로 두면 이 품목이 두 번 계산됨)"),
    # flowtable.py, streamflows.py, sheet.py (codes, constants)
    (r"the file has a code column \('(?P<c>.*)'\): --code is for files about one product without one; leave it out",
     "파일에 코드 열('{c}')이 있음: --code는 코드 열 없이 한 품목만 다룬 파일에 쓰는 옵션이므로 빼십시오"),
    (r"expected a product code, got '(?P<v>.*)' \(scientific notation has lost digits\): store the code column as "
     r"text and export it again",
     "품목 코드여야 하는데 '{v}'임 (지수 표기로 자릿수가 사라짐): 코드 열을 텍스트로 저장해 다시 내보내십시오"),
    (r"expected a code matching (?P<p>'.*'|\".*\"), got '(?P<v>.*)'", "{p} 형식의 코드여야 하는데 '{v}'임"),
    # tabular.py
    (r"no money column mapped: an? (?P<k>\w+) mapping needs (?P<c>\w+)",
     "금액 열이 매핑되지 않음: {k} 매핑에는 '{c}' 열이 있어야 함"),
    (r"exports to the target (?P<a>\S+) are more than all exports (?P<b>\S+) \('(?P<c>.*)'\): expected exports to "
     r"the target within the total", "대상국 수출액({a})이 전체 수출액({b}, '{c}')보다 큼: 대상국 수출액은 "
     "전체 수출액 이하여야 함"),
    # comtrade.py
    (r"classification '(?P<c>.*)' is not an HS revision \(H0–H6\): only HS data are read",
     "분류 '{c}': HS 개정판(H0–H6)이 아님: HS 자료만 읽음"),
    # units.py (exchange rates: --fx, a mapping's fx)
    (r"(?P<s>.+?): unknown currency (?P<c>'[^']*'|\"[^\"]*\"); expected an ISO 4217 code such as (?P<k>[A-Z, ]+) "
     r"\(rates are currency units per US dollar, e\.g\. KRW=1165\.7\)",
     "{s:t}: 알 수 없는 통화 {c}: {k} 같은 ISO 4217 코드여야 함 (환율은 1달러당 그 통화 금액, 예: KRW=1165.7)"),
    (r"(?P<s>.+?): the rate for (?P<c>[A-Z]{3}) must be a positive number of (?P=c) per US dollar, got (?P<v>.+)",
     "{s:t}: {c} 환율은 1달러당 {c} 금액으로 나타낸 양수여야 하는데 {v}임"),
    (r"(?P<s>.+?): (?P<c>[A-Z]{3}) is given two rates, (?P<a>\S+) and (?P<b>\S+) (?P=c) per US dollar; give one rate "
     r"per currency", "{s:t}: {c}의 환율이 두 가지(1달러당 {a} {c}, {b} {c})로 주어짐; 통화마다 환율을 하나만 지정하십시오"),
    (r"the mapping's fx", "매핑 파일의 'fx'"),
    # baci.py
    (r"expected a country number, got '(?P<v>.*)'", "국가 번호여야 하는데 '{v}'임"),
    (r"negative country number (?P<n>-\d+)", "음수인 국가 번호 {n}"),
    (r"flow must be X or M, got (?P<v>.+)", "수출입 구분은 X나 M이어야 하는데 {v}임"),
    (r"country numbers (?P<l>\[.*\]) are not in the country-codes file \((?P<n>\d+) in all\): pass the "
     r"country_codes file of this BACI version",
     "국가 번호({l})가 국가 코드 파일에 없음 (모두 {n}개): 이 BACI 버전의 country_codes 파일을 지정하십시오"),
    # critical.py, overrides.py (a critical-inputs table, end-use overrides)
    (r"expected a code system (?P<s>[A-Z0-9, ]+), got '(?P<v>.*)'", "코드 체계 {s} 중 하나여야 하는데 '{v}'임"),
    (r"expected an? (?P<s>[A-Z0-9]+) sector code such as D26, got '(?P<v>.*)'",
     "D26 같은 {s} 업종 코드여야 하는데 '{v}'임"),
    (rf"expected {', '.join(_CRITICALITY)}, got '(?P<v>.*)'",
     ", ".join(f"'{c}'({_IMPORTANCE.get(c, c)})" for c in _CRITICALITY) + " 중 하나여야 하는데 '{v}'임"),
    (r"expected a number of days ≥ 0, got '(?P<v>.*)'", "0 이상의 일수여야 하는데 '{v}'임"),
    (r"expected a number of days from 0 to (?P<m>[\d,]+) \(ten years\), got '(?P<v>.*)'",
     "0일부터 {m}일(10년) 사이의 일수여야 하는데 '{v}'임"),
    (r"the dependent shares of code (?P<c>\S+) in sector (?P<s>\S+) sum to (?P<t>[\d.]+) with the shipped rows your "
     r"file does not replace \((?P<l>.*)\): expected at most 1; a row replaces a shipped one of the same code, sector "
     r"and ksic, so give those ksic classes, or lower the shares",
     "코드 {c}의 업종 {s} 의존 비중이 이 파일이 대체하지 않는 내장 행({l})과 합쳐 {t}임: 1 이하여야 함; 같은 코드·업종·ksic의 "
     "행만 내장 행을 대체하므로 그 ksic 세분류를 적거나 비중을 낮추십시오"),
    (r"code (?P<c>\S+), sector (?P<s>\S+) and ksic '(?P<k>.*)' appear twice \(first on row (?P<r>\d+)\)",
     "코드 {c}, 업종 {s}, KSIC '{k}' 조합이 두 번 나옴 (처음은 {r}행)"),
    (r"code (?P<c>\S+) and sector (?P<s>\S+) appear twice", "코드 {c}와 업종 {s} 조합이 두 번 나옴"),
    (r"the dependent shares of code (?P<c>\S+) in sector (?P<s>\S+) sum to (?P<v>\S+); expected at most 1",
     "업종 {s}에서 코드 {c}의 의존 비중 합이 {v}임; 1 이하여야 함"),
    (r"the shares of code (?P<c>\S+) sum to (?P<v>\S+); expected at most 1", "코드 {c}의 비중 합이 {v}임; 1 이하여야 함"),
    (r"expected an? (?P<n>\d+)-digit (?P<l>[A-Z]+\d*) code written as text, got '(?P<v>.*?)': a lost leading zero\? "
     r"write '(?P<w>.*)' \(format the column as text\)",
     "텍스트로 적은 {n}자리 {l} 코드여야 하는데 '{v}'임: 앞자리 0이 사라진 것으로 보임; '{w}'로 적으십시오 (열 서식을 "
     "텍스트로 지정)"),
    (r"expected a 4-digit KSIC class of the 9th revision \(e\.g\. 2611\), got '(?P<v>.*)'",
     "KSIC 9차 개정의 4자리 세분류(예: 2611)여야 하는데 '{v}'임"),
    (r"KSIC (?P<k>\S+) does not lie in sector (?P<s>\S+) \(its ISIC divisions: (?P<d>.*)\)",
     "KSIC {k}: 업종 {s}에 속하지 않음 (해당 ISIC 중분류: {d})"),
    (r"expected a share in (?P<i>[\[(][\d.eE+\-]+, [\d.eE+\-]+[\])]), got '(?P<v>.*)'",
     "{i} 범위의 비중이어야 하는데 '{v}'임"),
    (rf"expected columns {re.escape(', '.join(_CRITICAL_COLUMNS))}; missing (?P<m>\S+)",
     ", ".join(f"'{c}'" for c in _CRITICAL_COLUMNS) + " 열이 있어야 함; '{m}' 열이 없음"),
    (r"expected columns (?P<c>[\w, ]+); missing (?P<m>[\w, ]+)", "{c:q} 열이 있어야 함; {m:q} 열이 없음"),
    # schema/core.py
    *[(rf"(?P<src>.+): not a valid {re.escape(en)}", f"{{src:t}}: 올바른 {ko}가 아님") for en, ko in _TABLES.items()],
    *[(rf"required column missing from {re.escape(en)} \(expected columns: (?P<c>.+)\)",
       f"{ko}에 필수 열이 없음 (필요한 열: {{c:c}})") for en, ko in _TABLES.items()],
    (r"duplicated key \((?P<k>[^()]+)\): each key must appear once", "키 중복 ({k:c}): 같은 키는 한 번만 나와야 함"),
    (r"(?P<n>\d+) more rows fail the same check", "같은 검사에 걸린 행 {n}개 더 있음"),
    (r"expected one of (?P<v>[A-Z0-9_\-]+(?:, [A-Z0-9_\-]+)+)", "{v} 중 하나여야 함"),
]
