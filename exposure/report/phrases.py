"""Korean texts of what the analysis writes in English: reasons, flags, notes, warnings (see :mod:`translate`).

Each entry is the exact English text, or a pattern (``re`` syntax, matched whole) with named
groups and a Korean template that uses them: ``{x}`` as it is, ``{x:t}`` translated again,
``{x:c}`` as column labels, ``{x:s}`` as scenario names, ``{x:r}`` as rule names, ``{x:k}`` as
country names, ``{x:v}`` as a value name. The sources of the texts are named beside them; a
test runs the engine's text makers and checks each is known here.
"""

from __future__ import annotations

def _countermeasure_texts() -> dict[str, str]:
    """The counter-measures package's own texts (its notes reach the run in English): English → Korean."""
    from exposure.countermeasures.texts import TEXTS

    return {t["en"]: t["ko"] for t in TEXTS.values() if t.get("en") and t.get("ko")}


#: Korean names of the rules of the shipped scenarios (exposure/scenario_data)
RULE_NAMES = {
    "hydrogen fluoride (HSK10)": "불화수소 (HSK10)", "hydrogen fluoride (HS6)": "불화수소 (HS6)",
    "photoresist (HSK10)": "포토레지스트 (HSK10)", "photoresist (HS6)": "포토레지스트 (HS6)",
    "fluorinated polyimide (HSK10)": "플루오린 폴리이미드 (HSK10)",
    "fluorinated polyimide (HS6)": "플루오린 폴리이미드 (HS6)",
    "chemicals (list-controlled chapters)": "화학품 (전략물자 목록 류)", "fluorine chemistry and wafers": "불소 화학·웨이퍼",
    "plastics": "플라스틱", "fluoropolymers and films": "불소수지·필름", "ceramics, quartz, carbon fibre": "세라믹·석영·탄소섬유",
    "metals (alloys, special metals)": "금속 (합금·특수금속)", "nickel, titanium and other special metals": "니켈·티타늄 등 특수금속",
    "machinery": "기계류", "machine tools and semiconductor equipment": "공작기계·반도체 장비",
    "electrical and electronic equipment": "전기·전자 장비", "semiconductors and integrated circuits": "반도체·집적회로",
    "optical, measuring and testing instruments": "광학·측정·시험 기기",
    "lasers, analysers, measuring for semiconductors": "레이저·분석기·반도체 측정기", "aircraft and parts": "항공기·부품",
    "catch-all base": "캐치올 기본", "everything": "전 품목", "all sectors": "전 업종", "(unnamed rule)": "(이름 없는 규칙)",
}

_SME_SOURCE = ("Ministry of SMEs and Startups, 2018 exports by firm size, final figure (Mar 2019): 18.0 % ($108.7bn); "
               "provisional (Jan 2019): 18.9 % ($114.6bn)")

