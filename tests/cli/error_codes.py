#!/usr/bin/env python3
"""Every diagnostic code the program can report is in docs/errors.md, the
document lists no code the program no longer reports, and no code is
reported for two kinds of problem.

Codes are found in src/ where they are reported: the number given to
otr_error_at, otr_warning_at, otr_diags_error and otr_diag_at, followed
through helper functions that pass a code on as a parameter (to their
callers), and the "error[E123]" written directly by a few front-end
messages. "One kind of problem" is checked as: a code is reported from one
source file only, unless docs/errors.md lists it among the codes shared by
several files, with exactly those files and the reason; and a code is
reported as an error or a warning as its entry says.

Usage: error_codes.py [--list] [PROJECT_DIR] (default: $SOURCE_DIR);
--list prints every code with where it is reported, and checks nothing."""

import os
import re
import sys
from pathlib import Path

LIST = "--list" in sys.argv[1:]
ARGS = [a for a in sys.argv[1:] if a != "--list"]
ROOT = Path(ARGS[0] if ARGS else os.environ["SOURCE_DIR"])
DOC = "docs/errors.md"

# Diagnostic functions: the index of the code argument and the kind of
# problem they report. diag.c and diag.h define them and are not scanned.
REPORTERS = {
    "otr_error_at": (2, "error"),
    "otr_warning_at": (2, "warning"),
    "otr_diags_error": (1, "error"),
    "otr_diag_at": (3, None),  # the kind is its second argument
}
SEVERITY = {"OTR_SEV_ERROR": "error", "OTR_SEV_WARNING": "warning"}
NOT_SCANNED = {"src/diag.c", "src/diag.h"}

failures = []


def article(kind):
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def fail(message):
    failures.append(message)


