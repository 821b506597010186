"""Korean texts of errors (see :mod:`exposure.report.phrases_errors`).

The errors of reading a file: its kind and limits (io/limits.py, grid.py), its text encoding
(io/encoding.py), workbooks and their sheets (io/workbook.py, header.py), HTML tables
(io/htmltable.py), zips (io/load.py, baci.py), the columns of the header (io/layout.py), mapping
files (io/mapping.py, tomlfile.py), classification files (io/descriptions.py), codes
(codes/normalize.py) and files put together (io/combine.py). Names from the input (files, sheets,
columns, members of a zip, cell values) stay in their single quotes; an option or a key a person
types into a mapping file is quoted too (``'[read] sheet'``).
"""

from __future__ import annotations

#: a size as limits.py writes it (``260,931 bytes``, ``256 MiB``): number and unit
_SIZE_A = r"(?P<a>[\d,]+) (?P<au>bytes|MiB)"
_SIZE_B = r"(?P<b>[\d,]+) (?P<bu>bytes|MiB)"
#: the kinds of TOML files tomlfile.py names (``what``)
_TOML = r"(?P<w>mapping file|config file|scenario file|counter-measure file|scenarios file|counter-measures file)"
#: one column reference of a mapping as ColumnRef.describe writes it: a name, a regex or a column letter
_REF = r"(?:'[^']*'|regex '[^']*'|column [A-Z]{1,3})"
#: the hint header.py adds when the data sit on hidden sheets
_HIDDEN = r"the data is on the hidden sheets? .+, and a hidden sheet is read only when named: .+"

EXACT: dict[str, str] = {
    # words the templates pass through :t
    "bytes": "바이트", "MiB": "MiB", "in the zip": "zip 안의", "inside the workbook": "통합 문서 안의",
    ".xlsx": "XLSX", ".xls": "XLS", "an HTML page": "HTML 페이지",
    "mapping file": "매핑 파일", "config file": "설정 파일", "scenario file": "시나리오 파일",
    "counter-measure file": "대응책 파일", "scenarios file": "시나리오 파일", "counter-measures file": "대응책 파일",
    "in both files": "두 파일에", "because the file is given twice": "같은 파일이 두 번 지정되어",
    "twice in this file": "이 파일 안에서 두 번",
    # the formats io/load.py names (detect_format)
    "baci": "CEPII BACI", "baci-zip": "CEPII BACI (zip)", "comtrade": "UN Comtrade CSV", "oecd-iot": "OECD 산업연관표",
    "oecd-leontief": "OECD 레온티예프 역행렬", "io-workbook": "산업연관표 통합 문서", "economic-census": "경제총조사",
    "sme-exports": "기업규모별 수출 표",
    # io/encoding.py
    "cannot tell the text encoding: expected UTF-8, UTF-8 with BOM or CP949":
        "텍스트 인코딩을 알 수 없음: UTF-8, BOM 있는 UTF-8 또는 CP949여야 함",
    # io/grid.py, load.py, baci.py (containers)
    "looks like a zip/xlsx file but the archive is damaged": "zip/XLSX 파일로 보이지만 압축 파일이 손상됨",
    "looks like a zip file but the archive is damaged": "zip 파일로 보이지만 압축 파일이 손상됨",
    "a zip archive with no CSV file in it": "CSV 파일이 하나도 들어 있지 않은 zip 압축 파일임",
    "a zip archive, not a table: expected .xlsx, .xls or .csv (BACI zips are read as world exports)":
        "표가 아니라 zip 압축 파일임: XLSX, XLS 또는 CSV 파일이어야 함 (BACI zip 파일은 세계 수출 자료로 읽음)",
    "an OpenDocument spreadsheet (.ods): expected .xlsx, .xls or CSV; open it in LibreOffice Calc or Excel and save "
    "it as .xlsx": "오픈도큐먼트 스프레드시트(ODS)임: XLSX, XLS 또는 CSV 파일이어야 함; 리브레오피스 캘크나 엑셀에서 열어 "
                   "XLSX로 저장하십시오",
    "the workbook is password-protected (an encrypted Office file): expected an unprotected file (open it with its "
    "password and save a copy without one)":
        "통합 문서에 암호가 걸려 있음 (암호화된 오피스 파일): 암호가 없는 파일이어야 함 (암호를 넣어 파일을 연 뒤 암호 없는 "
        "사본을 저장하십시오)",
    "this is a BACI country-codes file, not trade data: keep it beside the BACI data file":
        "교역 자료가 아니라 BACI 국가 코드 파일임: BACI 자료 파일 옆에 두십시오",
    # io/limits.py, and the operating system's reasons (strerror) it passes on
    "file not found": "파일이 없음", "Permission denied": "접근 권한이 없음",
    "No such file or directory": "파일이나 폴더가 없음", "Is a directory": "폴더임", "Not a directory": "폴더가 아님",
    "File name too long": "파일 이름이 너무 김", "Too many levels of symbolic links": "심볼릭 링크가 너무 여러 단계임",
    "Input/output error": "입출력 오류", "Operation not permitted": "허용되지 않은 작업",
    # io/header.py
    "the sheet is empty: expected a table with a header row": "시트가 비어 있음: 머리글 행이 있는 표여야 함",
    # io/descriptions.py (--names)
    "classification file not found": "분류 파일이 없음",
    "no descriptions in the file: expected rows of a product code (2 to 10 digits) and its description":
        "파일에 품목 설명이 없음: 품목 코드(2~10자리)와 그 설명으로 된 행이 있어야 함",
    "the file is empty: expected a code and a description column": "파일이 비어 있음: 코드 열과 설명 열이 있어야 함",
    "expected a classification JSON with a 'results' list of {id, text} entries":
        "'results' 목록에 '{id, text}' 항목이 든 분류 JSON이어야 함",
    # io/baci.py
    "not a BACI country-codes file: expected columns country_code and country_iso3 (or iso_3digit_alpha)":
        "BACI 국가 코드 파일이 아님: country_code 열과 country_iso3 열(또는 iso_3digit_alpha 열)이 있어야 함",
    "the same year, exporter, importer and product appear twice": "같은 연도·수출국·수입국·품목이 두 번 나옴",
    "expected a number, got an empty cell": "숫자여야 하는데 빈칸임",
    # io/mapping.py
    "expected [[flows]] entries": "'[[flows]]' 항목이어야 함",
    # csv.Error texts (grid.py: not a readable CSV file)
    "line contains NUL": "줄에 NUL 문자가 있음",
    "unexpected end of data": "자료가 중간에 끊김",
    # lxml texts (htmltable.py: not a readable HTML file)
    "Document is empty": "문서가 비어 있음",
    # xlrd / expat texts (workbook.py: damaged workbooks)
    "Can't find workbook in OLE2 compound document": "OLE2 복합 문서 안에 통합 문서가 없음",
    "File is not a zip file": "zip 파일이 아님",
    "unclosed token": "닫히지 않은 토큰", "not well-formed (invalid token)": "형식이 잘못됨 (잘못된 토큰)",
    "mismatched tag": "태그의 짝이 맞지 않음", "no element found": "요소가 없음",
    "junk after document element": "문서 요소 뒤에 불필요한 내용이 있음", "syntax error": "구문 오류",
    "undefined entity": "정의되지 않은 엔터티", "duplicate attribute": "중복된 속성",
    # constant problems of the loaders, the engine and the commands (tests scan the source for every one)
    "the header is the last row: expected rows of data under it": "머리글이 마지막 행임: 그 아래에 자료 행이 있어야 함",
    "expected a CSV file in UTF-8 or CP949": "UTF-8 또는 CP949로 된 CSV 파일이어야 함",
    "expected numbers in a value column": "금액 열에는 숫자가 있어야 함",
    "expected the SMEs' exports (blank)": "중소기업 수출액이 있어야 함 (빈 칸)",
    "no code system": "코드 체계 없음",
    "a product appears twice in the same month": "같은 달에 같은 품목이 두 번 나옴",
    "not a TradeFlows table: columns code and code_system are needed":
        "품목별 교역 표('TradeFlows')가 아님: 'code'와 'code_system' 열이 필요함",
    "not a UN Comtrade CSV: expected the legacy columns (Commodity Code, Trade Value (US$) …) or the API columns "
    "(cmdCode, primaryValue …)":
        "UN Comtrade CSV가 아님: 예전 형식의 열('Commodity Code', 'Trade Value (US$)' …) 또는 API 형식의 열"
        "('cmdCode', 'primaryValue' …)이 있어야 함",
    "this is a BACI country-codes file, not trade data: keep it beside the BACI data file (or inside its zip), where "
    "it is found by itself": "BACI 국가 코드 파일이며 교역 자료가 아님: BACI 자료 파일 옆(또는 그 zip 안)에 두면 저절로 "
                             "찾아 읽음",
    "imports must be positive amounts (the OECD IMPO column is negative: flip its sign first)":
        "수입액은 양수여야 함 (OECD IMPO 열이 음수임: 먼저 부호를 바꾸십시오)",
    "I − A is singular: the domestic coefficients cannot be inverted (a sector uses at least its whole output as "
    "input)": "I − A가 특이행렬임: 국산 투입계수의 역행렬을 구할 수 없음 (어떤 업종이 산출 전부 이상을 투입으로 씀)",
    "no monthly import file given (--monthly FILE: imports by partner and month)":
        "월별 수입 파일이 지정되지 않음 (--monthly FILE: 상대국·월별 수입 자료)",
    "no import rows with a value (flow M) in the monthly file(s): expected imports by partner and month; "
    "`exposure inspect` shows which columns were read and which rows were dropped":
        "월별 파일에 금액이 있는 수입 행('flow' M)이 없음: 상대국·월별 수입 자료여야 함; 어떤 열을 읽고 어떤 행을 "
        "제외했는지는 'exposure inspect'로 볼 수 있음",
    "no monthly rows (every row is annual, month 0): the monitor needs imports by month":
        "월별 행이 없음 (모든 행이 연간 자료, 'month' 0): 조기경보에는 월별 수입 자료가 필요함",
    "exists and is not a TOML file: writing the copy would replace it; expected a new or a .toml file name, or a "
    "folder": "이미 있는 TOML이 아닌 파일임: 사본을 쓰면 이 파일을 덮어씀; 새 파일 이름, '.toml' 파일 이름 또는 폴더여야 함",
    "give either a domestic-production series or a total-supply series, not both":
        "국내 생산 계열과 총공급 계열 중 하나만 지정하십시오 (둘 다는 안 됨)",
    "sme_basis = 'export' needs SME shares of exports (an SME-exports table, or a profile whose sme_share_basis says "
    "exports); the profile gives output shares":
        "sme_basis = 'export'에는 수출 기준 중소기업 비중이 필요함 (중소기업 수출 자료, 또는 sme_share_basis가 수출인 "
        "업종 프로필); 이 프로필은 산출 기준 비중임",
}