EXACT: dict[str, str] = {
    **_countermeasure_texts(),
    **RULE_NAMES,
    _SME_SOURCE: "중소벤처기업부, 2018년 기업규모별 수출 확정치(2019년 3월): 18.0%(1,087억 달러); 잠정치(2019년 1월): 18.9%(1,146억 달러)",
    # indicators.py (products.reasons)
    "partner rows sum to more than the WLD total; the WLD total is used": "상대국별 합이 세계(WLD) 합계보다 큼: 세계 합계를 사용",
    "only a world total is given for this product: no partner breakdown": "이 품목은 세계 합계만 있음: 상대국별 자료 없음",
    "no imports of this product in the year": "해당 연도에 이 품목의 수입 없음",
    "target imports exceed the WLD total; share capped at 1": "대상국 수입이 세계 합계보다 큼: 의존도를 1로 제한",
    "no world (WLD) total and only one partner in the imports table: the target share cannot be computed":
        "세계(WLD) 합계가 없고 상대국이 하나뿐: 대상국 의존도를 계산할 수 없음",
    "no world export data given (world_export_hhi, target_world_share)":
        "세계 수출 자료 없음 (세계 수출 집중도, 대상국 세계수출 점유율 계산 불가)",
    "code shorter than HS6: world exports are matched at HS6": "HS6보다 짧은 코드: 세계 수출은 HS6 단위로 연결",
    "world export data have no rows for this year": "세계 수출 자료에 해당 연도 없음",
    "product not in the world export data": "세계 수출 자료에 없는 품목",
    "world exports of this product are zero": "이 품목의 세계 수출액이 0",
    "world imports unknown: import_export_ratio and tsi cannot be computed":
        "총수입액을 알 수 없음: 수입/수출 비율과 무역특화지수 계산 불가",
    "geodep_dependent needs import_hhi, world_export_hhi, import_export_ratio and persistent":
        "전략적 의존 판단에는 수입 집중도, 세계 수출 집중도, 수입/수출 비율, 지속성이 모두 필요",
    # scoring/model.py, scoring/tables.py, scoring/items.py (sectors, export items)
    "sector not in the input–output table": "산업연관표에 없는 업종",
    "no output in the input–output table": "산업연관표에 산출액 없음",
    "no exports for this sector": "이 업종의 수출액 없음",
    "no SME share (sector not in the sector profile)": "중소기업 비중 없음 (업종 프로필에 없는 업종)",
    "no SME share in the sector profile": "업종 프로필에 중소기업 비중 없음",
    "exports taken from the input–output table (not in the sector profile)": "수출액은 산업연관표 값 (업종 프로필에 없음)",
    "exposure rate capped": "노출률 상한 적용", "share of its imports lost capped": "수입 손실 비율 상한 적용",
    "item code not in the MTI → sector concordance and no sector given":
        "MTI→업종 연계표에 없는 품목 코드이며 업종도 지정되지 않음",
    "its sector is not in the sector table": "지정된 업종이 업종 표에 없음",
    "imports (all partners) and domestic supply": "전체 수입과 국내 공급", "imports from all partners": "전체 상대국 수입",
    "imports from the target only (all-partner imports unknown): an upper bound on the lost fraction":
        "대상국 수입만 (전체 상대국 수입 미상): 공급 상실 비율의 상한",
    # scoring/run.py (flags)
    "imports from the target unknown: product left out": "대상국 수입액을 알 수 없음: 품목 제외",
    "product not in the concordance: its proportional part is not allocated to any sector":
        "연계표에 없는 품목: 비례 배분분이 어느 업종에도 배분되지 않음",
    "no imports of this product group in the input–output table": "산업연관표에 이 품목군의 수입 없음",
    "shortfall exceeds the table's imports of this product group (year mismatch or concordance noise)":
        "공급 부족액이 산업연관표의 이 품목군 수입보다 큼 (연도 차이 또는 연계표 오차)",
    # scenarios/shocks.py (unmatched entries)
    "no product in the data has this code": "자료에 이 코드의 품목 없음",
    "no product code starts with it": "이 앞자리로 시작하는 품목 코드 없음",
    "sector not in the sector list": "업종 목록에 없는 업종",
    # pipeline.py, sme.py (notes)
    "No SME profile was given: sectors are ranked by export value at risk of all firms, and SME columns are empty":
        "중소기업 프로필이 없음: 전체 기업의 수출 위험액으로 순위를 매기며 중소기업 열은 비어 있음",
    "SME shares: the SMEs' share of each sector's exports from the SME-exports table (basis: export)":
        "중소기업 비중: 기업규모별 수출 표의 업종별 수출 중 중소기업 비중 (기준: 수출)",
    "SME shares are shares of output, not of exports (basis: output): SMEs make a larger share of output than of "
    "exports, so SME export value at risk is overstated; use an SME-exports table or sme_basis = "
    "'output-calibrated'":
        "중소기업 비중이 수출이 아닌 산출 기준임 (기준: 산출): 중소기업은 수출보다 산출에서 비중이 커서 중소기업 수출 "
        "위험액이 과대평가됨. 기업규모별 수출 표를 주거나 중소기업 비중 기준을 '산출(보정)'으로 설정하십시오",
    "SME output shares could not be calibrated (no sector has both exports and a share): they are used as they are "
    "(basis: output)":
        "중소기업 산출 비중을 보정할 수 없음 (수출액과 비중이 모두 있는 업종 없음): 그대로 사용 (기준: 산출)",
    # uncertainty (sensitivity notes)
    "no noise set for this parameter": "이 매개변수에 변동 폭을 주지 않음",
    "sensitivity not computed": "민감도 계산 안 함",
    "the composite index has one component": "종합지수의 구성 요소가 하나뿐",
    "demand-side risk does not go through the input–output table": "수요 측 위험은 산업연관표를 거치지 않음",
    "no critical input is shocked": "공급 차질이 있는 핵심 투입재 없음",
    "no important input is shocked": "공급 차질이 있는 '중요' 투입재 없음",
    "the production function is linear": "생산함수가 선형임",
    "no end-use override applies": "적용되는 최종 용도 배분 없음",
    # monitor/panel.py (notes)
    "": "",
}

