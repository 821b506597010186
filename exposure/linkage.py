"""From products to sectors (DESIGN §5): concordance allocation, IO propagation, end-use overrides.

Notation (row vectors, sectors i, j, l; products k):

- Z, Z^D, Z^M: total, domestic and imported intermediate flows (rows supply, columns use);
  x: output; A = Z / x (column-wise), A^D, A^M likewise; L^D = (I − A^D)⁻¹.
- S_k: shortfall of product k (USD); σ_kj: end-use override shares (Σ_j σ_kj ≤ 1).
- S_i = Σ_k w_ki · S_k · (1 − Σ_j σ_kj): the part of the shortfall that is spread
  proportionally, allocated to supplying sector (product group) i by the concordance w.
- s_i = S_i / M_i: share of the imports of product group i lost (M_i from the IO table);
  capped at ``config.cap_share`` and flagged.
- direct rate r_j = Σ_i s_i A^M(i,j) + Σ_k S_k σ_kj / x_j: share of j's output resting on
  lost inputs, first round (proportional channel + override channel).
- exposure rate e_j = Σ_l r_l L^D(l,j) = r · L^D (cost-push through domestic suppliers), i.e.
  e = s · A^M · L^D of DESIGN §5 extended by overrides. e_j above ``config.cap_exposure``
  is capped and flagged; its contributions are scaled down in proportion.

Proportional allocation assumes imports of i from the target are spread over users
like all imports of i — including final demand, so the part of S_i that falls on
households, investment and exports is no sector's input loss.

:class:`Propagator` holds the arrays (built once per scenario by :func:`build_propagator`);
the figures themselves — the linear first round, critical inputs, downstream losses and the
decomposition by channel — are computed by :func:`exposure.risk.calc_risk`.
"""

from __future__ import annotations

import functools

from dataclasses import dataclass

import numpy as np
import pandas as pd

from exposure.config import Config
from exposure.errors import DataError
from exposure.members import isin
from exposure.schema import FLAGS, IOTable
from exposure.tomlfile import display_name

CHANNELS = ("direct", "override", "indirect")
FLAG_COLUMNS = FLAGS.names
_OVER_HORIZON = "USD over the horizon"
#: what a flag's value is, by its kind (a kind not listed has no value)
FLAG_VALUE_UNITS = {
    "rule_end_use": _OVER_HORIZON, "no_concordance": _OVER_HORIZON, "sector_not_in_io": _OVER_HORIZON,
    "override_used": _OVER_HORIZON, "end_use_investment": _OVER_HORIZON, "end_use_final_demand": _OVER_HORIZON,
    "end_use_mixed": _OVER_HORIZON, "share_capped": "share of imports lost, before the cap",
    "exposure_capped": "share of output lost in the first round",
}


def flag_table(rows: list[dict]) -> pd.DataFrame:
    """Flags as a table of :data:`FLAG_COLUMNS`, each value with its unit (``value_unit``) from its kind."""
    out = pd.DataFrame(rows, columns=FLAG_COLUMNS).astype({"value": "float64"})
    unit = out["kind"].map(FLAG_VALUE_UNITS).fillna("")
    return out.assign(value_unit=unit.where(out["value"].notna(), "").astype(object))


