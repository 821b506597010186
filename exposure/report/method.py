"""The method in words (DESIGN §4–§9a) for the method sheet, filled with the run's parameters.

:func:`method_sections` gives (heading, paragraph) pairs: indicators, products → sectors with the
IO split the run used, the scenarios' time profile (the §6 formula: shortfall over H =
c·M/365·max(0, G(min(H, D)) − b)), production functions, sector scores with the SME basis and
definition, uncertainty, the screens (with the alternatives' assumptions), units and sources.
"""

from __future__ import annotations

from exposure.config import Config


def _pct(values: tuple[float, ...]) -> str:
    return "·".join(f"{v:.0%}" for v in values)


def _io_split(notes: list[str], lang: str) -> str:
    official = any("provider's own split" in n for n in notes)
    if lang == "ko":
        return ("이번 분석은 제공 기관(OECD)의 수입·국산 분리(A^M = A − A^D, A^D = I − (L^D)⁻¹)를 사용했습니다."
                if official else "이번 분석은 수입비례 가정으로 수입·국산 거래를 나눴습니다 (표에 총거래만 있음).")
    return ("This run used the provider's own imported/domestic split (A^M = A − A^D, A^D = I − (L^D)⁻¹)."
            if official else "This run split the flows with the import-proportionality assumption (the table gives "
                             "total flows only).")


