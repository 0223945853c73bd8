"""Full-text search: a static index written by govcases and read in the browser by search.js.

Matching is exact. Text and query are folded character by character (Traditional and
Simplified forms alike, Latin in lower case) and cut into tokens (`text`). A query part
matches where its token sequence occurs in one text segment (a title, a paragraph, a term
name…): a part of one or two tokens is answered by one key of the count families, a longer
one by the triples covering it, whose positions must line up (`postings`). So 網格 and 网格
match the same places, 网格 does not match 互联网 + 格局, and DEPA does not match inside
DEPARTMENT.

- `text`: what is indexed, field by field, and the tokens;
- `postings`: the keys of a case, and the posting lists of the index;
- `files`: the index files, built from scratch (in a process of its own for a large site);
- `update`: the previous index brought up to date after an edit, rewriting only the shards
  the edit touched.

docs/search.md describes the format and the score.
"""

from govcases.site.search.files import ROOT, build_index, index_files, text_files
from govcases.site.search.text import SearchCase, search_cases
from govcases.site.search.update import Plan, plan_index, update_index

__all__ = [
    "ROOT",
    "Plan",
    "SearchCase",
    "build_index",
    "index_files",
    "plan_index",
    "search_cases",
    "text_files",
    "update_index",
]
