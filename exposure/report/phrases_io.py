"""Korean texts of what the loaders write in English: reasons for dropped rows, LoadReport warnings, units
(see :mod:`exposure.report.translate`; the conventions of :mod:`exposure.report.phrases`)."""

from __future__ import annotations

EXACT: dict[str, str] = {
    # reasons of dropped rows (io/flowtable.py, streamflows.py, tabular.py, comtrade.py, oecd.py, iotable.py,
    # census.py, smeexports.py, baci.py, flows.py)
    "blank row": "빈 행", "total row": "합계 행", "no value": "값 없음", "zero value": "값이 0",
    "the imports": "수입 자료", "override table": "최종 용도 배분표", "critical-inputs table": "핵심 투입재 표",  # the source a months warning names when it is not one file (indicators.py)
    "partner not a country": "상대국이 국가가 아님", "reporter not a country": "보고국이 국가가 아님",
    "duplicate key: summed into an earlier row": "중복 키: 앞 행에 합산",
    "sub-flow (part of total X/M)": "세부 흐름 (수출입 총계의 일부)", "services row (not goods)": "서비스 행 (상품 아님)",
    "breakdown row": "세부 구분 행", "aggregate row (its finer lines are in the file)": "상위 분류 행 (하위 품목 행이 파일에 있음)",
    "taxes less subsidies on products (not a flow between sectors)": "순생산물세 (업종 간 거래 아님)",
    "value added (not a flow between sectors)": "부가가치 (업종 간 거래 아님)",
    "total row (used as output)": "합계 행 (산출액으로 사용)", "not a product row": "품목 행 아님",
    "not a sector row": "업종 행 아님", "suppressed (masked with *)": "비공개 (*로 가림)",
    "cell suppressed for confidentiality": "비밀 보호로 가린 칸", "blank KSIC division": "KSIC 중분류 빈칸",
    "unknown KSIC 9th-revision division": "알 수 없는 KSIC 9차 중분류", "blank production": "생산액 빈칸",
    "blank workers": "종사자 수 빈칸", "size class unknown": "규모 구분 불명",
    "MTI group above the item level": "품목보다 상위의 MTI 묶음", "flow M": "수입(M)", "flow X": "수출(X)",
    "covered by finer rows (kept instead)": "더 세분된 행이 포함함 (세분 행을 유지)",
    # codes/countries.py (partner reasons) and their fate
    "total row, not a partner": "합계 행, 상대국 아님", "group of countries, not one partner": "국가 묶음, 단일 상대국 아님",
    "international organisation, not a country": "국제기구, 국가 아님",
    "special trade category (bunkers, free zones …), not a country": "특수 무역 구분 (선박 연료·자유무역지대 등), 국가 아님",
    "not an ISO 3166 country": "ISO 3166 국가 아님", "unspecified partner, kept as UNK": "미지정 상대국, 미상(UNK)으로 유지",
    "unspecified partner": "미지정 상대국", "unknown country name": "알 수 없는 국가명",
    "kept as UNK": "미상(UNK)으로 유지", "rows dropped": "행 제외", "rows dropped unless zero": "값이 0이 아니면 행 제외",
    # codes/normalize.py (unmatched codes)
    "not a number": "숫자가 아님", "scientific notation has lost digits; store the column as text":
        "지수 표기로 자릿수가 사라짐: 열을 텍스트로 저장하십시오", "empty": "빈칸", "too few digits to be a code": "코드로 보기에 자릿수가 부족",
    "no code starts with 00: no HS chapter or MTI group is 00": "00으로 시작하는 코드는 없음: HS 류나 MTI 묶음에 00은 없음",
    # LoadReport warnings
    "the file names no reporter: taken as KOR (set constants.reporter in a mapping file otherwise)":
        "파일에 보고국이 없어 한국(KOR)으로 봄 (다른 나라이면 매핑 파일에 보고국을 지정)",
    "the file has no partner column: rows taken as world totals (WLD)": "파일에 상대국 열이 없어 모든 행을 세계 합계(WLD)로 봄",
    "sme_share = SMEs' exports / all firms' exports (basis: export)": "중소기업 비중 = 중소기업 수출 / 전체 기업 수출 (기준: 수출)",
    "export_usd is not in the census: left empty here; each sector's exports are taken from the input–output table "
    "of the run (--io)": "센서스에는 수출액이 없어 비워 둠: 업종별 수출액은 이번 분석의 산업연관표(--io)에서 가져옴",
    "HS revision unknown (file name not BACI_HSyy_…): code_system is HS6; name the file as CEPII does "
    "(BACI_HS17_Y2019_V202301.csv) so that the revision is known":
        "HS 개정판을 알 수 없음 (파일 이름이 BACI_HSyy_… 형식 아님): 코드 체계를 HS6로 둠. 개정판을 알 수 있게 CEPII 방식 "
        "(BACI_HS17_Y2019_V202301.csv)으로 파일 이름을 지정하십시오",
    "no BACI country-codes file given or found: country numbers read with the tool's BACI table":
        "BACI 국가 코드 파일이 없음: 도구에 내장된 BACI 표로 국가 번호를 읽음",
    "a ';'-separated CSV: numbers read with the decimal comma (1.234,5 = 1234.5)":
        "';'로 구분된 CSV: 숫자를 소수점 쉼표 방식으로 읽음 (1.234,5 = 1234.5)",
    "the built-in 2015 average (Bank of Korea), the census year; give the rate for another period with --fx "
    "KRW=<rate>": "내장된 2015년 평균 환율 (한국은행, 센서스 연도); 다른 기간의 환율은 --fx KRW=<환율>로 지정",
    "the rate given": "지정한 환율",
    "the built-in 2015 average (Bank of Korea), the census year": "내장된 2015년 평균 환율 (한국은행, 센서스 연도)",
    "give the rate for another period with --fx KRW=<rate>": "다른 기간의 환율은 --fx KRW=<환율>로 지정",
    # units (LoadReport.unit)
    "USD": "달러", "USD thousand": "천 달러", "thousand USD": "천 달러", "USD million": "백만 달러",
    "USD billion": "십억 달러", "index": "지수 (단위 없음)", "US Dollar, Millions": "백만 달러", "million": "백만",
    "thousand": "천", "billion": "십억",
    # the formats of io/load.py (detect_format) not named in phrases_errors_read, and code systems
    "table": "표", "csv": "CSV", "xlsx": "XLSX", "xls": "XLS", "html-xls": "HTML 형식의 XLS", "combine": "결합",
    "comtrade-legacy": "UN Comtrade CSV (구 형식)", "comtrade-api": "UN Comtrade CSV (API)", "sectors": "업종",
}

