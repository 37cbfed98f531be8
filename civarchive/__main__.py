"""Allow ``python -m civarchive``."""

from civarchive.cli import main

main()
