"""Limits on untrusted input: every file is read within stated bounds, or refused with one clear message.

Input files come from portals, e-mail and colleagues; a few kilobytes can be built to
expand to gigabytes (a zip bomb), to make a reader iterate over a billion empty cells
(a bogus ``dimension`` tag, a stray cell at XFD1048576, ``colspan="100000000"``), or to
block for ever (a named pipe, ``/dev/zero``). Each such input is refused before the
expensive step, naming the file and the limit it broke.

========================================  ===================  ==========================================
what                                      limit                checked
========================================  ===================  ==========================================
kind of input                             a regular file       before anything is read (no folder, FIFO,
                                                               device or socket)
size of a table file (CSV, xlsx, xls)     256 MiB              before reading
size of an HTML table saved as .xls       64 MiB               before reading (a parsed HTML tree takes
                                                               ~10 times the file)
zip member, declared uncompressed size    2 GiB (BACI CSV),    from the zip directory, before
                                          512 MiB (one part    decompressing; the reader never inflates
                                          of a workbook)       more than the declared size
zip member, compression ratio             200 : 1              members above 8 MiB uncompressed
all parts of one workbook                 1 GiB uncompressed   from the zip directory
columns of a table                        4,096                per row, while reading
cells of a table (rows × columns)         5,000,000            while reading (xlsx, xls, CSV, HTML) by the
                                                               generic reader, which holds every cell
streamed CSV of trade flows (8 MiB or     2 GiB, 20,000,000    size before reading, rows while reading: read in
more, one table, a one-line header,       data rows            16 MiB blocks into integer label ids and float
:mod:`exposure.io.streamcsv`)                                  amounts, about 3 times the file in memory at most;
                                                               the 256 MiB and cells limits do not apply
empty rows in one run                     1,000 kept           longer runs are skipped (they hold
                                                               nothing) and the report says so
HTML ``colspan`` / ``rowspan``            1,000 / 10,000       per cell (browsers cap colspan at 1,000)
JSON name file (``--names``)              64 MiB, nesting 32   before parsing
mapping TOML file                         1,000,000 bytes      before parsing (:mod:`exposure.tomlfile`, the
                                                               one reader of every TOML input)
========================================  ===================  ==========================================

Password-protected inputs (an encrypted .xlsx is an OLE file holding an
``EncryptedPackage`` stream; an encrypted .xls or zip member) are refused by name.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from exposure.errors import DataError

MiB = 1 << 20
#: largest table file (CSV, xlsx, xls) read into a grid
MAX_TABLE_BYTES = 256 * MiB
#: largest HTML table file (lxml's tree takes about ten times the file's size)
MAX_HTML_BYTES = 64 * MiB
#: largest declared uncompressed size of a BACI CSV inside a zip
MAX_ZIP_MEMBER_BYTES = 2048 * MiB
#: largest declared uncompressed size of one part (sheet XML, shared strings) of a workbook
MAX_WORKBOOK_PART_BYTES = 512 * MiB
#: largest declared uncompressed size of all parts of a workbook together
MAX_WORKBOOK_BYTES = 1024 * MiB
#: largest compression ratio of a zip member above RATIO_FLOOR_BYTES
MAX_COMPRESSION_RATIO = 200
RATIO_FLOOR_BYTES = 8 * MiB
#: widest row of a table
MAX_COLUMNS = 4096
#: most cells (rows × columns) of one table
MAX_CELLS = 5_000_000
#: longest run of empty rows kept in a grid (longer runs hold nothing and are skipped)
MAX_EMPTY_RUN = 1000
#: HTML cell spans
MAX_COLSPAN = 1000
MAX_ROWSPAN = 10_000
#: JSON classification files
MAX_JSON_BYTES = 64 * MiB
MAX_JSON_DEPTH = 32

#: the name of the stream an encrypted Office file keeps its content in, as the OLE directory stores it
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def display_name(path: str | Path) -> str:
    """The file name as text that can always be printed.

    On Linux a file name need not be UTF-8; Python keeps such bytes as lone surrogates,
    which no terminal, CSV or workbook can write. They are shown as ``\\xff`` escapes.

    Examples
    --------
    >>> display_name(b"imports_\\xb1\\xe2.csv".decode("utf-8", "surrogateescape"))
    'imports_\\\\xb1\\\\xe2.csv'
    """
    name = Path(str(path)).name or str(path)
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def safe_text(text: str) -> str:
    """``text`` with any lone surrogates (from undecodable file names) written as escapes."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _size(n: int) -> str:
    return f"{n / MiB:,.0f} MiB" if n >= MiB else f"{n:,} bytes"


