import sys

# Running this file puts the project folder first on the import path: drop it, so that a
# module a checkout adds there (yaml.py, markdown.py) cannot replace an installed library.
del sys.path[0]

from govcases.cli import main  # noqa: E402

raise SystemExit(main(["build", *sys.argv[1:]]))
