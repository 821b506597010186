"""The method in words (DESIGN §4–§8) for the README sheet, filled with the run's parameters."""

from __future__ import annotations

from exposure.config import Config


def _pct(values: tuple[float, ...]) -> str:
    return "·".join(f"{v:.0%}" for v in values)


def method_sections(config: Config, lang: str) -> list[tuple[str, str]]:
    """(heading, paragraph) pairs explaining every number in the workbook.

    Thresholds are taken from ``config`` so the text matches the run.
    """
    c = config
    bands = _pct(c.share_bands)
    if lang == "ko":
        return [
            ("1. 품목별 의존도 지표",
             f"품목 k에 대해 대상국({c.target}) 의존도 s = M(k,{c.target}) / M(k,세계). 의존도 구간 {bands} "
             "(50% 조기경보 관찰, 70% 산업연구원 취약, 80% 무역협회, 90% 현대경제연구원·전경련 기준). "
             f"수입 집중도 HHI = Σ_p (M(k,p)/M(k))², {c.hhi_concentrated:g} 초과 시 집중. "
             f"세계 수출 집중도 HHI = Σ_e (X(e,k)/X(세계,k))², 대상국 세계수출 점유율은 대체의 어려움을 뜻합니다. "
             "수입/수출 비율 = M(k)/X(k) (수출이 0이면 9999), 1 초과면 국내 생산으로 대체하기 어렵습니다. "
             "무역특화지수 = (X−M)/(X+M). "
             f"지속성: 최근 {c.persistence_window}년 중 {c.persistence_min_years}년 이상 기준 충족. "
             f"전략적 의존(CEPII GeoDep) = 수입 HHI > {c.hhi_concentrated:g}, 세계수출 HHI > "
             f"{c.world_hhi_concentrated:g}, 수입/수출 비율 > {c.import_export_ratio_min:g}, 지속. "
             "자료로 계산할 수 없는 지표는 0이 아니라 빈칸이며 사유를 함께 적습니다."),
            ("2. 품목에서 업종으로",
             "① 연계표 배분: 품목 k를 생산 업종에 가중치로 배분합니다. "
             "② 산업연관 파급: 업종 j 산출 중 수입 중간재 i에 의존하는 몫은 수입투입계수 "
             "a^M(i,j) = Z^M(i,j)/x(j)이며, 국내 공급자를 거친 간접 사용은 국내 레온티에프 역행렬 "
             "L^D = (I − A^D)⁻¹로 반영합니다: e = s · A^M · L^D. 표에 총거래만 있으면 수입비례 가정 "
             "a^M(i,j) = a(i,j)·m(i), m(i) = 수입(i) / (산출(i) + 수입(i))으로 나눕니다. "
             f"1을 넘는 비율은 {c.cap_exposure:g}로 상한을 두고 표시합니다(‘상한 적용’). "
             f"③ 최종 용도 배분표{'(사용)' if c.use_overrides else '(사용 안 함)'}: 특정 품목을 사용 업종에 직접 "
             "배분하며 비례 배분보다 우선합니다."),
            ("3. 시나리오와 공급 부족",
             "시나리오는 품목별 공급차질 범위 c(대상국 공급을 잃을 확률 × 심각도, 0–1)를 정합니다. "
             "재고 일수 b, 대체 소요일 L, 분석 기간 H, 대체 가능 비율 φ(기본값 1 − 대상국 세계수출 점유율)로 "
             "공급 부족액 = M(k,T) · c · (1 − φ · min(1, max(0, H − b)/L))."),
            ("4. 업종 점수",
             "노출률 E(j) = 업종 j의 산출(또는 투입) 중 공급 부족에 걸린 비율. "
             "수출 위험액 = E(j) × 수출액(j); 중소기업 수출 위험액 = 수출 위험액 × 중소기업 비중(j); "
             "수요 위험액 = 보복 시나리오에서 대상국 수출 중 위험액. "
             f"순위 기준: {c.rank_by}. 각 업종 값은 품목·경로별 기여(‘기여요인’ 시트)로 나뉘며 그 합은 업종 값과 같습니다. "
             "자료가 없는 업종은 빠지지 않고 사유와 함께 남습니다."),
            ("5. 불확실성",
             f"몬테카를로 {c.draws}회(시드 {c.seed}): 공급차질 범위, φ, b, L, 산업연관 계수, 중소기업 비중, "
             "지수 가중치를 흔들어 업종별 순위 중앙값, 5–95% 구간, 상위 10위 확률과 "
             "순위를 가장 많이 움직이는 매개변수를 구합니다."),
            ("6. 단위와 표기",
             "금액은 모두 미국 달러(천 달러가 아님). 품목 코드는 앞자리 0을 유지한 텍스트입니다. "
             "차이 열의 △는 음수(감소)를 뜻합니다."),
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
         f"Shares above 1 are capped at {c.cap_exposure:g} and flagged ('Capped'). "
         f"(3) End-use overrides ({'used' if c.use_overrides else 'not used'}) assign a product to using sectors "
         "directly and beat proportional allocation."),
        ("3. Scenarios and shortfall",
         "A scenario gives each product a coverage c (probability × severity of losing the target's supply, 0-1). "
         "With buffer days b, substitution lag L, horizon H and substitutable fraction φ (default 1 − the target's "
         "world export share): shortfall = M(k,T) · c · (1 − φ · min(1, max(0, H − b)/L))."),
        ("4. Sector scores",
         "Exposure rate E(j) = share of sector j's output (or inputs) resting on the shortfall. "
         "Export at risk = E(j) × exports(j); SME export at risk = export at risk × SME share(j); "
         "demand at risk = exports to the target at risk under a retaliation scenario. "
         f"Ranked by {c.rank_by}. Every sector value splits into contributions by product and channel "
         "(Drivers sheet) that add up to it. Sectors without data stay in the table with the reason."),
        ("5. Uncertainty",
         f"Monte Carlo with {c.draws} draws (seed {c.seed}) over coverage, φ, b, L, input-output coefficients, "
         "SME shares and index weights: per sector the median rank, the 5-95 % rank interval, the probability of "
         "being in the top 10, and which parameter moves the ranking most."),
        ("6. Units",
         "All values are US dollars (not thousands). Product codes are text with their leading zeros."),
    ]
