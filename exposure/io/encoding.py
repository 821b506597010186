"""Text encodings of CSV downloads: UTF-8, UTF-8 with BOM, or CP949.

Korea Customs and K-stat hand out CSV files in any of the three. CP949 is a
superset of EUC-KR (it adds 8,822 Hangul syllables such as '똠' and '햏'), so a
file that a detector calls "EUC-KR" is always decoded as CP949: decoding it as
EUC-KR would fail on exactly those syllables.
"""

from __future__ import annotations

from pathlib import Path

from exposure.errors import DataError

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Names a detector may give for Korean legacy encodings; all are read as CP949.
_KOREAN_ALIASES = {"euc-kr", "euc_kr", "euckr", "ks_c_5601-1987", "ks_c_5601", "ksc5601", "cp949", "uhc",
                   "ms949", "windows-949", "johab", "iso2022_kr", "iso-2022-kr"}


def normalise_encoding_name(name: str) -> str:
    """Python codec name for ``name``, with every Korean legacy alias mapped to ``cp949``.

    Examples
    --------
    >>> normalise_encoding_name("EUC-KR")
    'cp949'
    >>> normalise_encoding_name("UTF-8-SIG")
    'utf-8-sig'
    """
    low = name.strip().lower().replace(" ", "")
    if low in _KOREAN_ALIASES:
        return "cp949"
    if low in ("utf8", "utf-8"):
        return "utf-8"
    if low in ("utf-8-sig", "utf_8_sig", "utf8-sig", "utf8sig"):
        return "utf-8-sig"
    return low


def detect_encoding(data: bytes, source: str | Path = "") -> str:
    """Detect the encoding of a CSV/HTML download.

    Order: a BOM decides; else strict UTF-8; else strict CP949; else the best
    guess of charset-normalizer (Korean guesses become CP949).

    Parameters
    ----------
    data : bytes
        The file's bytes (all of them, so a late non-UTF-8 byte is not missed).
    source : str or Path, optional
        File name for error messages.

    Returns
    -------
    str
        ``"utf-8-sig"``, ``"utf-8"``, ``"utf-16"``, ``"cp949"`` or another Python codec name.

    Raises
    ------
    DataError
        If no encoding decodes the bytes.

    Examples
    --------
    >>> detect_encoding("똠,햏".encode("cp949"))
    'cp949'
    >>> detect_encoding(b"\\xef\\xbb\\xbfa,b")
    'utf-8-sig'
    """
    if data.startswith(UTF8_BOM):
        return "utf-8-sig"
    if data.startswith(UTF16_BOMS):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp949")
        return "cp949"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DataError(source, "cannot tell the text encoding: expected UTF-8, UTF-8 with BOM or CP949")
    return normalise_encoding_name(best.encoding)


def read_text(path: str | Path, encoding: str | None = None) -> tuple[str, str]:
    """Read a text file, detecting its encoding unless one is given.

    Returns
    -------
    tuple of (str, str)
        The text (without BOM) and the encoding used.

    Raises
    ------
    DataError
        If the bytes do not decode with the given or detected encoding.
    """
    data = Path(path).read_bytes()
    enc = normalise_encoding_name(encoding) if encoding else detect_encoding(data, path)
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DataError(path, f"cannot decode the file as {enc}: {exc}") from None
    return text.lstrip("\ufeff"), enc
