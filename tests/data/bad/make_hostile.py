"""Hostile inputs made at test time (never committed): zip bombs, bogus sheet extents, pipes, devices.

``tests/test_bad_inputs.py`` and ``benchmarks/bench_hostile.py`` call :func:`generate` for the
cases of ``cases.toml`` that have a ``generate = {kind = …}`` entry. Each file is a few kilobytes
on disk (or nothing at all: a FIFO, a link to /dev/zero) and would cost gigabytes or hang a
reader that trusted it.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
HEADER = "기간,국가,HS코드,품목명,수입 중량,수입 금액\n"
BACI_NAME = "BACI_HS17_Y2019_V202301.csv"
BACI_ROWS = "t,i,j,k,v,q\n2019,392,410,281111,10.5,1.0\n2019,156,410,281111,3.2,NA\n"


def _kcs_rows(n: int) -> str:
    names = ["플루오르화수소", "감광제", "불화폴리이미드", "실리콘웨이퍼"]
    out = []
    for i in range(n):
        out.append(f"2019,일본,{2811111000 + i:010d},{names[i % 4]}{i},{i % 97}.5,{(i % 89) * 10 + 1}\n")
    return "".join(out)


def sample_cut(path: Path, encoding: str, sample: int = 16384) -> None:
    """A valid table whose first ``sample`` bytes end inside a Hangul syllable (3 bytes in UTF-8, 2 in CP949).

    Loaders sample the first 16 KB to tell a file's format; a valid file must never be refused
    because that sample cuts a character in two.
    """
    for pad in range(8):
        lines = (HEADER + _kcs_rows(400)).split("\n")
        first = lines[1].split(",")
        first[3] += "A" * pad  # shifts every later byte by one
        lines[1] = ",".join(first)
        data = "\n".join(lines).encode(encoding)
        if len(data) > sample and _inside_char(data, sample, encoding):
            path.write_bytes(data)
            return
    raise AssertionError("no padding puts the sample boundary inside a character")


def _inside_char(data: bytes, cut: int, encoding: str) -> bool:
    try:
        data[:cut].decode(encoding)
        return False
    except UnicodeDecodeError as exc:
        return exc.start >= cut - 2  # the only failure is the character cut off at the end


def _baci_zip(members: dict[str, bytes], compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def zip_bomb(path: Path, expanded: int = 256 << 20) -> None:
    """A BACI zip whose one CSV inflates ``expanded`` bytes of zeros from a few hundred kilobytes."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = b"t,i,j,k,v,q\n"
    chunks = [comp.compress(head)]
    block = b"0" * (1 << 20)
    crc = zlib.crc32(head)
    for _ in range(expanded >> 20):
        chunks.append(comp.compress(block))
        crc = zlib.crc32(block, crc)
    chunks.append(comp.flush())
    body = b"".join(chunks)
    size = len(head) + (expanded >> 20 << 20)
    path.write_bytes(_raw_zip(BACI_NAME, body, size, crc))


def _raw_zip(name: str, body: bytes, size: int, crc: int, flags: int = 0) -> bytes:
    """A one-member zip from an already deflated body, with the sizes and flags given."""
    fname = name.encode("utf-8")
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags | 0x800, 8, 0, 0x21, crc & 0xFFFFFFFF, len(body),
                        size, len(fname), 0) + fname
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags | 0x800, 8, 0, 0x21, crc & 0xFFFFFFFF,
                          len(body), size, len(fname), 0, 0, 0, 0, 0, 0) + fname
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(body), 0)
    return local + body + central + end


def zip_forged_size(path: Path, declared: int = 3 << 30) -> None:
    """A small BACI zip whose directory declares a 3 GiB member."""
    body = zlib.compress(BACI_ROWS.encode(), 9)[2:-4]
    path.write_bytes(_raw_zip(BACI_NAME, body, declared, zlib.crc32(BACI_ROWS.encode())))


def zip_encrypted(path: Path) -> None:
    """A BACI zip whose member is marked as encrypted (traditional PKWARE encryption)."""
    body = zlib.compress(BACI_ROWS.encode(), 9)[2:-4]
    path.write_bytes(_raw_zip(BACI_NAME, body, len(BACI_ROWS.encode()), zlib.crc32(BACI_ROWS.encode()), flags=0x1))


