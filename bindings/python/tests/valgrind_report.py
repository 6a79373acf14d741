# SPDX-License-Identifier: MIT
"""valgrind_report.py XML - the errors and leaks of a memcheck run (its
--xml-file) that are the binding's: a definite or indirect leak with a
frame in the extension module (the crmrules library is linked into it),
or an error among whose first frames one is. Prints each with its stack
and exits 1 when there is any; what CPython reports of itself is counted."""

import sys
import xml.etree.ElementTree as ET

OURS = "_crmrules"
LEAKS = ("Leak_DefinitelyLost", "Leak_IndirectlyLost")
FIRST = 6  # frames of an error looked at (past valgrind's own malloc)


def frames(error):
    stack = error.find("stack")
    out = []
    for fr in stack.findall("frame") if stack is not None else []:
        obj = fr.findtext("obj") or ""
        if "vgpreload" in obj:
            continue
        where = fr.findtext("fn") or fr.findtext("ip") or "?"
        if fr.findtext("file"):
            where += f" ({fr.findtext('file')}:{fr.findtext('line')})"
        out.append((obj, where))
    return out


def main():
    root = ET.parse(sys.argv[1]).getroot()
    ours, others = [], 0
    for error in root.findall("error"):
        kind = error.findtext("kind")
        fs = frames(error)
        mine = any(OURS in obj for obj, _ in (fs if kind in LEAKS else fs[:FIRST]))
        if not mine:
            others += 1
            continue
        text = error.findtext("what") or error.findtext("xwhat/text") or kind
        ours.append(f"{kind}: {text}\n" + "".join(f"    {w}\n" for _, w in fs))
    for e in ours:
        print(e)
    print(f"valgrind: {len(ours)} errors and leaks in crmrules; "
          f"{others} of CPython's own left out")
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main())
