import os
import sys

# `python -m` puts the current folder first on the import path; in a checkout that folder is
# untrusted, so a yaml.py or markdown.py there must not replace the installed libraries that
# the commands import later.
if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from govcases.cli import main

raise SystemExit(main())
