"""Economic checks of an input–output table before anything is computed from it.

A table that breaks them gives wrong exposure rates without any error downstream, so
the loaders refuse it, naming the file and the sector:

- **Flows are not negative.** Every intermediate flow Zᴰ(i,j), Zᴹ(i,j) and every output
  x(j) is ≥ 0 (less one unit of the file, its rounding): a negative purchase has no meaning
  in a transactions table and would make negative input coefficients.
- **Inputs within output.** For every sector j, domestic plus imported intermediate
  inputs Σᵢ Zᴰ(i,j) + Σᵢ Zᴹ(i,j) must not exceed its output x(j) (value added would be
  negative; the coefficients of the column would sum to more than 1). Tolerance: 10⁻⁶
  of the output plus one unit of the file (its rounding).
- **A Leontief inverse exists and is non-negative.** Lᴰ = (I − Aᴰ)⁻¹ with
  Aᴰ(i,j) = Zᴰ(i,j) / x(j) must exist (I − Aᴰ not singular: condition number below 10¹⁰)
  and have no entry below −10⁻⁹ (a productive table has Lᴰ ≥ 0 with a diagonal ≥ 1;
  negative entries mean negative flows or inconsistent rows).
- **Exports and imports are not negative.** A sector's exports and imports are totals of
  sales abroad and purchases from abroad (less one unit of the file); final demand, which holds
  changes in inventories, may be negative and is not checked.
- A published Leontief inverse (OECD ``LEONTFD``/``LEONTFT``) must have no entry below
  −0.0005 (half the last printed digit) and a diagonal of at least 1 − 0.0005.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from exposure.errors import DataError

#: relative tolerance of the inputs-within-output check
INPUT_RTOL = 1e-6
#: most negative entry of a computed Leontief inverse taken as rounding
L_TOL = 1e-9
#: largest condition number of I − Aᴰ taken as invertible
MAX_CONDITION = 1e10
#: rounding of a published Leontief inverse (OECD prints three decimals)
PRINTED_TOL = 5e-4


def check_io_arrays(path: str | Path, sectors: list[str], domestic: np.ndarray, imported: np.ndarray,
                    output: np.ndarray, unit_usd: float = 1.0, where: str = "") -> None:
    """Refuse a table whose inputs exceed a sector's output or whose domestic Leontief inverse is unusable.

    Parameters
    ----------
    path : str or Path
        The file, for the message.
    sectors : list of str
        Sector codes in the order of the matrices.
    domestic, imported : ndarray
        Intermediate flows in USD (rows supplying, columns using).
    output : ndarray
        Output by sector in USD.
    unit_usd : float
        USD per unit of the file (its rounding step), for the tolerance.
    where : str
        Prefix of the message (e.g. ``"sheet '국산거래표': "``).

    Raises
    ------
    DataError
        Naming the first sector that fails.
    """
    x = np.asarray(output, dtype="float64")
    zd = np.asarray(domestic, dtype="float64")
    zm = np.asarray(imported, dtype="float64")
    for label, z in (("domestic", zd), ("imported", zm)):
        neg = z < -unit_usd
        if neg.any():
            i, j = np.unravel_index(int(np.argmin(z)), z.shape)
            more = f" ({int(neg.sum())} flows in all)" if neg.sum() > 1 else ""
            raise DataError(path, f"{where}a negative {label} intermediate flow from {sectors[i]} to {sectors[j]} "
                                  f"({z[i, j]:,.0f} USD){more}: expected every flow ≥ 0", column=sectors[j])
    low = x < -unit_usd
    if low.any():
        j = int(np.flatnonzero(low)[0])
        raise DataError(path, f"{where}the output of sector {sectors[j]} is negative ({x[j]:,.0f} USD): expected "
                              "outputs ≥ 0", column=sectors[j])
    dom_in, imp_in = zd.sum(axis=0), zm.sum(axis=0)
    inputs = dom_in + imp_in
    over = inputs - x > INPUT_RTOL * np.abs(x) + unit_usd
    if over.any():
        j = int(np.flatnonzero(over)[0])
        more = f" ({int(over.sum())} sectors in all)" if over.sum() > 1 else ""
        raise DataError(path, f"{where}the intermediate inputs of sector {sectors[j]} (domestic {dom_in[j]:,.0f} + "
                              f"imported {imp_in[j]:,.0f} = {inputs[j]:,.0f} USD) exceed its output "
                              f"({x[j]:,.0f} USD){more}: expected inputs ≤ output in every column (check the column "
                              "and the total output row)", column=sectors[j])
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(x > 0, zd / np.where(x > 0, x, 1.0), 0.0)
    m = np.eye(len(x)) - a
    cond = np.linalg.cond(m) if len(x) else 1.0
    if not np.isfinite(cond) or cond > MAX_CONDITION:
        j = _null_sector(m)
        # Past 1/eps the digits are rounding noise that differs between LAPACK builds: say inf.
        shown = "inf" if not np.isfinite(cond) or cond * np.finfo(float).eps >= 1 else f"{cond:.3g}"
        raise DataError(path, f"{where}the domestic Leontief inverse (I − Aᴰ)⁻¹ does not exist: I − Aᴰ is singular "
                              f"(condition number {shown}), through sector {sectors[j]} (its domestic input "
                              f"coefficients sum to {a[:, j].sum():.6f}): expected each sector to need less than its "
                              "own output of domestic inputs", column=sectors[j])
    inverse = np.linalg.inv(m)
    _refuse_negative(path, sectors, inverse, L_TOL, where + "the domestic Leontief inverse computed from the table")


def check_trade_columns(path: str | Path, sectors: list[str], exports: np.ndarray, imports: np.ndarray,
                        unit_usd: float = 1.0, where: str = "", import_hint: str = "") -> None:
    """Refuse negative exports or imports of a sector (less one unit of the file, its rounding).

    ``import_hint`` follows the imports message (how the file writes imports, e.g. with a minus sign).
    """
    for what, values, hint in (("exports", exports, ""), ("imports", imports, import_hint)):
        v = np.asarray(values, dtype="float64")
        low = np.flatnonzero(v < -unit_usd)
        if len(low):
            j = int(low[0])
            more = f" ({len(low)} sectors in all)" if len(low) > 1 else ""
            raise DataError(path, f"{where}the {what} of sector {sectors[j]} are negative ({v[j]:,.0f} USD){more}: "
                                  f"expected {what} ≥ 0{hint}", column=sectors[j])


def _null_sector(m: np.ndarray) -> int:
    """The sector that weighs most in the direction where I − Aᴰ is singular."""
    _u, _s, vt = np.linalg.svd(m)
    return int(np.argmax(np.abs(vt[-1])))


def _refuse_negative(path: str | Path, sectors: list[str], inverse: np.ndarray, tol: float, what: str) -> None:
    neg = inverse < -tol
    if neg.any():
        i, j = np.unravel_index(int(np.argmin(inverse)), inverse.shape)
        raise DataError(path, f"{what} has negative entries ({int(neg.sum())}; the most negative, "
                              f"L({sectors[i]}, {sectors[j]}) = {inverse[i, j]:.4g}): expected a non-negative "
                              "inverse; the table has negative or inconsistent flows", column=sectors[j])


def check_leontief(path: str | Path, table: pd.DataFrame) -> None:
    """A published Leontief inverse: no entry below rounding, a diagonal of at least 1 (less rounding)."""
    values = table.to_numpy(dtype="float64")
    sectors = [str(s) for s in table.columns]
    _refuse_negative(path, sectors, values, PRINTED_TOL, "the Leontief inverse")
    diag = np.diag(values)
    low = diag < 1 - PRINTED_TOL
    if low.any():
        j = int(np.flatnonzero(low)[0])
        raise DataError(path, f"the Leontief inverse has a diagonal entry below 1 (L({sectors[j]}, {sectors[j]}) = "
                              f"{diag[j]:.4g}): expected at least 1 on the diagonal (a sector's output includes the "
                              "final demand for it)", column=sectors[j])
