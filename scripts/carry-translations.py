#!/usr/bin/env python3
"""Fills unfinished messages of a Qt Linguist .ts file with the translation of the same source
text in another context of the file or in earlier versions of it, so that a string moved to
another class keeps its translation. Prints what is left for a translator.
    git show HEAD:resources/translations/tunescope_zh_CN.ts > /tmp/old.ts
    cmake --build build --target update_translations
    scripts/carry-translations.py resources/translations/tunescope_zh_CN.ts /tmp/old.ts
    cmake --build build --target update_translations     # lupdate's own layout again
"""
import sys
import xml.etree.ElementTree as ET


def texts(translation):
    """A translation's text, or the tuple of its plural forms (a numerus message, %n)."""
    forms = translation.findall('numerusform')
    if forms:
        return tuple(f.text or '' for f in forms) if all(f.text for f in forms) else None
    return translation.text or None


def finished(path):
    found = {}
    for message in ET.parse(path).getroot().iter('message'):
        translation = message.find('translation')
        if translation is None or translation.get('type') not in (None, 'obsolete', 'vanished'):
            continue
        text = texts(translation)
        if text:
            found.setdefault((message.find('source').text, isinstance(text, tuple)), text)
    return found


target, earlier = sys.argv[1], sys.argv[2:]
known = finished(target)
for path in earlier:
    for source, text in finished(path).items():
        known.setdefault(source, text)
tree = ET.parse(target)
left = []
for context in tree.getroot().iter('context'):
    for message in context.iter('message'):
        translation = message.find('translation')
        if translation is None or translation.get('type') != 'unfinished':
            continue
        source = message.find('source').text
        forms = translation.findall('numerusform')
        text = known.get((source, bool(forms)))
        if text and forms and len(forms) == len(text):
            for form, form_text in zip(forms, text):
                form.text = form_text
            del translation.attrib['type']
        elif text and not forms:
            translation.text = text
            del translation.attrib['type']
        else:
            left.append(f"{context.find('name').text}: {source!r}")
tree.write(target, encoding='utf-8', xml_declaration=True)
print('\n'.join(left) if left else 'every message has a translation')