def blank_comments(text, strings):
    """TEXT with comments turned into spaces (line breaks kept, so line
    numbers stay), string and character literals left as they are; the
    string literals, with their positions, are added to STRINGS."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            if c == '"':
                strings.append((i, text[i : j + 1]))
            out.append(text[i : j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def call_arguments(text, open_paren):
    """The top-level arguments of the call whose "(" is at OPEN_PAREN."""
    depth, args, start, i = 0, [], open_paren + 1, open_paren
    while i < len(text):
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(text[start:i].strip())
                return args
        elif c == "," and depth == 1:
            args.append(text[start:i].strip())
            start = i + 1
        i += 1
    return args


class Source:
    def __init__(self, path):
        self.name = path.relative_to(ROOT).as_posix()
        self.strings = []
        self.text = blank_comments(path.read_text(encoding="utf-8"),
                                   self.strings)
        # Function definitions: (start, name, parameter names, body start).
        self.functions = []
        for m in re.finditer(
            r"^[A-Za-z_][\w \t\*]*?\b([A-Za-z_]\w*)\s*\(([^;{}]*?)\)\s*\{",
            self.text,
            re.M,
        ):
            params = []
            for p in m.group(2).split(","):
                words = re.findall(r"[A-Za-z_]\w*", p)
                params.append(words[-1] if words else "")
            self.functions.append((m.start(), m.group(1), params, m.end() - 1))

    def line(self, pos):
        return self.text.count("\n", 0, pos) + 1

    def enclosing(self, pos):
        best = None
        for f in self.functions:
            if f[0] < pos:
                best = f
        return best


sources = [
    Source(p)
    for p in sorted((ROOT / "src").rglob("*"))
    if p.suffix in (".c", ".cc", ".h")
    and p.relative_to(ROOT).as_posix() not in NOT_SCANNED
]
constants = {}
for s in sources:
    for m in re.finditer(r"^#\s*define\s+(\w+)\s+\(?(\d+)\)?\s*$", s.text, re.M):
        constants[m.group(1)] = int(m.group(2))

# Each use: code -> list of (file, line, kind); kind None for a mention (a
# code named in a string, like "E908" in a check of a worker's messages).
uses = {}


def use(code, source, pos, kind):
    uses.setdefault(code, []).append((source.name, source.line(pos), kind))


def resolve_calls(function, index, kind, seen):
    """Follows the code passed as argument INDEX of FUNCTION."""
    if (function, index) in seen:
        return
    seen.add((function, index))
    calls = 0
    for s in sources:
        for m in re.finditer(r"\b%s\s*\(" % re.escape(function), s.text):
            if any(f[0] <= m.start() < f[3] and f[1] == function
                   for f in s.functions):
                continue  # its own definition
            calls += 1
            args = call_arguments(s.text, m.end() - 1)
            if len(args) <= index:
                fail(f"{s.name}:{s.line(m.start())}: cannot read the "
                     f"arguments of {function}")
                continue
            code_argument(s, m.start(), args[index], kind, seen)
    if not calls:
        fail(f"{function} passes a code on, but no call of it is found "
             f"(called through a pointer?): its codes cannot be checked")


def code_argument(s, pos, arg, kind, seen):
    if re.fullmatch(r"\d+", arg):
        use(int(arg), s, pos, kind)
        return
    if arg in constants:
        use(constants[arg], s, pos, kind)
        return
    f = s.enclosing(pos)
    if re.fullmatch(r"[A-Za-z_]\w*", arg) and f and arg in f[2]:
        resolve_calls(f[1], f[2].index(arg), kind, seen)
        return
    fail(f"{s.name}:{s.line(pos)}: cannot tell which code \"{arg}\" is: "
         f"give the number itself (or a parameter the callers give it as "
         f"a number), so that {DOC} can be checked")


for s in sources:
    for m in re.finditer(r"\b(%s)\s*\(" % "|".join(REPORTERS), s.text):
        index, kind = REPORTERS[m.group(1)]
        args = call_arguments(s.text, m.end() - 1)
        if m.group(1) == "otr_diag_at":
            kind = SEVERITY.get(args[1]) if len(args) > 1 else None
            if kind is None:
                fail(f"{s.name}:{s.line(m.start())}: cannot tell whether "
                     f"this is an error or a warning")
                continue
        if len(args) <= index:
            fail(f"{s.name}:{s.line(m.start())}: cannot read the arguments "
                 f"of {m.group(1)}")
            continue
        code_argument(s, m.start(), args[index], kind, set())
    # Messages written directly, and codes named in strings.
    for start, literal in s.strings:
        for c in re.finditer(r"(?:(error|warning)\[)?E(\d{3})\b", literal):
            use(int(c.group(2)), s, start + c.start(), c.group(1))

if LIST:
    for code, places in sorted(uses.items()):
        for f, n, kind in places:
            print(f"E{code:03d}\t{kind or 'named'}\t{f}:{n}")
    sys.exit(1 if failures else 0)

# ---- The document ---------------------------------------------------------
doc_path = ROOT / DOC
if not doc_path.exists():
    print(f"FAIL: {DOC} does not exist", file=sys.stderr)
    sys.exit(1)
documented = {}  # code -> (line, kind)
shared = {}  # code -> (line, set of files)
section = None
for number, line in enumerate(doc_path.read_text(encoding="utf-8")
                              .splitlines(), 1):
    heading = re.match(r"#+\s+(.*)", line)
    if heading:
        rng = re.match(r"E(\d)xx\b", heading.group(1))
        section = int(rng.group(1)) if rng else heading.group(1)
        continue
    row = re.match(r"\|\s*E(\d{3})\s*\|(.*)\|\s*$", line)
    if not row:
        continue
    code = int(row.group(1))
    cells = [c.strip() for c in row.group(2).split("|")]
    if isinstance(section, str) and section.lower().startswith("codes shared"):
        files = set(re.findall(r"src/[\w./-]+", cells[0]))
        if code in shared:
            fail(f"{DOC}:{number}: E{code:03d} is listed twice among the "
                 f"shared codes")
        shared[code] = (number, files)
        continue
    if section != code // 100:
        fail(f"{DOC}:{number}: E{code:03d} stands under the wrong heading "
             f"(it belongs under E{code // 100}xx)")
    if code in documented:
        fail(f"{DOC}:{number}: E{code:03d} is listed twice (first at line "
             f"{documented[code][0]})")
    if len(cells) < 3 or not all(cells[:3]):
        fail(f"{DOC}:{number}: E{code:03d} needs a kind, a meaning and what "
             f"to do")
        continue
    if cells[0] not in ("error", "warning", "error or warning"):
        fail(f"{DOC}:{number}: E{code:03d}: the kind is \"error\", "
             f"\"warning\" or \"error or warning\", not \"{cells[0]}\"")
    documented[code] = (number, cells[0])

# ---- The checks -----------------------------------------------------------
for code, places in sorted(uses.items()):
    where = ", ".join(f"{f}:{n}" for f, n, _ in places)
    if code not in documented:
        fail(f"E{code:03d} is reported at {where}, but {DOC} does not "
             f"explain it: add it there")
        continue
    line, doc_kind = documented[code]
    for f, n, kind in places:
        if kind and kind not in doc_kind.split(" or "):
            fail(f"{f}:{n}: E{code:03d} is reported as {article(kind)} here, but "
                 f"{DOC}:{line} lists it as \"{doc_kind}\"")
    kinds = {kind for _, _, kind in places if kind}
    if doc_kind == "error or warning" and len(kinds) == 1:
        fail(f"{DOC}:{line}: E{code:03d} is listed as \"error or warning\", "
             f"but it is only ever reported as {article(kinds.pop())} ({where})")
    files = {f for f, _, kind in places if kind}  # not mere mentions
    if len(files) > 1 and code not in shared:
        fail(f"E{code:03d} is reported from {len(files)} files ({where}): "
             f"one code is one kind of problem, so give one of them a new "
             f"code, or, if it truly is the same problem, list the code "
             f"among the shared codes in {DOC} with these files and why")
    elif code in shared and shared[code][1] != files:
        fail(f"{DOC}:{shared[code][0]}: E{code:03d} is listed as shared by "
             f"{', '.join(sorted(shared[code][1]))}, but it is reported from "
             f"{where}")

for code, (line, _) in sorted(documented.items()):
    if code not in uses:
        fail(f"{DOC}:{line}: E{code:03d} is listed, but nothing in src/ "
             f"reports it any more: remove it (and do not reuse the number "
             f"for another problem soon)")
for code, (line, _) in sorted(shared.items()):
    if code not in documented:
        fail(f"{DOC}:{line}: the shared code E{code:03d} has no entry of "
             f"its own")

# Codes named elsewhere in the documentation must exist.
for doc in sorted([ROOT / "README.md"] + list((ROOT / "docs").glob("*.md"))):
    if doc == doc_path:
        continue
    for number, line in enumerate(doc.read_text(encoding="utf-8")
                                  .splitlines(), 1):
        for c in re.finditer(r"\bE(\d{3})\b", line):
            if int(c.group(1)) not in documented:
                fail(f"{doc.relative_to(ROOT)}:{number}: names "
                     f"E{c.group(1)}, which {DOC} does not list")

for message in failures:
    print(f"FAIL: {message}", file=sys.stderr)
if failures:
    sys.exit(1)
print(f"{len(documented)} codes, each reported and explained in {DOC}")