def check_regular_file(path: str | Path, max_bytes: int | None = None) -> os.stat_result:
    """Refuse anything but a regular file (after following links), without opening it.

    A folder cannot be read as a table; a named pipe or a device (``/dev/zero``) never ends
    or blocks for ever, and neither can be sized or read twice.

    Raises
    ------
    DataError
        If the path does not exist, is not a regular file, or is larger than ``max_bytes``.
    """
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise DataError(p, "file not found") from None
    except OSError as exc:
        raise DataError(p, f"cannot open the file: {exc.strerror or exc}") from None
    mode = st.st_mode
    if not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            what = "a folder"
        elif stat.S_ISFIFO(mode):
            what = "a named pipe (FIFO)"
        elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            what = "a device"
        elif stat.S_ISSOCK(mode):
            what = "a socket"
        else:
            what = "not a regular file"
        raise DataError(p, f"this is {what}, not a regular file: expected a data file saved on disk (CSV, xlsx, "
                           "xls, zip …); it was refused without reading")
    if max_bytes is not None and st.st_size > max_bytes:
        raise DataError(p, f"the file is {_size(st.st_size)}, more than the {_size(max_bytes)} a table file may "
                           "have: expected a download of one table (split the file, or give BACI/Comtrade data as "
                           "their own CSV or zip)")
    return st


def check_unchanged(fd: int, size: int, path: str | Path) -> None:
    """Refuse a file whose size moved since it was opened: still being written, or rewritten in place.

    A loader reading a memory map would otherwise fault on pages cut off the end of the file, and
    one reading by ``read()`` would mix the old rows with the new without a word.

    Raises
    ------
    DataError
        If the file open as ``fd`` no longer has ``size`` bytes.
    """
    now = os.fstat(fd).st_size
    if now != size:
        raise DataError(path, f"the file changed while it was read ({size:,} bytes when opened, {now:,} now): "
                              "read it again once it is complete")


def check_zip_member(info: zipfile.ZipInfo, path: str | Path, max_bytes: int,
                     what: str = "in the zip") -> None:
    """Refuse a zip member that is encrypted, declares more than ``max_bytes`` or compresses suspiciously well.

    The check uses the sizes the zip directory declares; :mod:`zipfile` then never
    inflates more than the declared size (a member that lies fails its CRC check).
    """
    name = safe_text(info.filename)
    if info.flag_bits & 0x1:
        raise DataError(path, f"{name} {what} is password-protected: expected an unencrypted file (extract it "
                              "with its password and give the extracted file)")
    if info.file_size > max_bytes:
        raise DataError(path, f"{name} {what} declares {_size(info.file_size)} uncompressed, more than the limit of "
                              f"{_size(max_bytes)}: refused before decompressing it")
    if info.file_size > RATIO_FLOOR_BYTES:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            raise DataError(path, f"{name} {what} expands {ratio:,.0f}:1 ({_size(info.compress_size)} to "
                                  f"{_size(info.file_size)}), more than the {MAX_COMPRESSION_RATIO}:1 a data file "
                                  "reaches: refused before decompressing it (a possible zip bomb)")


def check_workbook_zip(zf: zipfile.ZipFile, path: str | Path) -> None:
    """Every part of an .xlsx within the part limit, all of them within the workbook limit."""
    total = 0
    for info in zf.infolist():
        check_zip_member(info, path, MAX_WORKBOOK_PART_BYTES, "inside the workbook")
        total += info.file_size
    if total > MAX_WORKBOOK_BYTES:
        raise DataError(path, f"the workbook's parts declare {_size(total)} uncompressed, more than the limit of "
                              f"{_size(MAX_WORKBOOK_BYTES)}: refused before decompressing it")


def is_resource_fork(member: str) -> bool:
    """True for the macOS metadata members a Mac zip adds: ``__MACOSX/…`` and ``._name``."""
    parts = member.replace("\\", "/").split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith("._")


def is_encrypted_office(data: bytes) -> bool:
    """True for an OLE compound file that holds an encrypted Office document (``EncryptedPackage``).

    Excel saves a password-protected .xlsx as such a file instead of a zip; its directory
    names the stream in UTF-16.
    """
    return _ENCRYPTED_PACKAGE in data
