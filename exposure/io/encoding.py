"""Text encodings of CSV downloads: UTF-8, UTF-8 with BOM, or CP949.

Korea Customs and K-stat hand out CSV files in any of the three. CP949 is a
superset of EUC-KR (it adds 8,822 Hangul syllables such as '똠' and '햏'), so a
file that a detector calls "EUC-KR" is always decoded as CP949: decoding it as
EUC-KR would fail on exactly those syllables.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from exposure.errors import DataError

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")

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


def _decodes(data: bytes, encoding: str, partial: bool) -> None:
    """Raise UnicodeDecodeError unless ``data`` decodes; a sample may end inside a character."""
    if partial:
        # an incremental decoder keeps a character cut off at the end for later instead of failing on it
        codecs.getincrementaldecoder(encoding)(errors="strict").decode(data, final=False)
    else:
        data.decode(encoding)


def detect_encoding(data: bytes, source: str | Path = "", partial: bool = False) -> str:
    """Detect the encoding of a CSV/HTML download.

    Order: a BOM decides; else strict UTF-8; else strict CP949; else the best
    guess of charset-normalizer (Korean guesses become CP949).

    Parameters
    ----------
    data : bytes
        The file's bytes (all of them, so a late non-UTF-8 byte is not missed), or
        the first bytes of it with ``partial=True``.
    source : str or Path, optional
        File name for error messages.
    partial : bool
        ``data`` is a sample cut at an arbitrary byte: a multi-byte character (a Hangul
        syllable is 3 bytes in UTF-8, 2 in CP949) cut off at its end is not an error.

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
    if data.startswith(UTF32_BOMS):  # before UTF-16: FF FE 00 00 starts with UTF-16's FF FE
        return "utf-32"
    if data.startswith(UTF16_BOMS):
        return "utf-16"
    without_bom = _utf16_without_bom(data)
    if without_bom:
        return without_bom
    try:
        _decodes(data, "utf-8", partial)
        return "utf-8"
    except UnicodeDecodeError as exc:
        _raise_if_mixed(data, exc, source)
    try:
        _decodes(data, "cp949", partial)
        return "cp949"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    if partial:  # a guesser sees whole lines only (LF is one byte in every encoding read here)
        cut = data.rfind(b"\n")
        data = data[: cut + 1] if cut > 0 else data
    best = from_bytes(data).best()
    if best is None:
        raise DataError(source, "cannot tell the text encoding: expected UTF-8, UTF-8 with BOM or CP949")
    return normalise_encoding_name(best.encoding)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without its BOM: the NUL high (or low) byte of every ASCII character (digits, commas, line
    ends) on one side of each byte pair only. Such bytes are valid UTF-8 (NUL is a character), so this is asked
    first."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2].count(0) / len(sample[0::2]), sample[1::2].count(0) / len(sample[1::2])
    if odd > 0.3 and even < 0.02:
        return "utf-16-le"
    if even > 0.3 and odd < 0.02:
        return "utf-16-be"
    return None


def line_of(data: bytes, offset: int) -> int:
    """1-based line number of byte ``offset`` in ``data``."""
    return data.count(b"\n", 0, offset) + 1


def _raise_if_mixed(data: bytes, exc: UnicodeDecodeError, source: str | Path) -> None:
    """Whole lines of UTF-8 Hangul followed by a line that is not UTF-8: two encodings in one file.

    Typically rows pasted from a CP949 download under a UTF-8 header. No single encoding
    reads such a file, so say where the switch is rather than guess. CP949 text can look
    like UTF-8 for a few bytes (some of its byte pairs are valid UTF-8), but not for whole
    lines of Hangul, hence the test on complete lines before the failing one. A sequence
    cut off at the very end is a truncated sample, not a second encoding.
    """
    if exc.reason == "unexpected end of data":
        return
    line_start = data.rfind(b"\n", 0, exc.start) + 1
    before = data[:line_start].decode("utf-8")
    if not any("\uac00" <= ch <= "\ud7a3" for ch in before):
        return
    raise DataError(source, f"the rows above are UTF-8 but byte 0x{data[exc.start]:02x} in this row is not: "
                            "expected one encoding for the whole file (UTF-8, UTF-8 with BOM or CP949); the rows "
                            "from here on were probably pasted from a file in another encoding",
                    row=line_of(data, exc.start))


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
    from exposure.io.limits import MAX_TABLE_BYTES, check_regular_file

    check_regular_file(path, MAX_TABLE_BYTES)
    data = Path(path).read_bytes()
    enc = normalise_encoding_name(encoding) if encoding else detect_encoding(data, path)
    try:
        text = data.decode(enc)
    except LookupError:
        raise DataError(path, f"unknown text encoding {encoding!r}: expected utf-8, utf-8-sig or cp949") from None
    except UnicodeDecodeError as exc:
        problem = _not_in_encoding(data, exc, enc, path) if encoding else _not_as_detected(data, exc, enc)
        raise DataError(path, problem, row=line_of(data, exc.start)) from None
    return text.lstrip("\ufeff"), enc


def _not_as_detected(data: bytes, exc: UnicodeDecodeError, enc: str) -> str:
    """Why bytes do not decode in the encoding their byte-order mark declares (none was given)."""
    mark = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}.get(enc)
    # the codec reports offsets in the bytes it decoded (after the mark): read the byte there
    bad = f"byte 0x{exc.object[exc.start]:02x} in this row is not {mark or enc}"
    if mark is None:
        return f"cannot decode the file as {enc}: {bad}; expected text in one encoding (UTF-8, UTF-8 with BOM or CP949)"
    rest = ""
    if enc == "utf-8-sig":
        try:
            _decodes(data[3:], "cp949", False)
            rest = "; the text after the mark reads as CP949"
        except UnicodeDecodeError:
            pass
    return (f"the file starts with a {mark} byte-order mark, but its text is not {mark}: {bad}{rest}: expected one "
            f"encoding; save the file again as {mark}, or as CP949 without the mark")



def _not_in_encoding(data: bytes, exc: UnicodeDecodeError, enc: str, path: str | Path) -> str:
    """Why bytes do not decode in the encoding the caller (a mapping, an option) named."""
    problem = f"cannot decode the file as {enc}, the encoding given for it: byte 0x{data[exc.start]:02x} in this row is not {enc}"
    try:
        found = detect_encoding(data, path)
    except DataError:
        return problem + "; expected text in that encoding"
    return problem + f"; the file looks like {found} (set the encoding to {found}, or leave it out to detect it)"
