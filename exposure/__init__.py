"""exposure: which SME sectors lose most export value if a trade dispute widens."""

__version__ = "0.1.0"