def method_sections(config: Config, lang: str, notes: list[str] | None = None,
                    sme_basis: str = "") -> list[tuple[str, str]]:
    """(heading, paragraph) pairs explaining every number in the workbook, with ``config``'s thresholds.

    ``notes`` (the run's notes) say which IO split was used; ``sme_basis`` the SME shares' basis.
    """
    from exposure.alternatives import ASSUMPTIONS

    c = config
    notes = notes or []
    bands = _pct(c.share_bands)
    basis = {"ko": {"export": "수출", "output-calibrated": "산출(보정)", "output": "산출", "auto": "자동"},
             "en": {"export": "export", "output-calibrated": "output, calibrated", "output": "output",
                    "auto": "automatic"}}[lang].get(sme_basis or c.sme_basis, sme_basis or c.sme_basis)
    prod = {"ko": {"linear": "선형", "ces": f"CES (σ = {c.sigma:g})", "leontief": "레온티예프"},
            "en": {"linear": "linear", "ces": f"CES (σ = {c.sigma:g})", "leontief": "Leontief"}}[lang][c.production]
    alt = " ".join(a[lang] for a in ASSUMPTIONS.values())
    if lang == "ko":
        return [
            ("1. 품목별 의존도 지표",
             f"품목 k에 대해 대상국({c.target}) 의존도 s = M(k,T) / M(k,세계). 의존도 구간 {bands} "
             "(50% 조기경보 관찰, 70% 산업연구원 취약, 80% 무역협회, 90% 현대경제연구원·전경련 기준). "
             f"수입 집중도 HHI = Σ_p (M(k,p)/M(k))², {c.hhi_concentrated:g} 초과 시 집중. "
             "세계 수출 집중도 HHI = Σ_e (X(e,k)/X(세계,k))²; 대상국 세계수출 점유율은 대체의 어려움을 뜻합니다. "
             "수입/수출 비율 = M(k)/X(k) (수출이 0이면 9999), 1 초과면 국내 생산으로 대체하기 어렵습니다. "
             "무역특화지수 = (X−M)/(X+M). "
             f"지속성: 최근 {c.persistence_window}년 중 {c.persistence_min_years}년 이상 기준 충족. "
             f"전략적 의존(CEPII GeoDep) = 수입 HHI > {c.hhi_concentrated:g}, 세계수출 HHI > "
             f"{c.world_hhi_concentrated:g}, 수입/수출 비율 > {c.import_export_ratio_min:g}, 지속. "
             "자료로 계산할 수 없는 지표는 0이 아니라 빈칸이며 사유를 함께 적습니다."),
            ("2. 품목에서 업종으로",
             "① 연계표 배분: 품목 k를 생산 업종에 가중치로 배분합니다. "
             "② 산업연관 파급: 업종 j 산출 중 수입 중간재 i에 의존하는 몫은 수입투입계수 "
             "a^M(i,j) = Z^M(i,j)/x(j)이며, 국내 공급자를 거친 간접 사용은 국내 레온티예프 역행렬 "
             "L^D = (I − A^D)⁻¹로 반영합니다: e = s · A^M · L^D. 표에 총거래만 있으면 수입비례 가정 "
             "a^M(i,j) = a(i,j)·m(i), m(i) = 수입(i) / (산출(i) + 수입(i))으로 나눕니다. " + _io_split(notes, lang) + " "
             f"1을 넘는 비율은 {c.cap_share:g}로 상한을 두고 표시합니다. "
             f"③ 최종 용도 배분표{'(사용)' if c.use_overrides else '(사용 안 함)'}: 특정 품목을 사용 업종에 직접 "
             "배분하며 비례 배분보다 우선합니다. ④ BEC 용도: 중간재만 산업연관 파급을 거치고, 자본재는 투자 경로, "
             "소비재는 최종수요 경로로 따로 보고합니다."),
            ("3. 시나리오와 공급 부족 (시간 경로)",
             "시나리오는 품목별 공급차질 범위 c(대상국 공급을 잃을 확률 × 심각도, 0–1)를 정합니다. 차질이 생긴 하루 "
             "공급 q = c·M(k,T)/365. 재고가 처음 b일을 메우고, 대체 공급이 0일의 0에서 L일의 φ까지 직선으로 늘어나며, "
             "허가된 선적은 D일(허가 심사 기간)에 재개됩니다(D가 없으면 기간 내 재개 없음). "
             "G(t) = ∫₀ᵗ (1 − φ·min(1, s/L)) ds, 즉 t ≤ L이면 t − φt²/(2L), 그 뒤에는 (1 − φ)t + φL/2. "
             "분석 기간 H 동안의 공급 부족액 = c·M(k,T)/365 · max(0, G(min(H, D)) − b) (달러, 분석 기간). "
             "b와 φ가 크면 줄고, c·L·H가 크면 늡니다. 누적 경로 q·max(0, G(t) − b)가 재고가 떨어지는 주를 알려 줍니다. "
             f"기본값: b = {c.buffer_days:g}일, L = {c.lag_days:g}일, H = {c.horizon_days:g}일, "
             f"φ = 1 − 대상국 세계수출 점유율 (모르면 {c.phi_default:g})."),
            ("4. 생산함수와 주간 영향",
             "선형(하한): 투입재 1달러 손실 = 산출 1달러 손실. 핵심 투입재 표의 품목에는 생산함수를 적용합니다: "
             "레온티예프(상한)는 그 품목이 필요한 산출이 총공급 중 잃은 비율만큼 멈추며(재고·대체 반영), '중요' 투입재는 "
             f"가중치 {c.important_weight:g}, CES는 대체탄력성 σ로 그 사이입니다. 중심 추정: {prod}. "
             "손실은 국내 공급망을 따라 고객 업종으로 파급되며(고정점, 산출을 넘지 않음), 업종마다 하한(선형)·중심·"
             "상한(레온티예프)과 주별 손실 경로, 산출이 처음 줄어드는 주(재고, 약 90일의 허가 심사, 대체 증가)를 냅니다."),
            ("5. 업종 점수와 중소기업",
             "노출률 E(j) = 분석 기간 업종 j 산출 중 공급 부족으로 잃는 비율. 수출 위험액 = E(j) × 수출액(j) × H/365; "
             "중소기업 수출 위험액 = 수출 위험액 × 그 손실을 지는 업종·세부업종(KSIC)의 중소기업 비중. "
             f"중소기업 비중 기준: {basis} (수출: 기업규모별 수출 표; 산출(보정): 센서스 산출 비중을 전국 중소기업 수출 비중 "
             f"{c.sme_export_share:.1%}에 맞춰 보정; 산출: 센서스 산출 비중 그대로, 과대평가). 중소기업은 종사자 300명 "
             "미만 사업체(중소기업기본법 제조업 기준의 근사)입니다. 수요 위험액 = 보복 시나리오에서 대상국 수출 중 위험액. "
             "각 업종 값은 품목·경로별 기여(‘기여요인’ 시트)로 나뉘며 그 합은 업종 값과 같습니다. 자료가 없는 업종은 "
             "빠지지 않고 사유와 함께 남습니다."),
            ("6. 불확실성",
             f"몬테카를로 {c.draws:,}회(시드 {c.seed}): 공급차질 범위, φ, b, L, 산업연관 계수, 중소기업 비중, σ, '중요' "
             "투입재 가중치, 최종 용도 배분, 지수 가중치를 흔들어 업종별 순위 중앙값, 5–95% 구간, 상위 N위 확률, "
             "중소기업 수출 위험액의 5–95% 구간과 순위를 가장 많이 움직이는 매개변수를 구합니다."),
            ("7. 대체 공급처·차기 규제 후보·의존 품목",
             "대체 공급처: 대상국 외 한국의 수입 공급국과 세계의 다른 수출국. " + alt + " "
             f"차기 규제 후보(KERI, 2019): 대상국 의존도 ≥ {c.screen_min_target_share:.0%}, 대상국 수출 중 한국 비중 "
             f"≤ {c.screen_max_to_reporter_share:.0%}(규제 비용이 작음), 한국 수출/수입 ≤ {c.screen_max_own_export_ratio:g}"
             "(자체 공급 부족)을 모두 충족하는 품목, 대상국 수입액 순. 의존 품목 수: 의존도 "
             f"{_pct(c.dependence_thresholds)} 이상인 품목 수와 수입액 (업종별은 연계 가중치로 나눠 셈)."),
            ("8. 단위와 표기",
             "금액은 모두 미국 달러(천 달러가 아님)이며, 열 이름이 '분석 기간'이면 시나리오의 분석 기간 H일 동안, '년'이면 "
             "연간입니다. 요약은 백만 달러(1억 달러 이상은 억 달러). 품목 코드는 앞자리 0을 유지한 텍스트입니다. 차이 "
             "열의 △는 음수(감소)를 뜻합니다."),
            ("9. 자료 출처",
             "일본 의존도 참고값: 한국무역협회(KITA, 2019) — 포토레지스트 93.2%, 불화폴리이미드 44.7%, 불화수소 41.9%(2018). "
             "HS6 의존 품목 수: 현대경제연구원(HRI). 중소기업 수출 비중: 중소벤처기업부 기업규모별 수출(2018 확정 18.0%). "
             "산업연관표: OECD 산업연관표(2018년판). 무역: UN Comtrade, 관세청 수출입무역통계, CEPII BACI. "
             "중소기업 비중: 통계청 경제총조사(2015). 차기 규제 후보 기준: 한국경제연구원(KERI, 2019)."),
        ]
    return [
        ("1. Product indicators",
         f"For product k, target share s = M(k,{c.target}) / M(k,world). Bands {bands} "
         "(50 % early-warning watch, 70 % KIET vulnerable, 80 % KITA, 90 % HRI/FKI). "
         f"Import HHI = Σ_p (M(k,p)/M(k))², concentrated above {c.hhi_concentrated:g}. "
         "World export HHI = Σ_e (X(e,k)/X(world,k))²; the target's world export share says how hard it is "
         "to replace. Import/export ratio = M(k)/X(k) (9999 when X = 0); above 1 domestic output cannot "
         "substitute. TSI = (X−M)/(X+M). "
         f"Persistent: the flag holds in at least {c.persistence_min_years} of the last {c.persistence_window} years. "
         f"GeoDep dependent = import HHI > {c.hhi_concentrated:g}, world export HHI > {c.world_hhi_concentrated:g}, "
         f"ratio > {c.import_export_ratio_min:g}, persistent. "
         "Indicators the inputs cannot support are empty (not 0), with the reason given."),
        ("2. From products to sectors",
         "(1) Concordance allocation: product k is spread over producing sectors with weights. "
         "(2) Input-output propagation: the share of sector j's output resting on imported input i is the "
         "imported-input coefficient a^M(i,j) = Z^M(i,j)/x(j); indirect use through domestic suppliers comes from "
         "the domestic Leontief inverse L^D = (I − A^D)⁻¹: e = s · A^M · L^D. Where a table gives only total flows, "
         "import proportionality splits them: a^M(i,j) = a(i,j)·m(i), m(i) = imports(i) / (output(i) + imports(i)). "
         + _io_split(notes, lang) + " "
         f"Shares above 1 are capped at {c.cap_share:g} and flagged. "
         f"(3) End-use overrides ({'used' if c.use_overrides else 'not used'}) assign a product to using sectors "
         "directly and beat proportional allocation. (4) BEC end use: only intermediate goods go through the "
         "input-output propagation; capital goods go to an investment channel, consumption goods to final demand."),
        ("3. Scenarios and the time profile of the shortfall",
         "A scenario gives each product a coverage c (probability × severity of losing the target's supply, 0-1). "
         "The covered daily flow is q = c·M(k,T)/365; the stock covers the first b days; substitution ramps "
         "linearly from 0 at the shock to φ at day L; licensed shipments resume on day D (the licence review; none "
         "within the horizon when D is not given). G(t) = ∫₀ᵗ (1 − φ·min(1, s/L)) ds, i.e. t − φt²/(2L) for t ≤ L "
         "and (1 − φ)t + φL/2 after. Shortfall over the horizon H = c·M(k,T)/365 · max(0, G(min(H, D)) − b) "
         "(USD over the horizon). It falls with b and φ and rises with c, L and H. The cumulative profile "
         "q·max(0, G(t) − b) gives the week the stock runs out. "
         f"Defaults: b = {c.buffer_days:g} days, L = {c.lag_days:g} days, H = {c.horizon_days:g} days, "
         f"φ = 1 − the target's world export share (else {c.phi_default:g})."),
        ("4. Production functions and the weekly profile",
         "Linear (lower bound): $1 of lost input costs $1 of output. Products in the critical-inputs table take a "
         "production function: Leontief (upper bound) stops the dependent output by the lost fraction of the "
         f"product's total supply (net of stock and substitution), important inputs at weight {c.important_weight:g}; "
         f"CES with elasticity σ lies between. Central figure: {prod}. Losses pass to domestic customers (a fixed "
         "point, never above output). Every sector gets low (linear), central and high (Leontief) figures, a weekly "
         "profile and the week output first falls (stock, ~90-day licence review, substitution ramp)."),
        ("5. Sector scores and SMEs",
         "Exposure rate E(j) = share of sector j's output over the horizon lost to the shortfall. Export at risk = "
         "E(j) × exports(j) × H/365; SME export at risk = export at risk × the SME share of the sector or KSIC class "
         f"that bears it. SME share basis: {basis} (export: an exports-by-firm-size table; output, calibrated: census "
         f"output shares scaled to the national SME export share {c.sme_export_share:.1%}; output: raw census shares, "
         "overstated). SMEs are establishments with fewer than 300 workers (approximating the SME Act's manufacturing "
         "threshold). Demand at risk = exports to the target at risk under retaliation. Every sector value splits "
         "into contributions by product and channel (Drivers sheet) that add up to it. Sectors without data stay in "
         "the table with the reason."),
        ("6. Uncertainty",
         f"Monte Carlo with {c.draws:,} draws (seed {c.seed}) over coverage, φ, b, L, input-output coefficients, SME "
         "shares, σ, the weight of important inputs, end-use overrides and index weights: per sector the median "
         "rank, the 5-95 % rank interval, the probability of being in the top N, the 5-95 % interval of SME export "
         "at risk, and which parameter moves the ranking most."),
        ("7. Alternatives, next targets, dependence counts",
         "Alternative suppliers: Korea's other suppliers and the world's other exporters. " + alt + " "
         f"Next targets (KERI, 2019): target share ≥ {c.screen_min_target_share:.0%}, share of the target's exports "
         f"going to Korea ≤ {c.screen_max_to_reporter_share:.0%} (cheap to restrict), Korea's exports ÷ imports ≤ "
         f"{c.screen_max_own_export_ratio:g} (little own supply), ranked by imports from the target. Dependence "
         f"counts: products and imports at ≥ {_pct(c.dependence_thresholds)} from the target (by sector, weighted by "
         "the concordance)."),
        ("8. Units",
         "All values are US dollars (not thousands): 'over the horizon' in a header means over the scenario's H "
         "days, 'a year' or 'per year' annual. The Summary is in USD million. Product codes are text with their "
         "leading zeros."),
        ("9. Sources",
         "Japan's shares: KITA (2019) — photoresist 93.2 %, fluorinated polyimide 44.7 %, hydrogen fluoride 41.9 % "
         "(2018). HS6 dependence counts: HRI. SME share of exports: Ministry of SMEs and Startups, exports by firm "
         "size (2018 final, 18.0 %). Input-output: OECD Input-Output Tables (2018 edition). Trade: UN Comtrade, "
         "Korea Customs Service, CEPII BACI. SME shares: Statistics Korea, Economic Census (2015). Next-target "
         "screen: KERI (2019)."),
    ]