PATTERNS: list[tuple[str, str]] = [
    # io/oecd.py (the column mapping inspect shows)
    (r"(?P<c>\S+) \(sign reversed\)", "{c} (부호 반전)"),
    # io/fields.py (a title that states a part of a year)
    (r"the title says the table covers (?P<a>\d{4}-\d{2}) to (?P<b>\d{4}-\d{2}) \((?P<n>\d+) months\), not the whole "
     r"year: its amounts are sums over those months, and figures per year are about (?P<k>\d+)/12 of a whole year's",
     "제목에 따르면 이 표는 {a}~{b}({n}개월) 자료이고 한 해 전체가 아님: 금액은 그 달들의 합계이며, 연간 수치는 한 해 "
     "전체의 약 {k}/12임"),
    # intake.py, monitor/panel.py (months of a monthly file)
    (r"(?P<y>\d{4}): only (?P<n>\d+) of 12 months \((?P<m>[^)]+)\) in (?P<f>.+): annual figures are the sum of "
     r"those months", "{y}년: {f:t}에 12개월 중 {n}개월({m})만 있음: 연간 수치는 그 달들의 합계"),
    (r"no row for any product or partner in (?P<m>[0-9-]+): the month is missing from the file, not read as zero "
     r"imports", "{m}에는 어떤 품목·상대국의 행도 없음: 수입 0이 아니라 파일에 빠진 달"),
    (r"the previous 12 months leave out (?P<m>[0-9-, ]+) \(missing from the file\)",
     "직전 12개월에서 {m} 제외 (파일에 빠진 달)"),
    # iotable.py (a workbook's empty cells)
    (r"sheet '(?P<s>[^']+)': (?P<n>\d+) empty cells? read as 0 \(the first at row (?P<r>\d+), column '(?P<c>[^']+)'\)",
     "시트 '{s}': 빈칸 {n}개를 0으로 읽음 (첫 칸: {r}행, '{c}' 열)"),
    # monitor_command.py (the chart's month outside the data)
    (r"the chart's month (?P<e>[0-9-]+) is outside the monthly data \((?P<a>[0-9-]+) to (?P<b>[0-9-]+)\): the chart "
     r"is indexed on the month before it, so expected a month from (?P<f>[0-9-]+) to (?P<l>[0-9-]+) \(--event "
     r"YYYY-MM\); no early-warning chart drawn",
     "차트 기준 월 {e}이(가) 월별 자료 기간({a}~{b}) 밖: 차트의 기준값은 그 직전 달이므로 {f}부터 {l}까지의 달이어야 함 "
     "(--event YYYY-MM); 조기경보 차트는 그리지 않음"),
    # census.py
    (r"KSIC division with no (?P<s>\w+) sector", "{s} 업종에 대응하지 않는 KSIC 중분류"),
    (r"production converted to USD at (?P<r>[\d,.]+) KRW/USD: (?P<src>.+)", "생산액을 1달러 = {r}원으로 환산: {src:t}"),
    (r"the rate given \(fx KRW=(?P<r>[\d,.]+)\)", "지정한 환율 (fx KRW={r})"),
    (r"(?P<n>\d+) rows give a section letter that does not hold their KSIC division \(first: row (?P<r>\d+), section "
     r"(?P<s>\w+), division (?P<d>\w+)\); the division is used",
     "{n}개 행의 대분류 문자가 KSIC 중분류와 맞지 않음 (첫 행: {r}행, 대분류 {s}, 중분류 {d}): 중분류를 사용"),
    (r"median production per worker is (?P<v>[\d,.]+) KRW with unit_krw=(?P<u>\S+): the production column is "
     r"probably in another unit", "종사자 1인당 생산액 중앙값이 {v}원 (단위 {u}원): 생산액 열의 단위가 다를 가능성"),
    (r"(?P<s>\w+): no production left in the census after dropped rows, so no SME share",
     "{s}: 제외된 행을 빼면 센서스에 생산액이 없어 중소기업 비중 없음"),
    (r"sme_share = share of production made by establishments with fewer than (?P<t>[\d,.]+) workers \(KSIC "
     r"9th-revision divisions mapped to (?P<s>\w+) with concordance weights\)",
     "중소기업 비중 = 종사자 {t}명 미만 사업체의 생산액 비중 (KSIC 9차 중분류를 연계 가중치로 {s} 업종에 배분)"),
    (r"output_usd = census production, KRW (?P<u>\w+), converted to USD as stated above; sme_firms counts "
     r"establishments, not enterprises",
     "산출액 = 센서스 생산액 ({u:t} 원 단위), 위 환율로 달러 환산; 중소기업 수는 기업이 아니라 사업체 수"),
    (r"export_usd taken from the input–output table's exports \((?P<s>.+)\)", "수출액은 산업연관표의 수출 사용 ({s})"),
    (r"no exports in the input–output table for (?P<s>.+): export_usd left empty", "산업연관표에 {s}의 수출이 없어 수출액 빈칸"),
    (r"KRW (?P<u>\w+) \(production\), converted at (?P<r>[\d,.]+) KRW/USD", "{u:t} 원 (생산액), 1달러 = {r}원으로 환산"),
    # validate.py
    (r"no row kept: all (?P<n>\d+) rows read were dropped \(the reasons: exposure inspect\)",
     "남은 행 없음: 읽은 {n}개 행이 모두 제외됨 (이유: exposure inspect)"),
    # combine.py
    (r"(?P<n>\d+) rows dropped because finer rows of the same flows were kept \(value (?P<v>[\d,.]+) USD; see the "
     r"totals for what the finer rows leave uncovered\)",
     "같은 흐름의 더 세분된 행을 유지해 {n}개 행 제외 (금액 {v}달러; 세분 행이 덮지 못한 부분은 합계 대조 참고)"),
    (r"(?P<n>\d+) rows of the coarser table dropped: the finer table beside it covers them \(each is compared with "
     r"its finer rows in the totals\)", "옆의 더 세분된 표가 포함하므로 덜 세분된 표의 {n}개 행 제외 (합계 대조에서 세분 행과 비교)"),
    (r"(?P<d>.+): covered by (?P<n>\d+) finer rows? \((?P<w>.+)\); finer sum (?P<v>[\d,.]+) USD, uncovered "
     r"remainder (?P<r>-?[\d,.]+) USD", "{d}: 더 세분된 {n}개 행이 포함 ({w}); 세분 행 합계 {v}달러, 포함되지 않은 나머지 {r}달러"),
    (r"(?P<d>.+): covered by (?P<n>\d+) finer rows? \((?P<w>.+)\); finer sum (?P<v>[\d,.]+) USD, compared for the "
     r"whole year in the totals", "{d}: 더 세분된 {n}개 행이 포함 ({w}); 세분 행 합계 {v}달러, 합계 대조에서 연간으로 비교"),
    (r"(?P<d>.+): covered by (?P<n>\d+) finer rows? \((?P<w>.+)\); finer sum (?P<v>[\d,.]+) USD",
     "{d}: 더 세분된 {n}개 행이 포함 ({w}); 세분 행 합계 {v}달러"),
    (r"(?P<d>.+) vs its (?P<s>.+) rows in (?P<f>.+)", "{d} 대 {f}의 {s} 행"),
    (r"(?P<d>.+) vs its (?P<s>.+) rows", "{d} 대 그 {s} 행"),
    (r"(?P<a>.+) table: its (?P<n>\d+) rows covered by the (?P<b>.+) table, together",
     "{a:t} 표: {b:t} 표가 포함하는 {n}개 행 전체"),
    (r"(?P<a>\S+) and (?P<b>\S+)", "{a}, {b}"),
    (r"combined: (?P<f>.+)", "결합: {f}"),
    # comtrade.py, flowtable.py, streamflows.py (partners)
    (r"(?P<role>partner|reporter) '(?P<name>.*)' \((?P<n>[\d,]+) rows\): (?P<why>.+?) — (?P<fate>.+)",
     "{role:t} '{name}' ({n}개 행): {why:t} — {fate:t}"),
    (r"partner", "상대국"), (r"reporter", "보고국"),
    (r"(?P<n>\d+) rows repeat the key of an earlier row \((?P<k>[^)]+)\): their values were added to that row",
     "{n}개 행이 앞 행과 키가 같음 ({k:c}): 값을 그 행에 더함"),
    (r"(?P<n>\d+) rows share their key with another once country numbers became ISO3 codes: values summed into the "
     r"first", "국가 번호를 ISO3 코드로 바꾸자 {n}개 행의 키가 겹침: 첫 행에 합산"),
    (r"BACI country (?P<n>\d+) '(?P<name>.*)' has no ISO3 code: kept as UNK",
     "BACI 국가 {n} '{name}'에 ISO3 코드 없음: 미상(UNK)으로 유지"),
    (r"skipped (?P<n>\d+) macOS resource-fork members? of the zip \((?P<f>.*)\): not data",
     "zip 안의 macOS 리소스 포크 {n}개 건너뜀 ({f}): 자료 아님"),
    # grid.py, sheet.py, tabular.py, streamflows.py, iotable.py
    (r"rows (?P<a>[\d,]+)–(?P<b>[\d,]+) are empty: skipped", "{a}–{b}행이 비어 있어 건너뜀"),
    (r"code system (?P<s>\S+) inferred from the code lengths in column '(?P<c>.*)'", "코드 체계 추정: {s} ('{c}' 열의 코드 길이로)"),
    (r"column '(?P<c>.*)': (?P<shown>.+) \(rows? (?P<r>[\d, ]+)\) each follow the code of the row above by one with "
     r"the same name: probably "
     r"filled down by dragging in Excel; check that they are real codes",
     "'{c}' 열: {shown}({r}행)가 각각 이름이 같은 윗행의 코드보다 1 큼: 엑셀에서 끌어 채운 것으로 보이니 실제 코드인지 확인하십시오"),
    (r"the file has no code column: every row is product (?P<t>\S+) \((?P<s>\S+), from (?P<w>.+)\)",
     "파일에 코드 열이 없어 모든 행을 품목 {t}({s}, {w}에서 읽음)로 봄"),
    (r"the file has no year column: every row is taken as (?P<y>\d+), the year its title rows state",
     "파일에 연도 열이 없어 모든 행을 제목 행에 적힌 {y}년으로 봄"),
    (r"the file has no year column and its title rows state no year: every row is taken as (?P<y>\d+), the year in "
     r"the file name", "파일에 연도 열도, 제목 행의 연도도 없어 모든 행을 파일 이름의 {y}년으로 봄"),
    (r"amounts of column '(?P<c>.*)' in (?P<u>.+) converted to USD at (?P<r>[\d,.]+) (?P<cur>[A-Z]{3}) per USD "
     r"\(the rate given\)", "'{c}' 열의 금액({u:t})을 지정한 환율 1달러 = {r} {cur}로 달러 환산"),
    (r"read with the (?P<o>built-in|given) mapping '(?P<m>.+)'", "{o:t} 매핑 '{m}'에 따라 읽음"),
    (r"built-in", "내장"), (r"given", "지정한"),
    (r"columns not used: (?P<c>.+)", "사용하지 않은 열: {c}"),
    (r"(?P<n>\d+) tables side by side: (?P<t>.+)", "나란히 놓인 표 {n}개: {t}"),
    (r"sheet '(?P<l>.*)': 총수요 differs from intermediate use \+ 최종수요 \+ 수출 in rows (?P<r>.+)",
     "'{l}' 시트: {r}행의 총수요가 중간수요 + 최종수요 + 수출과 다름"),
    # smeexports.py
    (r"sme_export_usd = '(?P<a>.*)' × '(?P<b>.*)' \(the table gives the SME share, not the SME amount\)",
     "중소기업 수출액 = '{a}' × '{b}' (표에 중소기업 금액이 아니라 비중이 있음)"),
    (r"'(?P<a>.*)' differs from 중소기업 / 전체 in (?P<n>\d+) rows \(first: row (?P<r>\d+), (?P<g>\S+) vs (?P<c>\S+)\): "
     r"the share computed from the amounts is used",
     "'{a}'가 {n}개 행에서 중소기업 / 전체와 다름 (첫 행: {r}행, {g} 대 {c}): 금액으로 계산한 비중 사용"),
    (r"대기업 \+ 중견기업 \+ 중소기업 differs from '(?P<t>.*)' in (?P<n>\d+) rows \(first: row (?P<r>\d+): (?P<a>[\d,.]+) "
     r"vs (?P<b>[\d,.]+) USD\)", "대기업 + 중견기업 + 중소기업이 {n}개 행에서 '{t}'와 다름 (첫 행: {r}행, {a} 대 {b}달러)"),
    (r"row (?P<r>\d+) \((?P<l>.*)\): (?P<v>[\d,.]+) USD, but the rows it totals sum to (?P<s>[\d,.]+) USD",
     "{r}행 ({l}): {v}달러이지만 하위 행의 합은 {s}달러"),
    # totals labels (oecd.py, iotable.py)
    (r"(?P<c>\S+) \(all industries\)", "{c} (전 산업)"),
    (r"(?P<c>.+) \(all sectors\)", "{c} (전 업종)"),
    # a warning of one input file, named in front (intake.py: a total its rows do not add up to)
    (r"(?P<f>[^:]+): (?P<rest>row \d+ \(.*\): [\d,.\-]+ USD, but the rows it totals sum to [\d,.\-]+ USD)",
     "{f}: {rest:t}"),
    (r"(?P<f>[^:]+): (?P<rest>the title says the table covers .*)", "{f}: {rest:t}"),
    # units
    (r"(?P<c>[A-Z]{3}) (?P<u>thousand|million|billion)", "{u:t} {c}"),
    (r"(?P<u>.+) \((?P<c>[A-Z]{3}), (?P<r>[\d,.]+) per USD\)", "{u:t} ({c}, 1달러 = {r})"),
]