PATTERNS: list[tuple[str, str]] = [
    # indicators.py
    (r"the imports table names only one partner \((?P<p>[^)]*)\): no partner breakdown for the HHI",
     "수입 자료에 상대국이 하나뿐({p:k}): 수입 집중도(HHI)를 계산할 상대국별 자료 없음"),
    (r"the imports table has no rows for the target (?P<t>\w+)", "수입 자료에 대상국({t:k}) 행이 없음"),
    (r"no export data of (?P<r>\w+) given \(import_export_ratio, tsi\)",
     "{r:k} 수출 자료 없음 (수입/수출 비율, 무역특화지수 계산 불가)"),
    (r"export data of (?P<r>\w+) have no rows for this year", "{r:k} 수출 자료에 해당 연도 없음"),
    (r"export data of (?P<r>\w+) use codes of another length \(code system\)", "{r:k} 수출 자료의 코드 길이(코드 체계)가 다름"),
    (r"persistence needs the target share in enough of the last (?P<w>\d+) years \(at least (?P<m>\d+)\)",
     "지속성 판단에는 최근 {w}년 중 {m}년 이상의 대상국 의존도가 필요"),
    # scoring/tables.py
    (r"no exports to (?P<t>\w+) for this sector", "이 업종의 대상국({t:k}) 수출액 없음"),
    # scoring/run.py (flags)
    (r"rule (?P<r>.+): end-use sector (?P<s>\S+) is not in the input–output table; the general overrides or "
     r"proportional allocation apply instead",
     "규칙 '{r:r}': 최종 용도 업종 {s}는 산업연관표에 없음: 일반 용도 배분표나 비례 배분을 대신 적용"),
    (r"rule (?P<r>.+): end use (?P<s>\S+) (?P<p>[\d.]+)% \(replaces the general override table\)",
     "규칙 '{r:r}': 최종 용도 {s} {p}% (일반 용도 배분표 대신 적용)"),
    (r"(?P<p>[\d.]+%) of the concordance weight goes to sectors not in the input–output table",
     "연계표 가중치의 {p}가 산업연관표에 없는 업종으로 감"),
    (r"end-use override: (?P<u>[^;]+); remainder (?P<p>[\d.]+%) spread proportionally",
     "최종 용도 배분: {u}; 나머지 {p}는 비례 배분"),
    (r"end-use override: (?P<u>[^;]+)", "최종 용도 배분: {u}"),
    (r"share of imports lost (?P<v>\S+) capped at (?P<c>\S+): (?P<why>.+)",
     "수입 손실 비율 {v:n}를 {c}로 제한: {why:t}"),
    (r"first-round loss (?P<v>\S+) of output reaches the cap (?P<c>\S+)", "1차 손실 {v}가 산출 상한 {c}에 도달"),
    (r"(?P<n>\d+) capital or consumption goods \(BEC\) with a shortfall are not spread as intermediate inputs: "
     r"(?P<ch>investment|final demand) channel \(USD over the horizon; see the products' end use\)",
     "공급 부족이 있는 자본재·소비재(BEC) {n}개 품목은 중간재로 배분하지 않음: {ch:t} 경로 (달러, 분석 기간; 품목의 최종 "
     "용도 참고)"),
    (r"(?P<n>\d+) products with a shortfall have no single BEC end use \(mixed or not in the HS–BEC table\): "
     r"treated as intermediate inputs",
     "공급 부족이 있는 {n}개 품목은 BEC 용도가 하나로 정해지지 않음 (혼합 또는 HS–BEC 표에 없음): 중간재로 처리"),
    (r"rule (?P<r>.+) \((?P<key>codes|prefixes|condition|sectors)\): (?P<problem>.+)",
     "규칙 '{r:r}' ({key:t}): {problem:t}"),
    # scenarios/shocks.py (unmatched entries)
    (r"no product code of this length in the data \(codes have (?P<l>[\d, ]+) digits\)",
     "자료에 이 길이의 품목 코드 없음 (자료의 코드는 {l}자리)"),
    (r"column (?P<c>.+) not in the products table: rule matches nothing", "품목 표에 {c} 열이 없음: 규칙에 맞는 품목 없음"),
    (r"cannot be evaluated for (?P<u>\d+) of (?P<n>\d+) products \(missing values\); they are not matched",
     "{n}개 품목 중 {u}개는 값이 없어 조건을 평가할 수 없음: 맞지 않는 것으로 처리"),
    # checks.py (warnings)
    (r"scenario (?P<s>.+) is demand-side \(retaliation on exports to (?P<t>\w+)\) and needs each sector's exports "
     r"to \w+: export_to_target_usd in the SME profile or the top-100 export items table; its sectors are left "
     r"unscored",
     "'{s:s}' 시나리오는 수요 측(대상국 {t:k}의 수입 보복)이라 업종별 대상국 수출액이 필요함: 중소기업 프로필이나 수출 "
     "상위 100대 품목 표에 대상국 수출액이 없어 이 시나리오의 업종은 점수를 내지 않음"),
    (r"the export items are for (?P<a>[\d, ]+) and the imports for (?P<b>\d{4}): the items' exports are used as "
     r"they are, not moved to the imports' year", "수출 품목 표는 {a}년, 수입은 {b}년 자료임: 품목 수출액은 수입 연도로 옮기지 않고 "
     "그대로 씀"),
    (r"(?P<k>buffer_days|lag_days|horizon_days) = (?P<v>[\d.]+) in the settings applies to scenarios that set none; "
     r"(?P<s>.+) set their own: to change it, edit a copy of the scenario \(exposure scenarios export NAME\)",
     "설정의 {k} = {v}은(는) 이 값을 정하지 않은 시나리오에만 적용됨; {s}은(는) 자체 값을 씀: 바꾸려면 시나리오 사본을 "
     "고치십시오 (exposure scenarios export NAME)"),
    (r"the SME profile spells (?P<n>\d+) sector code\(s\) otherwise than the input–output table \((?P<c>.+)\): read "
     r"as the table's codes", "중소기업 프로필의 업종 코드 {n}개가 산업연관표와 다르게 적혀 있음 ({c}): 산업연관표의 코드로 읽음"),
    (r"the SME profile names (?P<n>\d+) sector\(s\) the input–output table does not have: (?P<c>.+); their rows are "
     r"not used \(check the sector codes\)",
     "중소기업 프로필에 산업연관표에 없는 업종 {n}개: {c}; 이 행들은 쓰이지 않음 (업종 코드를 확인)"),
    (r"scenario (?P<s>.+) puts no value at risk in any sector: its rules match (?P<n>[\d,]+) product\(s\), but no supply "
     r"is lost within the horizon of (?P<h>[\d.]+) days",
     "'{s:s}' 시나리오는 어느 업종에도 위험액이 없음: 규칙이 품목 {n}개에 맞지만 분석 기간 {h}일 안에 잃는 공급이 없음"),
    (r"scenario (?P<s>.+) puts no value at risk in any sector: its rules match none of the products imported from "
     r"(?P<t>\w+)",
     "'{s:s}' 시나리오는 어느 업종에도 위험액이 없음: 규칙이 대상국 {t:k}에서 수입한 품목과 하나도 맞지 않음"),
    # sme.py (notes)
    (r"SME shares: census output shares scaled by (?P<k>[\d.]+) so that, weighted by exports, they give the national "
     r"SME share of exports (?P<s>[\d.]+%) \((?P<src>.+)\) \(basis: output-calibrated\)\.",
     "중소기업 비중 (기준: 산출(보정)): 센서스의 산출 비중을 {k}배 하여, 수출액으로 가중 평균하면 전국 중소기업 수출 "
     "비중 {s}({src:t})가 되도록 보정."),
    # io notes that the analysis adds (oecd.py, iotable.py, linkage.py, scoring/run.py)
    (r"Imported intermediate flows are estimated with the import-proportionality assumption: m\(i\) = imports\(i\) / "
     r"\(output\(i\) \+ imports\(i\)\); Z\^M\(i,j\) = m\(i\)·Z\(i,j\); Z\^D = Z − Z\^M \(the OECD table gives total "
     r"flows only\)\.",
     "수입 중간재 거래는 수입비례 가정으로 추정: m(i) = 수입(i) / (산출(i) + 수입(i)); Z^M(i,j) = m(i)·Z(i,j); "
     "Z^D = Z − Z^M (OECD 표는 총거래만 제공)."),
    (r"Source: Input-Output Tables (?P<ed>\d{4}) edition, (?P<c>[A-Z]{3}): [^,]*, (?P<y>\d{4}); US Dollar, Millions "
     r"converted to USD\.", "출처: OECD 산업연관표 {ed}년판, {c:k}, {y}년; 백만 달러 단위를 달러로 환산."),
    (r"Source: (?P<d>.+?), (?P<c>[^,]*), (?P<y>[^;]*); (?P<u>.*) converted to USD\.",
     "출처: {d}, {c}, {y}; {u:t} 단위를 달러로 환산."),
    (r"Domestic and imported intermediate flows from the sheets '(?P<a>.+)' and '(?P<b>.+)'; (?P<u>.+) converted to "
     r"USD\.", "국산·수입 중간재 거래는 '{a}'·'{b}' 시트에서 읽음; {u:t} 단위를 달러로 환산."),
    (r"Imported and domestic intermediate flows from the provider's own split: A = I − L⁻¹ \((?P<a>.+)\), "
     r"A\^D = I − \(L\^D\)⁻¹ \((?P<b>.+)\), A\^M = A − A\^D \(import proportionality not used\)\.",
     "수입·국산 중간재 거래는 제공 기관의 분리 사용: A = I − L⁻¹ ({a}), A^D = I − (L^D)⁻¹ ({b}), A^M = A − A^D "
     "(수입비례 가정 미사용)."),
    (r"Share of imports lost per product group s_i = shortfall \(annual rate\) / M_i, with M_i the total imports of "
     r"the product group in the input–output table(?P<src> \([^)]+\))?, not the imports file; the remainder "
     r"after end-use overrides is spread over users in proportion to their imported inputs\.",
     "품목군별 수입 손실 비율 s_i = 공급 부족액(연율) / M_i. M_i는 수입 파일이 아니라 산업연관표{src}의 품목군 총수입; "
     "최종 용도 배분 후 나머지는 사용 업종의 수입 투입 비율대로 배분."),
    (r"Critical inputs: all-partner imports are unknown for (?P<c>.+); their supply is the imports from the target, "
     r"so the lost fraction of supply \(and the stoppage range\) is an upper bound\.",
     "핵심 투입재: {c}는 전체 상대국 수입을 알 수 없어 대상국 수입을 총공급으로 봄: 공급 상실 비율(과 생산 중단 "
     "범위)은 상한."),
    # uncertainty
    (r"Monte Carlo (?P<s>.+): the zero-noise evaluation does not reproduce the published ranking; its rank intervals "
     r"are not centred on it",
     "몬테카를로 '{s:s}': 변동 0에서의 계산이 발표 순위와 달라 순위 구간이 발표 순위를 중심으로 하지 않음"),
    (r"not used: (?P<why>.+)", "사용 안 함: {why:t}"),
    (r"the ranking is by (?P<c>\w+), not the composite index", "순위 기준이 종합지수가 아니라 {c:c}임"),
    (r"the production function is (?P<p>\w+), not CES", "생산함수가 CES가 아니라 {p:v}임"),
    # monitor/panel.py
    (r"imports from (?P<t>\w+) exceed the WLD total: share capped at 1", "대상국({t:k}) 수입이 세계 합계보다 큼: 비중을 1로 제한"),
    (r"the table names no partner but (?P<t>\w+) and has no WLD rows: no world total",
     "표에 대상국({t:k}) 외 상대국과 세계 합계가 없음: 세계 합계 없음"),
    # countermeasures/tables.py (notes and warnings)
    (r"Counter-measures are not valued under the demand-side scenario '(?P<s>.+)': they act on imported supply, not "
     r"on exports to the target\.", "수요 측 시나리오 '{s:s}'에서는 대응책을 평가하지 않음: 대응책은 수입 공급에 작용하며 "
                                     "대상국 수출에는 작용하지 않음."),
    (r"(?P<f>\S+): counter-measure '(?P<c>.+)': measure '(?P<m>.+)' selects no product of the run \(codes "
     r"(?P<k>.*)\): it removes nothing; check the codes \(HS6 or HSK10, with their leading zeros\)",
     "{f}: 대응책 '{c}'의 조치 '{m}'이(가) 이번 분석의 어떤 품목도 고르지 않음 (코드 {k}): 줄이는 위험이 없음; 코드를 "
     "확인 (HS6 또는 HSK10, 앞자리 0 포함)"),
    (r"(?P<f>\S+): counter-measure '(?P<c>.+)': annual_rate = (?P<r>\S+) is a carrying cost in USD and no "
     r"won-per-dollar rate is given \(expected krw_per_usd in the file, or a run rate: --fx KRW=… or fx_rates in the "
     r"config\); its cost in won and the risk it removes per won are left blank",
     "{f}: 대응책 '{c:m}': 연 보유비용률 {r}는 달러 기준 재고 보유비용인데 원/달러 환율이 없음 (대응책 파일의 "
     "krw_per_usd, 또는 --fx KRW=…나 설정 파일의 fx_rates 필요): 원화 비용과 원당 효과는 비워 둠"),
    # single words the templates pass through :t
    (r"investment", "투자"), (r"final demand", "최종수요"), (r"codes", "코드"), (r"prefixes", "코드 앞자리"),
    (r"condition", "조건"), (r"sectors", "업종"),
]