def zip_macosx(path: Path) -> None:
    """A BACI zip made on a Mac: the data file plus its __MACOSX resource fork (a binary AppleDouble file)."""
    fork = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + bytes(64)
    path.write_bytes(_baci_zip({BACI_NAME: BACI_ROWS.encode(), f"__MACOSX/._{BACI_NAME}": fork}))


def _workbook(sheet_xml_edit=None, cells: dict[str, Any] | None = None) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER.strip().split(","))
    ws.append([2019, "일본", "2811111000", "플루오르화수소", 850.0, 7400.0])
    ws.append([2019, "중국", "2811111000", "플루오르화수소", 1200.0, 730.0])
    for ref, value in (cells or {}).items():
        if value is None:
            ws[ref].number_format = "0.00"  # a styled cell without a value
        else:
            ws[ref] = value
    buf = io.BytesIO()
    wb.save(buf)
    if sheet_xml_edit is None:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml_edit(data)
            zout.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def generate(kind: str, path: Path, params: dict[str, Any] | None = None) -> Path:
    """Write the hostile input ``kind`` at ``path`` (see the module docstring); returns ``path``."""
    params = dict(params or {})
    if kind == "sample_cut":
        sample_cut(path, params.get("encoding", "utf-8"))
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        os.symlink(params.get("target", "/dev/zero"), path)
    elif kind == "zip_bomb":
        zip_bomb(path, int(params.get("expanded", 256 << 20)))
    elif kind == "zip_forged_size":
        zip_forged_size(path)
    elif kind == "zip_encrypted":
        zip_encrypted(path)
    elif kind == "zip_macosx":
        zip_macosx(path)
    elif kind == "xlsx_bomb":
        spaces = b" " * int(params.get("expanded", 256 << 20))
        path.write_bytes(_workbook(lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + spaces)))
    elif kind == "xlsx_dimension":
        path.write_bytes(_workbook(lambda xml: re.sub(rb'<dimension ref="[^"]*"\s*/>',
                                                      b'<dimension ref="A1:XFD1048576"/>', xml)))
    elif kind == "xlsx_stray_cell":
        path.write_bytes(_workbook(cells={params.get("cell", "XFD1048576"): params.get("value")}))
    elif kind == "xlsx_styled_rows":
        n = int(params.get("rows", 200_000))
        rows = "".join(f'<row r="{r}"><c r="XFD{r}"/></row>' for r in range(4, 4 + n)).encode()
        path.write_bytes(_workbook(lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>")))
    elif kind == "csv_empty_lines":
        n = int(params.get("lines", 1_000_000))
        path.write_text(HEADER + "2019,일본,2811111000,플루오르화수소,850.0,7400\n" + "\n" * n
                        + "2019,중국,2811111000,플루오르화수소,1200.0,730\n", encoding="utf-8")
    elif kind == "html_wide_spans":
        n = int(params.get("rows", 2_000))
        row = "<tr>" + '<td colspan="1000">1</td>' * 4 + "</tr>"
        path.write_text("<html><body><table><tr><th>기간</th><th>국가</th></tr>" + row * n + "</table></body></html>",
                        encoding="utf-8")
    elif kind == "wide_csv":
        n = int(params.get("fields", 100_000))
        path.write_text(HEADER + "2019,일본,2811111000,플루오르화수소,850.0,7400\n" + "," * n + "\n", encoding="utf-8")
    elif kind == "deep_json":
        depth = int(params.get("depth", 100_000))
        path.write_text('{"results": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    elif kind == "xls_hidden":
        data = bytearray((HERE.parent / "io" / "kstat_real.xls").read_bytes())
        name = "수입실적".encode("utf-16-le")
        at = data.find(b"\x04\x01" + name)  # BOUNDSHEET: … visibility, type, name length 4, UTF-16 flag, name
        data[at - 2] = 1  # hidden
        path.write_bytes(bytes(data))
    elif kind == "undecodable_name":
        # a file name in CP949 bytes, as an old Windows zip tool leaves it on Linux: not valid UTF-8
        target = path.parent / os.fsdecode(bytes.fromhex(params["name_hex"]) + params.get("suffix", ".csv").encode())
        target.write_bytes((HERE / params["copy"]).read_bytes())
        return target
    else:  # pragma: no cover - a manifest typo
        raise ValueError(f"unknown generator {kind!r}")
    return path