PATTERNS: list[tuple[str, str]] = [
    # indicators.py (the rows of a flow and reporter), monitor_command.py and monitor/calibrate.py
    *[(rf"no rows with flow {f} and reporter (?P<r>[A-Z]{{3}}) \(found reporter/flow: (?P<found>.*)\)",
       f"보고국이 {{r:k}}({{r}})인 {ko}({f}) 행이 없음 (있는 보고국/흐름: {{found}})") for f, ko in (("M", "수입"), ("X", "수출"))],
    *[(rf"no rows with flow {f} \(found reporter/flow: (?P<found>.*)\)",
       f"{ko}({f}) 행이 없음 (있는 보고국/흐름: {{found}})") for f, ko in (("M", "수입"), ("X", "수출"))],
    (r"no monthly import rows \(flow M, month 1–12\) of reporter (?P<r>[A-Z]{3}): the monitor needs a monthly "
     r"by-partner import table", "보고국 {r:k}({r})의 월별 수입 행('flow' M, 1–12월)이 없음: 조기경보에는 상대국·월별 "
     "수입표가 필요함"),
    (r"the header is '(?P<h>.*)': expected the column names exactly as CEPII writes them, t,i,j,k,v,q \(lower case, "
     r"no spaces\): correct the first line",
     "머리글이 '{h}'임: 열 이름은 CEPII가 쓰는 그대로 t,i,j,k,v,q(소문자, 공백 없음)여야 함: 첫 줄을 고치십시오"),
    (r"the world export table has no export rows \(flow X\): expected every exporter's exports by product \(a CEPII "
     r"BACI year, or a UN Comtrade table of all reporters\)",
     "세계 수출 표에 수출 행('flow' X)이 없음: 모든 수출국의 품목별 수출이어야 함 (CEPII BACI 연도 파일 또는 전체 보고국의 "
     "UN Comtrade 표)"),
    (r"the world export table holds the exports of one country only \((?P<c>[^)]*)\): expected every exporter's "
     r"exports by product \(a CEPII BACI year, or a UN Comtrade table of all reporters\); one country's exports give "
     r"every product a world HHI of 1",
     "세계 수출 표에 한 나라({c:k})의 수출만 있음: 모든 수출국의 품목별 수출이어야 함 (CEPII BACI 연도 파일 또는 전체 "
     "보고국의 UN Comtrade 표); 한 나라의 수출로는 모든 품목의 세계 수출 집중도가 1이 됨"),
    # io/grid.py (a quote never closed)
    (r"a quote opens field (?P<f>\d+) of this row \('(?P<s>.*)…'\) and is never closed: the (?P<n>[\d,]+) line\(s\) "
     r"after it were read as that one cell: expected each quoted cell to end with a quote \(\"…\"\); close it, or remove "
     r"the stray quote", "이 행의 {f}번째 칸에서 연 따옴표('{s}…')가 닫히지 않음: 그 뒤의 {n}줄이 이 한 칸으로 읽힘: "
     "따옴표로 연 칸은 따옴표로 닫아야 함(\"…\"); 닫거나 잘못 들어간 따옴표를 지우십시오"),
    # io/sheet.py (a total row that totals nothing)
    (r"the row is labelled (?P<l>\S+) \(a total\) but no other row shares its labels \((?P<f>.*)\), so it totals "
     r"nothing: expected a total of the rows it names; if it is a data row, remove the word (?P<w>\S+)",
     "이 행은 합계 행({l})으로 적혀 있지만 같은 구분({f})의 다른 행이 없어 합할 행이 없음: 이름 붙인 행들의 합계여야 함; "
     "자료 행이라면 '{w}'라는 말을 지우십시오"),
    # io/smeexports.py (the header of an SME-exports table)
    (r"no code column \(looked for (?P<l>[^)]*)\): expected a table of exports by firm size by MTI item or by sector; "
     r"the header has: (?P<h>.*)", "코드 열이 없음 (찾아본 이름: {l}): 기업규모별 수출을 MTI 품목이나 업종별로 적은 표여야 함; "
     "머리글: {h}"),
    (r"no column of all firms' exports \(looked for (?P<l>[^)]*)\): expected a table of exports by firm size; the "
     r"header has: (?P<h>.*)", "전체 기업 수출 열이 없음 (찾아본 이름: {l}): 기업규모별 수출 표여야 함; 머리글: {h}"),
    (r"no SME column \(looked for (?P<l>[^)]*)\): expected the SMEs' exports or their share; the header has: "
     r"(?P<h>.*)", "중소기업 열이 없음 (찾아본 이름: {l}): 중소기업 수출액이나 비중이 있어야 함; 머리글: {h}"),
    (r"product (?P<c>\S+) is not in the monthly file\(s\) \(products: (?P<p>.*)\)",
     "품목 {c}이(가) 월별 파일에 없음 (있는 품목: {p})"),
    (r"product (?P<c>\S+): the (?P<n>\d+) months before (?P<e>[0-9-]+) form the baseline, but (?P<m>[0-9-]+) is not "
     r"in the data \(data cover (?P<a>[0-9-]+) to (?P<b>[0-9-]+)\)",
     "품목 {c}: {e} 이전 {n}개월이 기준 기간인데 {m}이(가) 자료에 없음 (자료 기간 {a}~{b})"),
    (r"product (?P<c>\S+): fewer than 2 months of data from (?P<e>[0-9-]+) on \(data end in (?P<m>[0-9-]+)\)",
     "품목 {c}: {e}부터의 자료가 2개월 미만 (자료는 {m}에 끝남)"),
    # ------------------------------------------------------------------ io/encoding.py
    (r"the rows above are UTF-8 but byte 0x(?P<b>[0-9a-f]{2}) in this row is not: expected one encoding for the "
     r"whole file \(UTF-8, UTF-8 with BOM or CP949\); the rows from here on were probably pasted from a file in "
     r"another encoding",
     "위의 행들은 UTF-8인데 이 행에는 UTF-8로 읽을 수 없는 바이트(0x{b})가 있음: 파일 전체가 한 가지 인코딩(UTF-8, BOM 있는 UTF-8 "
     "또는 CP949)이어야 함; 이 행부터는 다른 인코딩의 파일에서 붙여 넣은 것으로 보임"),
    (r"the file starts with a (?P<m>UTF-8|UTF-16|UTF-32) byte-order mark, but its text is not (?P=m): byte "
     r"0x(?P<b>[0-9a-f]{2}) in this row is not (?P=m)(?P<cp>; the text after the mark reads as CP949)?: expected one "
     r"encoding; save the file again as (?P=m), or as CP949 without the mark",
     "파일이 {m} 바이트 순서 표시(BOM)로 시작하지만 본문은 {m}이 아님: 이 행의 바이트 0x{b}는 {m}이 아님{cp:t}: 인코딩은 "
     "하나여야 함; 파일을 {m}로, 또는 BOM 없는 CP949로 다시 저장하십시오"),
    ("; the text after the mark reads as CP949", "; BOM 뒤의 본문은 CP949로 읽힘"),
    (r"cannot decode the file as (?P<e>[\w\-]+): byte 0x(?P<b>[0-9a-f]{2}) in this row is not (?P=e); expected text "
     r"in one encoding \(UTF-8, UTF-8 with BOM or CP949\)",
     "파일을 {e}로 읽을 수 없음: 이 행의 바이트 0x{b}는 {e}가 아님; 한 가지 인코딩(UTF-8, BOM 있는 UTF-8, CP949)이어야 함"),
    (r"cannot decode the file as (?P<e>[\w\-]+), the encoding given for it: byte 0x(?P<b>[0-9a-f]{2}) in this row "
     r"is not (?P<e2>[\w\-]+); the file looks like (?P<f>[\w\-]+) \(set the encoding to (?P<f2>[\w\-]+), or leave it "
     r"out to detect it\)",
     "지정된 인코딩 {e}로 파일을 읽을 수 없음: 이 행에 {e2}로 읽을 수 없는 바이트(0x{b})가 있음; 파일은 {f}로 보임 (인코딩을 {f2}로 "
     "지정하거나, 지정하지 말고 자동으로 감지하게 하십시오)"),
    (r"cannot decode the file as (?P<e>[\w\-]+), the encoding given for it: byte 0x(?P<b>[0-9a-f]{2}) in this row "
     r"is not (?P<e2>[\w\-]+); expected text in that encoding",
     "지정된 인코딩 {e}로 파일을 읽을 수 없음: 이 행에 {e2}로 읽을 수 없는 바이트(0x{b})가 있음; 그 인코딩의 텍스트여야 함"),
    (r"unknown text encoding (?P<e>'[^']*'|\"[^\"]*\"): expected utf-8, utf-8-sig or cp949",
     "알 수 없는 텍스트 인코딩 {e}: utf-8, utf-8-sig 또는 cp949여야 함"),
    # ------------------------------------------------------------------ io/limits.py (files, zip members)
    (r"cannot open the file: (?P<e>.+)", "파일을 열 수 없음: {e:t}"),
    (r"this is (?P<what>a folder|a named pipe \(FIFO\)|a device|a socket|not a regular file), not a regular file: "
     r"expected a data file saved on disk \(CSV, xlsx, xls, zip …\); it was refused without reading",
     "{what:t}이며 일반 파일이 아님: 디스크에 저장된 자료 파일(CSV, XLSX, XLS, zip 등)이어야 함; 읽지 않고 거부함"),
    (r"a folder", "폴더"), (r"a named pipe \(FIFO\)", "이름 있는 파이프(FIFO)"), (r"a device", "장치"),
    (r"a socket", "소켓"), (r"not a regular file", "일반 파일이 아닌 것"),
    (r"the file is " + _SIZE_A + r", more than the " + _SIZE_B + r" a table file may have: expected a download of "
     r"one table \(split the file, or give BACI/Comtrade data as their own CSV or zip\)",
     "파일 크기가 {a}{au:t}로, 표 파일의 한도 {b}{bu:t}를 넘음: 표 하나를 내려받은 파일이어야 함 (파일을 나누거나, "
     "BACI·Comtrade 자료는 원래의 CSV나 zip 파일로 지정하십시오)"),
    (r"(?P<n>.+?) (?P<w>in the zip|inside the workbook) is password-protected: expected an unencrypted file "
     r"\(extract it with its password and give the extracted file\)",
     "{w:t} '{n}'에 암호가 걸려 있음: 암호화되지 않은 파일이어야 함 (암호를 넣어 압축을 풀고, 풀린 파일을 "
     "지정하십시오)"),
    (r"(?P<n>.+?) in the zip is password-protected: expected an unencrypted file \((?P<e>.*)\)",
     "zip 안의 '{n}'에 암호가 걸려 있음: 암호화되지 않은 파일이어야 함 ({e})"),
    (r"(?P<n>.+?) (?P<w>in the zip|inside the workbook) declares " + _SIZE_A + r" uncompressed, more than the "
     r"limit of " + _SIZE_B + r": refused before decompressing it",
     "{w:t} '{n}'의 압축 해제 크기가 {a}{au:t}로 선언되어 한도 {b}{bu:t}를 넘음: 압축을 풀기 전에 거부함"),
    (r"(?P<n>.+?) (?P<w>in the zip|inside the workbook) expands (?P<r>[\d,]+):1 \(" + _SIZE_A + r" to " + _SIZE_B
     + r"\), more than the (?P<m>[\d,]+):1 a data file reaches: refused before decompressing it \(a possible zip "
     r"bomb\)",
     "{w:t} '{n}'은(는) 압축을 풀면 {r}:1로 커짐 ({a}{au:t} → {b}{bu:t}): 자료 파일이 이르는 최대 압축률 {m}:1을 넘으므로 "
     "압축을 풀기 전에 거부함 (zip 폭탄일 수 있음)"),
    (r"the workbook's parts declare " + _SIZE_A + r" uncompressed, more than the limit of " + _SIZE_B
     + r": refused before decompressing it",
     "통합 문서 구성 요소의 압축 해제 크기 합계가 {a}{au:t}로 선언되어 한도 {b}{bu:t}를 넘음: 압축을 풀기 전에 거부함"),
    # ------------------------------------------------------------------ io/grid.py, workbook.py (workbooks)
    (r"cannot read the (?P<k>\.xlsx|\.xls) workbook, it is damaged or not a workbook \((?P<why>.*)\)",
     "{k:t} 통합 문서를 읽을 수 없음: 손상되었거나 통합 문서가 아님 ({why:t})"),
    (r"its part (?P<p>\S+) is missing", "구성 요소 '{p}'이(가) 없음"),
    (r"one of its parts is not laid out as Excel writes it; open it in Excel and save it again",
     "구성 요소 중 하나가 Excel이 쓰는 형태가 아님; Excel에서 열어 다시 저장하세요"),
    (r"Unsupported format, or corrupt file: Expected BOF record; found (?P<f>.*)",
     "지원하지 않는 형식이거나 손상된 파일: BOF 레코드가 있어야 하는데 {f}이(가) 있음"),
    (r"(?P<m>unclosed token|not well-formed \(invalid token\)|mismatched tag|no element found|junk after document "
     r"element|syntax error|undefined entity|duplicate attribute): line (?P<l>\d+), column (?P<c>\d+)",
     "XML 구문 오류, {m:t}: {l}번째 줄 {c}번째 글자"),
    (r"the (?P<k>\.xlsx|\.xls) workbook is password-protected: expected an unprotected file \(open it with its "
     r"password and save a copy without one\)",
     "{k:t} 통합 문서에 암호가 걸려 있음: 암호가 없는 파일이어야 함 (암호를 넣어 파일을 연 뒤 암호 없는 사본을 "
     "저장하십시오)"),
    (r"every sheet of the workbook is hidden \((?P<l>.+)\): a hidden sheet is read only when named: name it in a "
     r"mapping file \(\[read\] sheet = \"(?P<f>.*)\"\)",
     "통합 문서의 모든 시트가 숨김 시트임 ({l}): 숨김 시트는 이름을 지정할 때만 읽음: 매핑 파일에 "
     "'[read] sheet = \"{f}\"'로 지정하십시오"),
    (r"sheet number (?P<i>\d+) does not exist; the file has sheets (?P<l>\[.*\])",
     "시트 번호 {i}에 해당하는 시트가 없음; 파일에 있는 시트: {l}"),
    (r"sheet '(?P<s>.*)' not found; the file has sheets (?P<l>\[.*\])", "시트 '{s}'이(가) 없음; 파일에 있는 시트: {l}"),
    (r"cell (?P<c>[A-Z]+\d+) holds '(?P<v>.*)', beyond the (?P<n>[\d,]+) columns a table may have: expected one "
     r"table \(delete the cells far to the right of it\)",
     "{c} 칸에 '{v}' 값이 있음: 표가 가질 수 있는 {n}개 열을 넘어선 위치임: 표 하나만 있어야 함 (표의 오른쪽 멀리 떨어진 "
     "칸들을 지우십시오)"),
    (r"cell (?P<c>[A-Z]+\d+) holds a formula with no computed value \(the file was written by a program that does "
     r"not calculate formulas\): expected values; open the file in a spreadsheet program and save it, or paste the "
     r"cells as values",
     "{c} 칸의 수식에 계산된 값이 없음 (수식을 계산하지 않는 프로그램이 쓴 파일): 값이어야 함; 스프레드시트 "
     "프로그램에서 파일을 열어 저장하거나, 칸들을 값으로 붙여 넣으십시오"),
    (r"more than (?P<n>[\d,]+) cells \(at row (?P<r>[\d,]+)\): expected a table within that limit \(split the "
     r"file\)", "칸이 {n}개를 넘음 ({r}행에서): 이 한도 안의 표여야 함 (파일을 나누십시오)"),
    (r"more than (?P<n>[\d,]+) cells \(at line (?P<r>[\d,]+)\): expected a table within that limit \(split the "
     r"file\)", "칸이 {n}개를 넘음 ({r}번째 줄에서): 이 한도 안의 표여야 함 (파일을 나누십시오)"),
    (r"more than (?P<n>[\d,]+) cells up to this row: expected a table within that limit \(split the file\)",
     "이 행까지 칸이 {n}개를 넘음: 이 한도 안의 표여야 함 (파일을 나누십시오)"),
    (r"more than (?P<n>[\d,]+) cells: expected a table within that limit \(split the file\)",
     "칸이 {n}개를 넘음: 이 한도 안의 표여야 함 (파일을 나누십시오)"),
    (r"this line has (?P<n>[\d,]+) fields, more than the (?P<m>[\d,]+) columns a table may have: expected one table",
     "이 줄의 필드가 {n}개로, 표가 가질 수 있는 {m}개 열보다 많음: 표 하나만 있어야 함"),
    (r"not a readable CSV file: (?P<e>.+)", "읽을 수 있는 CSV 파일이 아님: {e:t}"),
    (r"field larger than field limit \((?P<n>\d+)\)", "필드 하나가 최대 길이({n}자)보다 김"),
    (r"new-line character seen in unquoted field - do you need to open the file with newline=''\?",
     "따옴표로 묶지 않은 필드 안에 줄바꿈 문자가 있음"),
    # ------------------------------------------------------------------ io/streamcsv.py
    (r"more than (?P<n>[\d,]+) data rows: expected a download within that limit \(split the file\)",
     "자료 행이 {n}개를 넘음: 이 한도 안에서 내려받은 파일이어야 함 (파일을 나누십시오)"),
    # ------------------------------------------------------------------ io/htmltable.py
    (r"(?P<k>an HTML page named (?P<x>\.\w+)|an HTML page) with no table in it \((?P<shown>.+)\): expected an Excel "
     r"workbook, a CSV file or an HTML table; the download probably failed, so download the file again",
     "{k:t}이며 표가 없음 ({shown:t}): 엑셀 통합 문서, CSV 파일 또는 HTML 표여야 함; 내려받기가 실패한 것으로 보이니 "
     "파일을 다시 내려받으십시오"),
    (r"(?P<k>an HTML page named (?P<x>\.\w+)|an HTML page) with no table in it: expected an Excel workbook, a CSV "
     r"file or an HTML table; the download probably failed, so download the file again",
     "{k:t}이며 표가 없음: 엑셀 통합 문서, CSV 파일 또는 HTML 표여야 함; 내려받기가 실패한 것으로 보이니 파일을 다시 "
     "내려받으십시오"),
    (r"an HTML page named (?P<x>\.\w+)", "확장자가 '{x}'인 HTML 페이지"),
    (r"title '(?P<t>.*)'; text '(?P<x>.*)'", "제목 '{t}'; 본문 '{x}'"),
    (r"title '(?P<t>.*)'", "제목 '{t}'"), (r"text '(?P<x>.*)'", "본문 '{x}'"),
    (r"a cell spans (?P<a>colspan|rowspan)=\"(?P<v>[^\"]*)\", more than the (?P<l>[\d,]+) a table cell may span: "
     r"expected a table of ordinary cells",
     "칸 하나가 '{a}=\"{v}\"'로 걸쳐 있어, 표의 칸 하나가 걸칠 수 있는 최대 {l}칸을 넘음: 보통 칸으로 된 표여야 함"),
    (r"the row is wider than the (?P<m>[\d,]+) columns a table may have: expected one table of ordinary width",
     "행의 너비가 표가 가질 수 있는 {m}개 열을 넘음: 보통 너비의 표 하나여야 함"),
    (r"cannot decode the HTML table as (?P<e>[\w\-]+): (?P<x>.+)", "HTML 표를 {e}로 읽을 수 없음: {x}"),
    (r"not a readable HTML file \((?P<x>.*)\): expected an Excel workbook, a CSV file or an HTML table",
     "읽을 수 있는 HTML 파일이 아님 ({x:t}): 엑셀 통합 문서, CSV 파일 또는 HTML 표여야 함"),
    # ------------------------------------------------------------------ io/baci.py (zips, BACI files)
    (r"(?P<m>.+?) in the zip: (?P<rest>.+)", "zip 안의 '{m}': {rest:t}"),
    (r"not a BACI file: expected the columns t,i,j,k,v,q, found nothing",
     "BACI 파일이 아님: 't,i,j,k,v,q' 열이 있어야 하는데 열이 하나도 없음"),
    (r"not a BACI file: expected the columns t,i,j,k,v,q, found (?P<f>.+)",
     "BACI 파일이 아님: 't,i,j,k,v,q' 열이 있어야 하는데 있는 열은 {f}임"),
    (r"expected (?P<e>\d+) fields \(t,i,j,k,v,q\), got (?P<a>\d+): '(?P<x>.*)'",
     "필드가 {e}개('t,i,j,k,v,q')여야 하는데 {a}개임: '{x}'"),
    (r"not a readable BACI file: (?P<e>.+)", "읽을 수 있는 BACI 파일이 아님: {e}"),
    (r"(?P<m>.+?) in the zip cannot be read to its end, it is damaged \((?P<e>.*)\)",
     "zip 안의 '{m}'을(를) 끝까지 읽을 수 없음: 손상됨 ({e})"),
    (r"the file cannot be read to its end, it is damaged \((?P<e>.*)\)", "파일을 끝까지 읽을 수 없음: 손상됨 ({e})"),
    (r"the file changed while it was read \((?P<a>[\d,]+) bytes when opened, (?P<b>[\d,]+) now\): read it again once "
     r"it is complete", "읽는 동안 파일이 바뀜(열 때 {a}바이트, 지금 {b}바이트): 파일이 다 저장된 뒤 다시 읽으십시오"),
    (r"(?P<m>.+?) in the zip cannot be read \((?P<e>.*)\)", "zip 안의 '{m}'을(를) 읽을 수 없음 ({e})"),
    (r"(?P<m>.+?) in the zip is damaged \((?P<e>.*)\)", "zip 안의 '{m}'이(가) 손상됨 ({e})"),
    (r"expected one BACI year file in the zip for (?P<y>\d{4}), found (?P<n>\d+): (?P<l>\[.*\]) \(extract the year "
     r"you want and give that CSV\)",
     "zip 안에 {y}년 BACI 연도 파일이 하나 있어야 하는데 {n}개 있음: {l} (원하는 연도의 파일을 압축에서 풀어 그 CSV를 "
     "지정하십시오)"),
    (r"expected one BACI year file in the zip, found (?P<n>\d+): (?P<l>\[.*\]) \(extract the year you want and give "
     r"that CSV\)",
     "zip 안에 BACI 연도 파일이 하나 있어야 하는데 {n}개 있음: {l} (원하는 연도의 파일을 압축에서 풀어 그 CSV를 "
     "지정하십시오)"),
    (r"expected a quantity or NA \(rows (?P<a>\d+)–(?P<b>\d+)\): (?P<e>.+)", "물량 또는 NA여야 함 ({a}–{b}행): {e}"),
    (r"not a readable country-codes CSV \((?P<e>.*)\)", "읽을 수 있는 국가 코드 CSV가 아님 ({e})"),
    (r"expected an HS6 code of up to six digits, got '(?P<v>.*)'", "여섯 자리 이하의 HS6 코드여야 하는데 '{v}'임"),
    # ------------------------------------------------------------------ io/descriptions.py (--names)
    (r"the JSON nests (?P<d>[\d,]+) levels deep, more than the (?P<m>\d+) a classification file needs \(it has "
     r"(?P<h>\d+)\): refused before parsing",
     "JSON의 중첩 깊이가 {d}단계로, 분류 파일에 필요한 {m}단계보다 깊음 (분류 파일은 {h}단계임): 읽기 전에 거부함"),
    (r"not UTF-8 \(byte 0x(?P<b>[0-9a-f]{2})\): expected a JSON file saved as UTF-8",
     "UTF-8이 아님 (바이트 0x{b}): UTF-8로 저장한 JSON 파일이어야 함"),
    (r"not a readable JSON file \((?P<e>.*)\)", "읽을 수 있는 JSON 파일이 아님 ({e})"),
    (r"the description of code (?P<c>\S+) holds a control character: expected printable text \(the file may be "
     r"damaged\)", "코드 {c}의 설명에 제어 문자가 있음: 인쇄 가능한 문자여야 함 (파일이 손상되었을 수 있음)"),
    (r"code (?P<c>\S+) is described twice \('(?P<a>.*)' and '(?P<b>.*)'\): expected one description per code",
     "코드 {c}의 설명이 두 가지임 ('{a}', '{b}'): 코드마다 설명은 하나여야 함"),
    (r"expected a code column \((?P<a>[^()]*)\) and a description column \((?P<b>[^()]*)\); found (?P<f>.*)",
     "코드 열('{a}' 중 하나)과 설명 열('{b}' 중 하나)이 있어야 하는데 있는 열은 '{f}'임"),
    # ------------------------------------------------------------------ io/header.py (header rows)
    (r"sheet '(?P<s>.*)' is empty: expected a table with a header row; (?P<hint>" + _HIDDEN + r")",
     "시트 '{s}'이(가) 비어 있음: 머리글 행이 있는 표여야 함; {hint:t}"),
    (r"sheet '(?P<s>.*)' is empty: expected a table with a header row",
     "시트 '{s}'이(가) 비어 있음: 머리글 행이 있는 표여야 함"),
    (r"the data is on the hidden sheets? (?P<names>.+), and a hidden sheet is read only when named: if it is the "
     r"table to read, name it in a mapping file \(\[read\] sheet = \"(?P<f>.*)\"\)",
     "자료는 숨김 시트 {names}에 있음; 숨김 시트는 이름을 지정할 때만 읽음: 그 시트가 읽을 표이면 매핑 파일에 "
     "'[read] sheet = \"{f}\"'로 지정하십시오"),
    (r"sheets '(?P<a>[^']*)' and '(?P<b>[^']*)' hold tables with the same header \((?P<h>.*)\): only one sheet is "
     r"read: expected one table per file; save each sheet as a file of its own and give them all \(--imports a\.xlsx "
     r"--imports b\.xlsx\), or name the sheet to read in a mapping file \(\[read\] sheet = \"(?P=b)\"\)",
     "'{a}' 시트와 '{b}' 시트에 머리글이 같은 표가 있음 ({h}): 한 시트만 읽히므로 파일 하나에 표 하나여야 함; 시트마다 "
     "따로 파일로 저장해 모두 지정하거나 (--imports a.xlsx --imports b.xlsx), 읽을 시트를 매핑 파일에 지정하십시오 "
     "('[read] sheet = \"{b}\"')"),
    (r"no header row found in the first (?P<n>\d+) rows: expected a row of column names; the table may be on "
     r"another sheet \((?P<o>.+)\): name the sheet in a mapping file \(\[read\] sheet\)",
     "처음 {n}개 행에서 머리글 행을 찾지 못함: 열 이름이 적힌 행이 있어야 함; 표가 다른 시트({o})에 있을 수 있음: "
     "매핑 파일의 '[read] sheet'에 그 시트 이름을 지정하십시오"),
    (r"no header row found in the first (?P<n>\d+) rows: expected a row of column names; (?P<hint>" + _HIDDEN + r")",
     "처음 {n}개 행에서 머리글 행을 찾지 못함: 열 이름이 적힌 행이 있어야 함; {hint:t}"),
    (r"no header row found in the first (?P<n>\d+) rows: expected a row of column names \(give a mapping file with "
     r"\[read\] header_row\)",
     "처음 {n}개 행에서 머리글 행을 찾지 못함: 열 이름이 적힌 행이 있어야 함 (매핑 파일의 '[read] header_row'로 머리글 "
     "행을 지정하십시오)"),
    (r"header row (?P<r>\d+) is empty or beyond the end of the sheet",
     "머리글 행 {r}행이 비어 있거나 시트의 끝을 넘어섬"),
    # ------------------------------------------------------------------ io/layout.py (columns of the header)
    (r"none of the value columns \((?P<w>.+)\) is in the header, which has: (?P<h>.+)",
     "머리글에 금액 열({w:t})이 하나도 없음; 머리글에 있는 열: {h}"),
    (r"(?P<n>\d+) columns are named '(?P<c>.*)' \((?P<w>[A-Z]+(?:, [A-Z]+)*)\): expected each column name once, so "
     r"that it is clear which one to read",
     "이름이 '{c}'인 열이 {n}개임 ({w}): 어느 열을 읽을지 분명하도록 열 이름은 한 번씩만 있어야 함"),
    (r"column (?P<l>[A-Z]+) holds values but has no name; the header cell '(?P<h>.*)' \((?P<cell>[A-Z]+\d+)\) is "
     r"probably merged over (?P<span>[A-Z]+:[A-Z]+): expected one header name per column \(unmerge the cells and "
     r"name column (?P<l2>[A-Z]+)\)",
     "{l} 열에 값이 있지만 이름이 없음; 머리글 칸 '{h}'({cell})이(가) {span}에 걸쳐 병합된 것으로 보임: 열마다 머리글 "
     "이름이 하나씩 있어야 함 (셀 병합을 풀고 {l2} 열에 이름을 붙이십시오)"),
    (r"the layout matches no built-in (?P<k>\w+) mapping: (?P<m>[\w\-.]+): (?P<p>.+); write a mapping file \(see "
     r"exposure/io/mapping\.py\) and pass it with --mapping",
     "표의 구성이 {k} 내장 매핑 중 어느 것과도 맞지 않음: '{m}' 매핑: {p:t}; 매핑 파일을 작성해('exposure/io/mapping.py' "
     "참고) --mapping 옵션으로 지정하십시오"),
    (r"the layout matches no built-in (?P<k>\w+) mapping: (?P<why>.+); write a mapping file \(see "
     r"exposure/io/mapping\.py\) and pass it with --mapping",
     "표의 구성이 {k} 내장 매핑 중 어느 것과도 맞지 않음: {why:t}; 매핑 파일을 작성해('exposure/io/mapping.py' 참고) "
     "--mapping 옵션으로 지정하십시오"),
    (r"the layout matches no built-in (?P<k>\w+) mapping; write a mapping file \(see exposure/io/mapping\.py\) and "
     r"pass it with --mapping",
     "표의 구성이 {k} 내장 매핑 중 어느 것과도 맞지 않음; 매핑 파일을 작성해('exposure/io/mapping.py' 참고) --mapping "
     "옵션으로 지정하십시오"),
    (r"the (?P<m>[\w\-.]+) mapping needs the columns? (?P<c>.+), which the header lacks; the header has: (?P<h>.+)",
     "'{m}' 매핑에는 {c} 열이 필요한데 머리글에 없음; 머리글에 있는 열: {h}"),
    (r"the (?P<m>[\w\-.]+) mapping is for files named (?P<f>.+)", "'{m}' 매핑은 이름이 {f}인 파일에 씀"),
    (r"value column (?P<c>.+) \(flow (?P<f>[MX])\) not found in the header \(row (?P<r>\d+)\); the header has: "
     r"(?P<h>.*)", "금액 열 {c:t}(수출입 구분 {f})이(가) 머리글({r}행)에 없음; 머리글에 있는 열: {h}"),
    (r"quantity column (?P<c>.+) \(flow (?P<f>[MX])\) not found in the header \(row (?P<r>\d+)\)",
     "물량 열 {c:t}(수출입 구분 {f})이(가) 머리글({r}행)에 없음"),
    (r"column (?P<c>.+) \(for '(?P<k>[^']*)'\) not found in the header \(row (?P<r>\d+)\); the header has: (?P<h>.*)",
     "'{k}'에 쓸 열 {c:t}이(가) 머리글({r}행)에 없음; 머리글에 있는 열: {h}"),
    (r"the mapping (?P<m>'[^']*'|\"[^\"]*\") reads (?P<a>\w+), but (?P<b>\w+) was asked for",
     "매핑 {m}은(는) {a} 자료를 읽는데 {b} 자료를 요청함"),
    # the column references of a mapping (ColumnRef.describe): 'a' or 'b', column F, regex '…'
    (r"(?P<a>" + _REF + r") or (?P<b>" + _REF + r"(?:(?:, | or )" + _REF + r")*)", "{a:t} 또는 {b:t}"),
    (r"(?P<a>" + _REF + r"), (?P<b>" + _REF + r"(?:(?:, | or )" + _REF + r")*)", "{a:t}, {b:t}"),
    (r"column (?P<l>[A-Z]{1,3})", "{l} 열"),
    (r"regex (?P<r>'[^']*'|\"[^\"]*\")", "정규식 {r}"),
    # ------------------------------------------------------------------ io/mapping.py, tomlfile.py (mapping files)
    (r"line (?P<l>\d+): (?P<rest>the [\w\-]+ file is not UTF-8 \(TOML files must be UTF-8\).*)", "{l}번째 줄: {rest:t}"),
    (r"the " + _TOML + r" is not UTF-8 \(TOML files must be UTF-8\); it looks like CP949 \(EUC-KR\): save it as "
     r"UTF-8", "{w:t}이 UTF-8이 아님 (TOML 파일은 UTF-8이어야 함); CP949(EUC-KR)로 보이니 UTF-8로 저장하십시오"),
    (r"the " + _TOML + r" is not UTF-8 \(TOML files must be UTF-8\)", "{w:t}이 UTF-8이 아님 (TOML 파일은 UTF-8이어야 함)"),
    (r"the " + _TOML + r" nests tables or arrays too deeply", "{w:t}의 표나 배열이 너무 깊이 중첩됨"),
    (_TOML + r" not found", "{w:t}이 없음"),
    (r"cannot read the " + _TOML + r" \((?P<e>.*)\)", "{w:t}을 읽을 수 없음 ({e:t})"),
    (r"the " + _TOML + r" is not a regular file \(a folder, device or pipe\)",
     "{w:t}이 일반 파일이 아님 (폴더, 장치 또는 파이프)"),
    (r"the " + _TOML + r" is (?P<n>[\d,]+) bytes; at most (?P<m>[\d,]+) are accepted",
     "{w:t}의 크기가 {n}바이트임: 최대 {m}바이트까지 받음"),
    (r"no mapping file or built-in mapping of that name \(built-in: (?P<l>.*)\)",
     "그런 이름의 매핑 파일이나 내장 매핑이 없음 (내장 매핑: {l})"),
    # ------------------------------------------------------------------ codes/normalize.py (codes of a column)
    (r"more than (?P<n>\d+) digits", "{n}자리를 넘음"),
    # ------------------------------------------------------------------ io/combine.py (files put together)
    (r"(?P<n>\d+) rows? repeats? a flow (?P<p>in both files|because the file is given twice|twice in this file) "
     r"\(the same year, month, reporter, partner, flow and code\), the first: (?P<y>\d{4}), annual, (?P<rest>.+?): "
     r"expected each flow in one file only; rows are never summed across files \(remove the overlap from one of "
     r"them\)",
     "{n}개 행에서 같은 흐름(연도, 월, 보고국, 상대국, 수출입 구분, 품목 코드가 같음)이 {p:t} 나옴, 첫 행: {y}, 연간, "
     "{rest}: 흐름마다 한 파일에만 있어야 함; 여러 파일의 행은 합산하지 않음 (겹치는 행을 한쪽 파일에서 지우십시오)"),
    (r"(?P<n>\d+) rows? repeats? a flow (?P<p>in both files|because the file is given twice|twice in this file) "
     r"\(the same year, month, reporter, partner, flow and code\), the first: (?P<y>\d{4}), month (?P<m>\d+), "
     r"(?P<rest>.+?): expected each flow in one file only; rows are never summed across files \(remove the overlap "
     r"from one of them\)",
     "{n}개 행에서 같은 흐름(연도, 월, 보고국, 상대국, 수출입 구분, 품목 코드가 같음)이 {p:t} 나옴, 첫 행: {y}, "
     "{m}월, {rest}: 흐름마다 한 파일에만 있어야 함; 여러 파일의 행은 합산하지 않음 (겹치는 행을 한쪽 파일에서 "
     "지우십시오)"),
    # ------------------------------------------------------------------ io/load.py (which reader, which options)
    (r"--code is for a table about one product without a code column; this is a (?P<f>[\w\-]+) file, whose rows "
     r"name their products",
     "--code 옵션은 코드 열이 없는, 한 품목에 관한 표에 씀; 이 파일은 {f:t} 파일이며 행마다 품목이 적혀 있음"),
    (r"options? (?P<o>[\w\-, ]+) (?:does|do) not apply to an? (?P<f>[\w\-]+) file",
     "'{o}' 옵션은 {f:t} 파일에 적용되지 않음"),
    (r"a mapping file applies to tables, but this file is an? (?P<f>[\w\-]+) file",
     "매핑 파일은 표에 쓰는데 이 파일은 {f:t} 파일임"),
    (r"this is an? (?P<f>[\w\-]+) file, which holds (?P<p>\w+), but (?P<w>\w+) was expected",
     "이 파일은 {p} 자료를 담은 {f:t} 파일인데 {w} 자료가 필요함"),
    (r"a table of exports by firm size is read from its header \((?P<h>[^)]*)\): leave the mapping out",
     "기업규모별 수출 표는 머리글({h})로 읽음: 매핑 파일을 지정하지 마십시오"),
    (r"expected an input–output table \(OECD IOT CSV or a workbook with 국산거래표 and 수입거래표 sheets\), found a "
     r"plain table", "산업연관표(OECD IOT CSV, 또는 국산거래표·수입거래표 시트가 있는 통합 문서)여야 하는데 일반 표임"),
    # ------------------------------------------------------------------ io/layout.py (a layout from the header alone)
    (r"cannot tell which column holds the trade value \(looked for (?P<l>[^)]*)\): give a mapping file; the header "
     r"has: (?P<h>.*)",
     "어느 열이 교역 금액인지 알 수 없음 (찾아본 이름: '{l}'): 매핑 파일을 지정하십시오; 머리글에 있는 열: {h}"),
    (r"cannot tell which column holds the product code \(looked for (?P<l>[^)]*)\): give a mapping file, or the "
     r"product's code with --code for a file about one product; the header has: (?P<h>.*)",
     "어느 열이 품목 코드인지 알 수 없음 (찾아본 이름: '{l}'): 매핑 파일을 지정하거나, 한 품목에 관한 파일이면 --code "
     "옵션으로 품목 코드를 지정하십시오; 머리글에 있는 열: {h}"),
    (r"unknown kind (?P<k>'[^']*'|\"[^\"]*\"); expected one of (?P<l>.+)",
     "알 수 없는 자료 종류 {k}: 다음 중 하나여야 함: '{l}'"),
    # ------------------------------------------------------------------ io/mapping.py (a mapping's content)
    (r"(?P<w>[\w.\[\]]+): bad regex (?P<r>'.*'|\".*\"): (?P<e>.+)", "'{w}': 잘못된 정규식 {r}: {e}"),
    (r"(?P<w>[\w.\[\]]+): bad column letter (?P<l>'[^']*'|\"[^\"]*\")", "'{w}': 잘못된 열 문자 {l}"),
    (r"(?P<w>[\w.\[\]]+): expected a column name, a list of names, \{regex=…\}, \{index=…\} or \{letter=…\}, got "
     r"(?P<v>.+)", "'{w}': 열 이름, 이름 목록, '{{regex=…}}', '{{index=…}}' 또는 '{{letter=…}}'여야 하는데 {v}임"),
    (r"(?P<w>[\w.\[\]]+): expected \[\[flows\]\] entries", "'{w}': '[[flows]]' 항목이어야 함"),
    (r"(?P<w>[\w.\[\]]+): unknown keys (?P<u>\[.*\]); valid: (?P<v>\[.*\])",
     "'{w}': 알 수 없는 키 {u}; 쓸 수 있는 키: {v}"),
    (r"(?P<w>[\w.\[\]]+): each flow needs 'flow' \(M or X\) and 'value' \(the value column\)",
     "'{w}': 흐름마다 'flow'(M 또는 X)와 'value'(금액 열)가 있어야 함"),
    (r"(?P<w>[\w.\[\]]+): flow must be M or X, got (?P<v>.+)", "'{w}': 'flow'는 M 또는 X여야 하는데 {v}임"),
    (r"(?P<w>[\w.\[\]]+): expected a row number or \"auto\", got (?P<v>.+)",
     "'{w}': 행 번호 또는 \"auto\"여야 하는데 {v}임"),
    (r"unknown keys (?P<u>\[.*\]); valid top-level keys: (?P<v>\[.*\])", "알 수 없는 키 {u}; 쓸 수 있는 최상위 키: {v}"),
    (r"'kind' must be one of (?P<l>.+), got (?P<v>.+)", "'kind'는 '{l}' 중 하나여야 하는데 {v}임"),
    (r"(?P<k>[\w.]+): index must be a column number counted from 0 \(0 is column A\), got (?P<v>.+); a column letter "
     r"is written \{letter = \"C\"\}", "{k}: index는 0부터 센 열 번호여야 함(0이 A열) — {v}임; 열 문자는 {{letter = \"C\"}}로 "
     "적음"),
    (r"'(?P<k>\w+)' must be a table \(\[(?P=k)\] with its keys under it\), got (?P<v>.+)",
     "'{k}'은(는) 표여야 함 ([{k}] 아래에 키를 적음) — {v}임"),
    (r"'blocks' must be a list of tables \(\[\[blocks\]\] entries\), got (?P<v>.+)",
     "'blocks'는 표의 목록이어야 함 ([[blocks]] 항목) — {v}임"),
    (r"values\.(?P<k>\w+) must be a table of cell = value \(e\.g\. \[values\.(?P=k)\] 일본 = \"JPN\"\), got (?P<v>.+)",
     "values.{k}는 '칸 = 값'의 표여야 함 (예: [values.{k}] 일본 = \"JPN\") — {v}임"),
    (r"the (?P<w>override table|critical-inputs table) is empty: expected a header row of columns and a row per entry",
     "{w:t}가 비어 있음: 열 이름 머리글 행과 항목마다 한 행이 있어야 함"),
    (r"not a readable CSV file \((?P<e>.*)\): expected the same number of fields on every line",
     "읽을 수 있는 CSV 파일이 아님 ({e}): 줄마다 칸 수가 같아야 함"),
    (r"this row has (?P<n>\d+) fields but the header (?P<h>\d+) \((?P<c>.*)\): expected one field per column \(a comma "
     r"inside a value needs quotes\)", "이 행은 칸이 {n}개인데 머리글은 {h}개({c})임: 열마다 한 칸이어야 함 (값 안의 쉼표는 "
     "따옴표로 묶어야 함)"),
    (r"read\.encoding = (?P<v>.+): expected utf-8, utf-8-sig, cp949 \(euc-kr\) or \"auto\" \(the downloads this tool "
     r"reads are in one of them\)", "read.encoding = {v}: utf-8, utf-8-sig, cp949(euc-kr) 또는 \"auto\"여야 함 (이 도구가 "
     "읽는 내려받기 파일은 그중 하나임)"),
    (r"(?P<w>[\w.\[\]]+)\.month = (?P<v>.+): expected a month 1–12 \(or 0 for a year's total\)",
     "{w}.month = {v}: 1–12월(연간 합계는 0)이어야 함"),
    (r"the mapping file has no 'kind': expected kind = one of (?P<l>.+)",
     "매핑 파일에 'kind'가 없음: kind = '{l}' 중 하나를 적어야 함"),
    (r"\[read\]: unknown keys (?P<u>\[.*\]); valid: (?P<v>\[.*\])", "'[read]': 알 수 없는 키 {u}; 쓸 수 있는 키: {v}"),
    (r"columns: '(?P<c>[^']*)' is not an? (?P<k>\w+) column; expected one of (?P<l>.+)",
     "'columns': '{c}'은(는) {k} 자료의 열이 아님: 다음 중 하나여야 함: '{l}'"),
    (r"a trade_flows mapping needs \[\[flows\]\] \(or a 'value' column and a 'flow' column or constant\)",
     "trade_flows 매핑에는 '[[flows]]'가 있어야 함 (또는 'value' 열과, 'flow' 열이나 상수)"),
    # ------------------------------------------------------------------ io/sheet.py (the table under the header)
    (r"cells (?P<s>[A-Z]+\d+:[A-Z]+\d+) are merged: one amount over (?P<n>\d+) rows; expected each row's own amount "
     r"\(unmerge the cells and fill in every row\)",
     "{s} 칸이 병합되어 금액 하나가 {n}개 행에 걸쳐 있음: 행마다 자기 금액이 있어야 함 (셀 병합을 풀고 모든 행을 "
     "채우십시오)"),
    (r"cannot tell the code system from the codes: name it in a mapping file \(\[read\] code_system = \"HSK10\"; "
     r"HS2, HS4, HS6, HSK10, MTI3 …\)",
     "코드만으로는 코드 체계를 알 수 없음: 매핑 파일에 지정하십시오 ('[read] code_system = \"HSK10\"'; HS2, HS4, HS6, "
     "HSK10, MTI3 등)"),
    (r"no product code: the file has no code column; give the product's code with --code \(e\.g\. --code "
     r"(?P<e>\d+)\), or map a code column or set constants\.code in a mapping file",
     "품목 코드 없음: 파일에 코드 열이 없음; --code 옵션으로 품목 코드를 지정하거나 (예: --code {e}), 매핑 파일에서 코드 "
     "열을 지정하거나 'constants.code'를 설정하십시오"),
    (r"(?P<w>--code|constants\.code) (?P<v>'[^']*'|\"[^\"]*\"): expected a 2-, 4-, 6- or 10-digit HS/HSK code \(its "
     r"length tells the code system\), or name the code system in a mapping file \(\[read\] code_system\)",
     "{w} {v}: 2·4·6·10자리 HS/HSK 코드여야 함 (자릿수로 코드 체계를 판단함); 아니면 매핑 파일에 코드 체계를 지정하십시오 "
     "('[read] code_system')"),
    (r"the mapping takes the year from the header, but no header or title row names a year \(e\.g\. '(?P<e>[^']*)'\)",
     "매핑이 연도를 머리글에서 가져오게 되어 있지만 머리글이나 제목 행에 연도가 없음 (예: '{e}')"),
    (r"no year: the file has no year column, and neither its title rows nor its name state one year: map a year "
     r"column \((?P<l>[^)]*)\) or set constants\.year in a mapping file",
     "연도 없음: 파일에 연도 열이 없고, 제목 행이나 파일 이름에도 연도가 하나로 적혀 있지 않음: 매핑 파일에서 연도 열('{l}')을 "
     "지정하거나 'constants.year'를 설정하십시오"),
    (r"no money unit stated in the title rows or the header: expected e\.g\. '(?P<a>[^']*)' or '(?P<b>[^']*)'; set "
     r"unit in a mapping file \(\[read\] unit = \"(?P<c>[^\"]*)\"\)",
     "제목 행이나 머리글에 금액 단위가 없음: 예를 들어 '{a}'나 '{b}'처럼 적혀 있어야 함; 매핑 파일에 단위를 지정하십시오 "
     "('[read] unit = \"{c}\"')"),
    # ------------------------------------------------------------------ intake.py (input–output tables given)
    (r"a second (?P<v>\w+) Leontief inverse: give one total \(LEONTFT\) and one domestic \(LEONTFD\) inverse of the "
     r"table", "{v} 레온티예프 역행렬이 두 번 지정됨: 같은 표의 전체(LEONTFT) 역행렬과 국산(LEONTFD) 역행렬을 하나씩 "
               "지정하십시오"),
    (r"give one input–output table with --io \((?P<n>\d+) given; the OECD Leontief inverses of the same table may "
     r"be added\)", "--io에는 산업연관표를 하나만 지정하십시오 ({n}개 지정됨; 같은 표의 OECD 레온티예프 역행렬은 "
                    "추가할 수 있음)"),
    (r"the OECD Leontief inverses split an OECD transactions table \(TTL\) of the same year; this table is not one "
     r"\(a 국산/수입거래표 workbook states its own domestic and imported flows\): give the OECD TTL table with its "
     r"inverses, or this table alone",
     "OECD 레온티예프 역행렬은 같은 연도의 OECD 거래표(TTL)를 나누는 데 씀; 이 표는 OECD 거래표가 아님 (국산/수입거래표 "
     "통합 문서에는 국산·수입 거래가 따로 있음): OECD TTL 표를 역행렬과 함께 지정하거나, 이 표만 지정하십시오"),
    (r"the provider's split needs both the total \(LEONTFT\) and the domestic \(LEONTFD\) Leontief inverse; given: "
     r"(?P<g>.+)", "제공 기관의 국산·수입 분리에는 전체(LEONTFT)와 국산(LEONTFD) 레온티예프 역행렬이 모두 필요함; "
                   "지정된 것: {g}"),
    (r"the Leontief inverses are of different years \((?P<y>[^)]*)\): give the inverses of the same table",
     "레온티예프 역행렬의 연도가 서로 다름 ({y}): 같은 표의 역행렬을 지정하십시오"),
]
