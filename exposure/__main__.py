"""Allow ``python -m exposure``."""

from exposure.cli import main

if __name__ == "__main__":
    main()
