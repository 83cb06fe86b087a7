#!/usr/bin/env python3
"""Extract the source texts of the encoding evaluation set from GLib's translations.

Reads /usr/share/locale/<lang>/LC_MESSAGES/glib20.mo (Debian package libglib2.0-0; GLib
and its translations are LGPL-2.1-or-later, see /usr/share/doc/libglib2.0-0/copyright)
and writes about 1,000 characters of translated messages per language, one message a
line, to tests/data/encodings/text/<lang>.txt. The Rust evaluation (tests/eval/) encodes
these texts into each language's legacy encodings and into UTF-8/16/32 at test time.

Usage: scripts/encoding-corpus.py  (rerun only to change the texts; the output is committed)
"""
import gettext
import pathlib
import re

LANGS = """de fr es it pt nl ca da sv nb fi is ga eu gl pl cs hu sk sl hr ro sr mk ru uk bg be
el tr he ar fa lt lv et vi th ja ko zh_CN zh_TW kk hy ka hi""".split()
OUT = pathlib.Path(__file__).resolve().parent.parent / "tests/data/encodings/text"
CHARS = 2000


def messages(lang):
    path = pathlib.Path(f"/usr/share/locale/{lang}/LC_MESSAGES/glib20.mo")
    with path.open("rb") as f:
        catalog = gettext.GNUTranslations(f)._catalog
    for key in sorted(catalog, key=str):
        if not key:
            continue
        text = " ".join(catalog[key].split())
        # Prose only: no format directives, markup or option syntax.
        if 20 <= len(text) <= 160 and not re.search(r"[%<>{}\\_=|]|--", text) and " " in text:
            yield text


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        lines, size = [], 0
        for text in messages(lang):
            if text in lines:
                continue
            lines.append(text)
            size += len(text) + 1
            if size >= CHARS:
                break
        (OUT / f"{lang}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(lang, len(lines), size)


if __name__ == "__main__":
    main()
