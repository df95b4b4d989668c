"""Offline English corpora for the starter text backbones and their transfer task.

Pretraining corpus: the NAME and DESCRIPTION sections of the English manual pages installed under
/usr/share/man/man[1-8] (troff markup stripped). Transfer task: Debian package short descriptions
(`apt-cache dumpavail`) labelled by Section — a different source the starters never saw.
Both are read in sorted order so every recipe run sees the same text.
"""
import gzip
import os
import re
import subprocess
import unicodedata

MAN_ROOT = os.environ.get("MAN_ROOT", "/usr/share/man")

_ESC = re.compile(r"\\f(\[[^\]]*\]|\(..|.)|\\s[-+]?\d+|\\\*(\(..|\[[^\]]*\]|.)|\\\((..)|\\\[[^\]]*\]|\\[&|^%:/,~0 ]|\\-|\\e|\\\\|\\\"|\\.")


def _clean_line(line):
    line = line.replace("\\-", "-").replace("\\(em", "-").replace("\\(en", "-").replace("\\e", "\\")
    line = _ESC.sub("", line)
    return line.replace('"', "").strip()


def _sections(text, wanted=("NAME", "DESCRIPTION")):
    out, keep = [], False
    for raw in text.splitlines():
        if raw.startswith(".SH") or raw.startswith(".Sh"):
            title = raw[3:].strip().strip('"').upper()
            keep = title in wanted
            continue
        if not keep:
            continue
        if raw.startswith(".\\\"") or raw.startswith("'\\\""):
            continue
        if raw.startswith(".") or raw.startswith("'"):
            # Font macros carry text in their arguments; every other request is layout.
            m = re.match(r"^[.'](B|I|BR|RB|IR|RI|BI|IB|SM|SB|Nm|Nd|Xr|Ar|Fl|Pa|Em|Sy|Dq|Ql)\s+(.*)$", raw)
            if not m:
                out.append("\n")
                continue
            raw = m.group(2)
        out.append(_clean_line(raw))
    return out


def _to_ascii(s):
    s = unicodedata.normalize("NFKD", s)
    return s.encode("ascii", "ignore").decode("ascii")


def man_paragraphs(limit_chars=None):
    """Paragraphs (strings) of NAME/DESCRIPTION text, sorted by file path."""
    files = []
    for sec in range(1, 9):
        d = os.path.join(MAN_ROOT, f"man{sec}")
        if os.path.isdir(d):
            files += [os.path.join(d, f) for f in os.listdir(d)]
    files.sort()
    paras, total = [], 0
    for path in files:
        try:
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8", errors="replace") as f:
                text = f.read()
        except (OSError, EOFError):
            continue
        if text.startswith(".so "):
            continue  # a link to another page
        buf = []
        for piece in _sections(text) + ["\n"]:
            if piece == "\n":
                p = re.sub(r"\s+", " ", _to_ascii(" ".join(buf))).strip()
                if len(p.split()) >= 5:
                    paras.append(p)
                    total += len(p)
                buf = []
            elif piece:
                buf.append(piece)
        if limit_chars and total >= limit_chars:
            break
    return paras


def package_descriptions():
    """(package, short description, section) for every package apt knows, sorted by name."""
    out = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True, check=True).stdout
    rows, cur = {}, {}
    for line in out.splitlines() + [""]:
        if not line:
            if "Package" in cur and "Description" in cur and "Section" in cur:
                rows.setdefault(cur["Package"], (cur["Description"], cur["Section"]))
            cur = {}
        elif line[0] != " " and ":" in line:
            k, v = line.split(":", 1)
            cur[k] = v.strip()
    return [(p, d, s) for p, (d, s) in sorted(rows.items())]