# --------------------------------------------------------------------------- textbook IO algebra
def _recip(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", over="ignore"):
        return np.where(x != 0, 1.0 / np.where(x != 0, x, 1.0), 0.0)


def calc_technical_coefficients(Z: pd.DataFrame | np.ndarray, x: pd.Series | np.ndarray
                                ) -> pd.DataFrame | np.ndarray:
    """A = Z · diag(x)⁻¹ (a(i,j) = z(i,j) / x(j)); columns with x = 0 give 0.

    Examples
    --------
    Miller & Blair (2009), *Input–Output Analysis*, 2nd ed., §2.3:

    >>> calc_technical_coefficients(np.array([[150., 500.], [200., 100.]]), np.array([1000., 2000.])).tolist()
    [[0.15, 0.25], [0.2, 0.05]]
    """
    inv = _recip(np.asarray(x, dtype=float))
    if isinstance(Z, pd.DataFrame):
        return Z * inv[np.newaxis, :]
    return np.asarray(Z, dtype=float) * inv[..., np.newaxis, :]


def calc_imported_coefficients(Zm: pd.DataFrame | np.ndarray, x: pd.Series | np.ndarray
                               ) -> pd.DataFrame | np.ndarray:
    """A^M = Z^M · diag(x)⁻¹: imported input i per unit of j's output."""
    return calc_technical_coefficients(Zm, x)


def calc_leontief_inverse(A: pd.DataFrame | np.ndarray) -> pd.DataFrame | np.ndarray:
    """L = (I − A)⁻¹. Works on a stack of matrices (…, n, n) for Monte Carlo draws.

    Examples
    --------
    >>> calc_leontief_inverse(np.array([[0.15, 0.25], [0.2, 0.05]])).round(4).tolist()
    [[1.2541, 0.33], [0.264, 1.1221]]
    """
    if isinstance(A, pd.DataFrame):
        return pd.DataFrame(calc_leontief_inverse(A.to_numpy(dtype=float)), index=A.index, columns=A.columns)
    a = np.asarray(A, dtype=float)
    eye = np.eye(a.shape[-1])
    try:
        return np.linalg.inv(eye - a)
    except np.linalg.LinAlgError:
        raise DataError("input–output table", "I − A is singular: the domestic coefficients cannot be "
                                              "inverted (a sector uses at least its whole output as input)") from None


def calc_import_shares(output: pd.Series | np.ndarray, imports: pd.Series | np.ndarray) -> np.ndarray:
    """m(i) = imports_i / (output_i + imports_i); 0 where both are 0.

    (A common variant divides by domestic absorption, output + imports − exports; DESIGN §5
    uses output + imports.)
    """
    out = np.asarray(output, dtype=float)
    imp = np.asarray(imports, dtype=float)
    return imp * _recip(out + imp)


def split_import_proportional(Z_total: pd.DataFrame, output: pd.Series, imports: pd.Series
                              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split total intermediate flows into domestic and imported by import proportionality.

    Z^M(i,j) = Z(i,j) · m(i), Z^D = Z − Z^M, with m(i) from :func:`calc_import_shares`.

    Returns
    -------
    (domestic, imported) : DataFrames labelled like ``Z_total``.
    """
    if (np.asarray(imports, dtype=float) < 0).any():
        raise DataError("input–output table", "imports must be positive amounts (the OECD IMPO column is "
                                              "negative: flip its sign first)", column="imports")
    m = calc_import_shares(output.reindex(Z_total.index), imports.reindex(Z_total.index))
    imported = Z_total.mul(m, axis=0)
    return Z_total - imported, imported


#: a coefficient below −this is not rounding in the published inverses but tables that do not match
SPLIT_TOLERANCE = 5e-3


def calc_official_split(L_total: np.ndarray, L_domestic: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A, A^D and A^M = A − A^D from a provider's total and domestic Leontief inverses of one table.

    A = I − L⁻¹ and A^D = I − (L^D)⁻¹ (each with rows the supplying and columns the using sector).
    The inverses are published rounded, so a coefficient that is 0 in the table can come out a
    hair below it (312 cells down to −9.3e-4 in the OECD 2015 table of Korea): negative cells of A^D and A^M are set
    to 0 (:func:`io_with_official_split` counts them in a note).

    Examples
    --------
    >>> A = np.array([[0.2, 0.1], [0.1, 0.3]]); Ad = np.array([[0.15, 0.05], [0.1, 0.2]])
    >>> _, _, Am = calc_official_split(np.linalg.inv(np.eye(2) - A), np.linalg.inv(np.eye(2) - Ad))
    >>> Am.round(6).tolist()
    [[0.05, 0.05], [0.0, 0.1]]
    """
    eye = np.eye(np.asarray(L_total).shape[0])
    A = eye - np.linalg.inv(np.asarray(L_total, float))
    Ad = eye - np.linalg.inv(np.asarray(L_domestic, float))
    return A, np.maximum(Ad, 0.0), np.maximum(A - Ad, 0.0)


def io_with_official_split(io: IOTable, L_total: pd.DataFrame, L_domestic: pd.DataFrame) -> IOTable:
    """The table with domestic and imported flows from the provider's Leontief inverses (instead of
    import proportionality): Z^D = A^D·diag(x), Z^M = A^M·diag(x), x the table's output.

    Raises DataError when the inverses do not cover the table's sectors.
    """
    sectors = io.sectors
    for L, name in ((L_total, "total"), (L_domestic, "domestic")):
        missing = [s for s in sectors if s not in L.index or s not in L.columns]
        if missing:
            raise DataError(L.attrs.get("source", f"{name} Leontief inverse"),
                            f"the {name} Leontief inverse lacks sector(s) {', '.join(missing[:5])} of the "
                            f"input–output table {io.source}: give the inverses of the same table")
    Lt = L_total.reindex(index=sectors, columns=sectors).to_numpy(dtype=float)
    Ldom = L_domestic.reindex(index=sectors, columns=sectors).to_numpy(dtype=float)
    eye = np.eye(len(sectors))
    raw_ad = eye - np.linalg.inv(Ldom)
    raw_am = (eye - np.linalg.inv(Lt)) - raw_ad
    worst = float(min(raw_ad.min(), raw_am.min()))
    if worst < -SPLIT_TOLERANCE:
        which = "A^D = I − (L^D)⁻¹" if raw_ad.min() <= raw_am.min() else "A^M = A − A^D"
        raise DataError(L_domestic.attrs.get("source", "domestic Leontief inverse"),
                        f"{which} has a coefficient of {worst:.4f}: expected the total and domestic inverses of "
                        f"the same table (a cell below −{SPLIT_TOLERANCE:g} is not rounding)")
    A, Ad, Am = calc_official_split(Lt, Ldom)
    x = io.output.reindex(sectors).to_numpy(dtype=float)
    labels = io.domestic.index
    notes = [n for n in io.notes if "proportional" not in n.lower()] + [
        f"Imported and domestic intermediate flows from the provider's own split: A = I − L⁻¹ "
        f"({L_total.attrs.get('source', 'total inverse')}), A^D = I − (L^D)⁻¹ "
        f"({L_domestic.attrs.get('source', 'domestic inverse')}), A^M = A − A^D (import proportionality not used)."]
    clipped = int((raw_ad < 0).sum() + (raw_am < 0).sum())
    if clipped:
        notes.append(f"{clipped} coefficient(s) of A^D or A^M came out below 0 from the published (rounded) "
                     f"inverses, the lowest {worst:.1e}: set to 0.")
    return IOTable(domestic=pd.DataFrame(Ad * x[None, :], index=labels, columns=labels),
                   imported=pd.DataFrame(Am * x[None, :], index=labels, columns=labels), output=io.output,
                   exports=io.exports, imports=io.imports, names=io.names, notes=notes, source=io.source)


# --------------------------------------------------------------------------- concordance allocation
def match_keys(codes: pd.Series, from_codes: pd.Series) -> pd.Series:
    """Concordance key of each code: the code itself, or its leading digits when it is longer.

    HSK10 codes meet an HS6 concordance by their first six digits (HSK10 extends HS6).
    """
    codes = codes.astype(str)
    lengths = from_codes.astype(str).str.len()
    if lengths.empty:
        return codes
    width = int(lengths.max())
    if (lengths == width).all():
        return codes.where(codes.str.len() <= width, codes.str[:width])
    return codes


def check_concordance(concordance: pd.DataFrame, source: str = "concordance", atol: float = 1e-6) -> pd.DataFrame:
    """Return the concordance with string codes; raise DataError when one code's weights do not sum to 1."""
    need = ["from_code", "to_code", "weight"]
    missing = [c for c in need if c not in concordance.columns]
    if missing:
        raise DataError(source, f"column(s) {', '.join(missing)} missing (expected {', '.join(need)})",
                        column=missing[0])
    c = concordance[need].copy()
    c["from_code"] = c["from_code"].astype(str)
    c["to_code"] = c["to_code"].astype(str)
    c["weight"] = pd.to_numeric(c["weight"], errors="coerce").astype(float)
    bad_w = c["weight"].isna() | (c["weight"] < 0) | (c["weight"] > 1)
    if bad_w.any():
        row = int(np.flatnonzero(bad_w.to_numpy())[0])
        raise DataError(source, f"weight must be a number in [0, 1] (from_code {c['from_code'].iloc[row]})",
                        row=row + 1, column="weight")
    total = c.groupby("from_code")["weight"].sum()
    off = total[(total - 1).abs() > atol]
    if len(off):
        listing = ", ".join(f"{k} ({v:.4f})" for k, v in off.head(5).items())
        raise DataError(source, f"weights of one from_code must sum to 1; they do not for {len(off)} code(s): "
                                f"{listing}", column="weight")
    return c


def allocate(values: pd.DataFrame, concordance: pd.DataFrame, value: str = "value"
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Allocate product values to target codes with concordance weights.

    Parameters
    ----------
    values : DataFrame
        Columns ``code`` and ``value`` (or the column named by ``value``); other
        columns are carried along.
    concordance : DataFrame
        ``from_code, to_code, weight`` (weights of one from_code sum to 1). Codes
        longer than the concordance's codes are matched by their leading digits.

    Returns
    -------
    allocated : DataFrame
        One row per (input row, to_code): the input columns plus ``to_code``,
        ``weight`` and the allocated ``value`` (= value · weight).
    unmatched : DataFrame
        Input rows whose code is not in the concordance (nothing is dropped silently).

    Examples
    --------
    >>> conc = pd.DataFrame({"from_code": ["281111", "281111"], "to_code": ["D20T21", "D26"],
    ...                      "weight": [0.75, 0.25]})
    >>> alloc, miss = allocate(pd.DataFrame({"code": ["2811111000", "999999"], "value": [100.0, 5.0]}), conc)
    >>> alloc[["code", "to_code", "value"]].values.tolist(), miss["code"].tolist()
    ([['2811111000', 'D20T21', 75.0], ['2811111000', 'D26', 25.0]], ['999999'])
    """
    conc = check_concordance(concordance)
    v = values.reset_index(drop=True).copy()
    v["code"] = v["code"].astype(str)
    v["_key"] = match_keys(v["code"], conc["from_code"]).to_numpy()
    v["_pos"] = np.arange(len(v))
    merged = v.merge(conc.rename(columns={"from_code": "_key"}), on="_key", how="inner")
    merged = merged.sort_values(["_pos", "to_code"], kind="stable")
    merged[value] = merged[value] * merged["weight"]
    unmatched = v[~isin(v["_key"], conc["from_code"])].drop(columns=["_key", "_pos"])
    return merged.drop(columns=["_key", "_pos"]).reset_index(drop=True), unmatched.reset_index(drop=True)


# --------------------------------------------------------------------------- overrides
OVERRIDE_COLUMNS = ["code", "code_system", "sector", "share"]


def match_overrides(codes: pd.Series, overrides: pd.DataFrame | None, sectors: list[str],
                    source: str = "overrides") -> pd.DataFrame:
    """Override rows that apply to each product code.

    An override code applies to products whose code starts with it (an HS6 override covers
    its HSK10 lines); when several override codes match a product, the longest (most
    specific) wins. Returns ``pos`` (index into ``codes``), ``override_code``, ``sector``, ``share``.
    Raises DataError for shares outside [0, 1], shares of one code summing above 1, or a
    sector not in the IO table.
    """
    empty = pd.DataFrame({"pos": pd.Series(dtype="int64"), "override_code": pd.Series(dtype=object),
                          "sector": pd.Series(dtype=object), "share": pd.Series(dtype=float)})
    if overrides is None or len(overrides) == 0:
        return empty
    missing = [c for c in ("code", "sector", "share") if c not in overrides.columns]
    if missing:
        raise DataError(source, f"column(s) {', '.join(missing)} missing (expected {', '.join(OVERRIDE_COLUMNS)})",
                        column=missing[0])
    o = overrides.reset_index(drop=True)
    ocode = o["code"].astype(str)
    osector = o["sector"].astype(str)
    share = pd.to_numeric(o["share"], errors="coerce").astype(float)
    bad = share.isna() | (share < 0) | (share > 1)
    if bad.any():
        r = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(source, f"share must be a number in [0, 1] (code {ocode.iloc[r]})", row=r + 1, column="share")
    unknown = ~osector.isin(sectors)
    if unknown.any():
        r = int(np.flatnonzero(unknown.to_numpy())[0])
        raise DataError(source, f"sector {osector.iloc[r]!r} is not in the input–output table (sectors: "
                                f"{', '.join(sectors[:8])}, …)", row=r + 1, column="sector")
    tot = share.groupby(ocode).sum()
    over = tot[tot > 1 + 1e-9]
    if len(over):
        raise DataError(source, f"override shares of one code must sum to at most 1; code {over.index[0]} sums to "
                                f"{over.iloc[0]:.4f}", column="share")
    codes = codes.astype(str).reset_index(drop=True)
    best: dict[int, str] = {}
    for oc in sorted(set(ocode), key=len):  # longer codes later, so they win
        hit = np.flatnonzero(codes.str.startswith(oc).to_numpy())
        for p in hit:
            best[int(p)] = oc
    if not best:
        return empty
    rows = pd.DataFrame({"pos": list(best.keys()), "override_code": list(best.values())})
    table = pd.DataFrame({"override_code": ocode, "sector": osector, "share": share})
    out = rows.merge(table, on="override_code", how="inner")
    return out.groupby(["pos", "override_code", "sector"], as_index=False)["share"].sum()


# --------------------------------------------------------------------------- linked at all?
def linked_products(codes: pd.Series, concordance: pd.DataFrame, sectors: list[str]) -> np.ndarray:
    """(K,) True where the concordance takes product k to at least one sector of ``sectors``."""
    conc = check_concordance(concordance)
    conc = conc[conc["to_code"].isin(sectors) & (conc["weight"] > 0)]
    keys = match_keys(codes.astype(str), conc["from_code"])
    return isin(keys, conc["from_code"])


def check_products_link(products: pd.DataFrame, concordance: pd.DataFrame, io: IOTable,
                        overrides: pd.DataFrame | None, source: str, concordance_name: str) -> None:
    """Raise DataError, naming ``source``, when not one product reaches a sector of the IO table.

    ``products`` has ``code`` and ``code_system``. Some products without a sector is a finding the
    report shows; none at all would make every figure zero, almost always because the imports
    use codes the concordance cannot read (HS2/HS4 downloads).
    """
    if products.empty:
        return
    codes = products["code"].astype(str).reset_index(drop=True)
    sectors = [str(s) for s in io.sectors]
    if linked_products(codes, concordance, sectors).any() or len(match_overrides(codes, overrides, sectors)):
        return
    raise DataError(source, _no_link_problem(codes, products["code_system"].astype(str), concordance_name, io))


def _no_link_problem(codes: pd.Series, systems: pd.Series, concordance_name: str, io: IOTable) -> str:
    distinct = list(dict.fromkeys(codes))
    sample = ", ".join(distinct[:3]) + (" …" if len(distinct) > 3 else "")
    table = f" {display_name(io.source)}" if io.source else ""
    head = f"not one of its {len(distinct)} product code(s) ({sample}) links to a sector of the input–output table{table}"
    found = sorted(set(systems))
    coarse = [s for s in found if s.split("-")[0] in ("HS2", "HS4") or s.startswith("MTI")]
    if coarse:
        return (f"{head}: the codes are {', '.join(coarse)}, too coarse for the {concordance_name} concordance, which "
                f"reads HS6 codes; expected HS6 or HSK10 codes (download the imports at the 6- or 10-digit level)")
    return (f"{head}: none is in the {concordance_name} concordance; expected HS6 or HSK10 codes "
            f"(the file's codes were read as {', '.join(found)}: check the code column and its code system)")


# --------------------------------------------------------------------------- the propagator (arrays)
@dataclass
class Propagator:
    """Everything the propagation needs, as arrays aligned on products (K) and sectors (n).

    Build it once with :func:`build_propagator`; :func:`exposure.risk.calc_risk` computes every
    figure from it, for the point values or a block of draws (a leading draws axis).
    """

    codes: list[str]
    code_systems: list[str]
    sectors: list[str]
    W: np.ndarray  # (K, n) concordance weights product → supplying sector
    keep: np.ndarray  # (K,) 1 − Σ override shares: the part spread proportionally
    O: np.ndarray  # (K, n) override shares product → using sector
    M: np.ndarray  # (n,) imports by product group
    x: np.ndarray  # (n,) output
    Am: np.ndarray  # (n, n) imported coefficients
    Ad: np.ndarray  # (n, n) domestic coefficients
    Ld: np.ndarray  # (n, n) domestic Leontief inverse
    matched: np.ndarray  # (K,) product found in the concordance
    cap_share: float = 1.0
    cap_exposure: float = 1.0

    def group_sum(self, values: np.ndarray) -> np.ndarray:
        """Σ_k v_k · W(k,i): product values (…, K) summed into their IO product groups (…, n).

        W has a few non-zero weights per product, so the sum runs over those only, in one fixed
        order per group: the result of a row does not depend on how many rows come with it.
        """
        k, i, w = self._w_entries
        v = np.asarray(values)
        out = np.zeros(v.shape[:-1] + (len(self.sectors),))
        if len(k):
            terms = v[..., k] * w  # (…, nnz) in double precision (w is)
            starts = np.flatnonzero(np.r_[True, i[1:] != i[:-1]])
            out[..., i[starts]] = np.add.reduceat(terms, starts, axis=-1)
        return out

    @functools.cached_property
    def _w_entries(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Non-zero entries of W ordered by group then product: (products, groups, weights)."""
        i, k = np.nonzero(self.W.T)
        return k, i, self.W[k, i]


def direct_rates(s: np.ndarray, Am: np.ndarray, r_override: np.ndarray | None = None) -> np.ndarray:
    """r = s · A^M (+ override rates). ``s`` (…, n); ``Am`` (n, n) or (…, n, n)."""
    s = np.asarray(s, float)
    r = (s[..., np.newaxis, :] @ np.asarray(Am, float))[..., 0, :]
    return r if r_override is None else r + r_override


def build_propagator(codes: pd.Series | list[str], io: IOTable, concordance: pd.DataFrame,
                     overrides: pd.DataFrame | None = None, config: Config | None = None,
                     code_systems: pd.Series | list[str] | None = None) -> Propagator:
    """Arrays for :class:`Propagator` from product codes, an IO table, a concordance and overrides."""
    config = config or Config()
    codes = pd.Series(list(codes), dtype=object).astype(str)
    systems = [""] * len(codes) if code_systems is None else [str(c) for c in code_systems]
    sectors = [str(s) for s in io.sectors]
    pos = {s: i for i, s in enumerate(sectors)}
    n, K = len(sectors), len(codes)
    conc = check_concordance(concordance)
    alloc, _ = allocate(pd.DataFrame({"code": codes, "value": np.ones(K), "_k": np.arange(K)}), conc)
    W = np.zeros((K, n))
    in_io = alloc["to_code"].isin(pos)
    a = alloc[in_io]
    # typed indices: with no product linked the columns are empty and would come back as object (or float) arrays
    np.add.at(W, (a["_k"].to_numpy(dtype=np.intp), a["to_code"].map(pos).to_numpy(dtype=np.intp)),
              a["value"].to_numpy(dtype=float))
    matched = np.zeros(K, bool)
    matched[alloc["_k"].to_numpy(dtype=np.intp)] = True
    O = np.zeros((K, n))
    if config.use_overrides:
        ov = match_overrides(codes, overrides, sectors)
        np.add.at(O, (ov["pos"].to_numpy(dtype=int), ov["sector"].map(pos).to_numpy(dtype=int)),
                  ov["share"].to_numpy(dtype=float))
    keep = 1.0 - O.sum(axis=1)
    x = io.output.reindex(sectors).to_numpy(dtype=float)
    M = io.imports.reindex(sectors).to_numpy(dtype=float)
    Zd = io.domestic.reindex(index=sectors, columns=sectors).to_numpy(dtype=float)
    Zm = io.imported.reindex(index=sectors, columns=sectors).to_numpy(dtype=float)
    Ad = calc_technical_coefficients(Zd, x)
    Am = calc_imported_coefficients(Zm, x)
    return Propagator(codes=list(codes), code_systems=systems, sectors=sectors, W=W, keep=keep, O=O, M=M, x=x,
                      Am=Am, Ad=Ad, Ld=calc_leontief_inverse(Ad), matched=matched,
                      cap_share=config.cap_share, cap_exposure=config.cap_exposure)
