#!/usr/bin/python3
"""Fills the unfinished entries of resources/translations/tunescope_en.ts (English plural
forms only) by the "(s)" rule: "%n trial(s)" gets "%n trial" and "%n trials". Prints each
entry it filled: read them, since a verb may need to agree ("is"/"are") by hand.

    scripts/english-plurals.py [resources/translations/tunescope_en.ts]
"""
import re
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "resources/translations/tunescope_en.ts"
text = open(path, encoding="utf-8").read()
UNFINISHED = re.compile(
    r'<source>([^<]*)</source>(\s*<comment>[^<]*</comment>)?\s*<translation type="unfinished">\s*'
    r'<numerusform>[^<]*</numerusform>\s*<numerusform>[^<]*</numerusform>\s*</translation>')


def fill(match):
    source, comment = match.group(1), match.group(2) or ""
    one, many = source.replace("(s)", ""), source.replace("(s)", "s")
    print(f"{source}\n    1: {one}\n    n: {many}")
    return (f"<source>{source}</source>{comment}\n        <translation>\n"
            f"            <numerusform>{one}</numerusform>\n"
            f"            <numerusform>{many}</numerusform>\n        </translation>")


text, count = UNFINISHED.subn(fill, text)
open(path, "w", encoding="utf-8").write(text)
print(f"{count} entries filled")
