"""The embedded demo inputs (synthetic; see datasets/README.md). Importable so the package can locate them."""
