#!/bin/sh
# subset.sh rebuilds the CJK font subsets that package chart embeds:
#
#   duban-cjk-regular.otf  Noto Sans CJK SC Regular, GB2312 (all 6,763 hanzi)
#   duban-cjk-bold.otf     Noto Sans CJK SC Bold, GB2312 level 1 (3,755 hanzi)
#
# Both also keep ASCII, Latin-1, general punctuation, CJK symbols and
# punctuation, fullwidth forms, a few symbol blocks, every character that
# appears in the repository's Go sources and testdata files (but for this
# package's own tests, which use characters meant to be missing), and the .notdef
# box (drawn for any character left out). Bold text falls back to the
# regular face rune by rune, so the bold subset can be the smaller one.
#
# Needs Debian's fonts-noto-cjk and python3-fonttools (and python3):
#
#   apt-get install fonts-noto-cjk python3-fonttools
#   sh internal/chart/font/subset.sh
#
# It is not run by CI or go generate: the subsets are committed. Run it again
# after adding strings with characters outside GB2312 to the Go sources, and
# commit the changed .otf and charset files. NOTO_DIR and PYTHON override
# where the source fonts and the Python with fontTools are.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
noto=${NOTO_DIR:-/usr/share/fonts/opentype/noto}
py=${PYTHON:-/usr/bin/python3}

"$py" - "$repo" "$here" "$noto" <<'PYEOF'
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

repo, out, noto = sys.argv[1:4]

# Blocks kept whole (only the code points the font has end up in the subset).
BLOCKS = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement: · × ÷ ±
    (0x2000, 0x206F),  # general punctuation: — … “ ” ‘ ’ ‰
    (0x2100, 0x218F),  # letterlike symbols, number forms: ℃ № Ⅰ
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed alphanumerics: ①
    (0x25A0, 0x25FF),  # geometric shapes: ■ □ ▲ ● ○
    (0x2600, 0x26FF),  # miscellaneous symbols: ★ ☆
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # halfwidth and fullwidth forms
]


def gb2312(level2):
    """GB2312's symbols (rows 1-9), level 1 hanzi (rows 16-55) and, with
    level2, level 2 hanzi (rows 56-87), from Python's own gb2312 codec."""
    chars = []
    last = 0xF7 if level2 else 0xD7
    for hi in list(range(0xA1, 0xAA)) + list(range(0xB0, last + 1)):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


# This package's tests draw characters that must stay missing from the font.
SKIP = os.path.join("internal", "chart", "")


def repo_chars():
    """Every non-ASCII character in the Go sources and testdata files, but
    for this package's tests."""
    seen = set()
    for root, dirs, files in os.walk(repo):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            path = os.path.join(root, name)
            if not (name.endswith(".go") or os.sep + "testdata" + os.sep in path):
                continue
            if name.endswith("_test.go") and os.path.relpath(root, repo) + os.sep == SKIP:
                continue
            try:
                with open(path, encoding="utf-8") as f:
                    seen.update(c for c in f.read() if ord(c) > 0x7F)
            except (UnicodeDecodeError, OSError):
                pass  # binary testdata
    return seen


def find_sc(path):
    """The index of Noto Sans CJK SC in a collection."""
    for i, font in enumerate(TTCollection(path).fonts):
        if font["name"].getDebugName(1) in ("Noto Sans CJK SC", "Noto Sans CJK SC Bold"):
            return i
    sys.exit("no Noto Sans CJK SC in " + path)


extra = repo_chars()
blocks = "".join(chr(c) for lo, hi in BLOCKS for c in range(lo, hi + 1))
for weight, source, level2 in (("regular", "Regular", True), ("bold", "Bold", False)):
    chars = sorted(set(blocks) | set(gb2312(level2)) | extra)
    text = "".join(c for c in chars if not 0xD800 <= ord(c) <= 0xDFFF)
    charset = os.path.join(out, "charset-%s.txt" % weight)
    with open(charset, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    path = os.path.join(noto, "NotoSansCJK-%s.ttc" % source)
    subset.main([
        path,
        "--font-number=%d" % find_sc(path),
        "--text-file=" + charset,
        "--notdef-glyph",
        "--notdef-outline",  # the box drawn for missing characters
        "--layout-features=",  # the renderer uses no GSUB/GPOS
        "--no-hinting",  # nor CFF hints
        "--name-IDs=*",  # keep the copyright and licence strings
        "--output-file=" + os.path.join(out, "duban-cjk-%s.otf" % weight),
    ])
    print("duban-cjk-%s.otf: %d characters requested, %d bytes" % (
        weight, len(text), os.path.getsize(os.path.join(out, "duban-cjk-%s.otf" % weight))))
PYEOF
