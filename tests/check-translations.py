#!/usr/bin/env python3
# check-translations.py
# SPDX-License-Identifier: GPL-3.0-or-later
"""The translations, checked (TAP).

1. po/POTFILES.in names every source, .ui and data file with translatable
   strings, and nothing that does not exist.
2. Every language of po/LINGUAS passes `msgfmt --check` and translates every
   message the sources have today (a fresh xgettext of POTFILES.in, merged
   with the language's file): no fuzzy and no untranslated message.
3. Run from the build tree, `LANGUAGE=<lang> shopcast --help` speaks that
   language: each option description the language's catalog translates is
   printed translated.

Usage: check-translations.py SOURCE_ROOT BUILD_ROOT SHOPCAST
"""

import gettext
import os
import re
import subprocess
import sys
import tempfile

# What meson's i18n module passes to xgettext with preset 'glib'.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
]
C_MARK = re.compile(r'\b(N_|_|C_|NC_|g_dngettext|ngettext|g_dpgettext2?)\("')
UI_MARK = re.compile(r'translatable="yes"')

results = []


def check(ok, name, details=()):
    results.append(ok)
    print('%s %d - %s' % ('ok' if ok else 'not ok', len(results), name))
    for line in details:
        print('# ' + line)


def potfiles(source_root):
    with open(os.path.join(source_root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        return [line.strip() for line in f
                if line.strip() and not line.lstrip().startswith('#')]


def marked_sources(source_root):
    found = []
    for folder, _dirs, files in os.walk(os.path.join(source_root, 'src')):
        for name in files:
            path = os.path.join(folder, name)
            if name.endswith('.c'):
                pattern = C_MARK
            elif name.endswith('.ui'):
                pattern = UI_MARK
            else:
                continue
            with open(path, encoding='utf-8') as f:
                if pattern.search(f.read()):
                    found.append(os.path.relpath(path, source_root))
    return sorted(found)


def check_potfiles(source_root):
    listed = potfiles(source_root)
    missing = [p for p in marked_sources(source_root) if p not in listed]
    check(not missing, 'POTFILES.in lists every source file with translatable strings',
          ['missing: ' + p for p in missing])
    absent = [p for p in listed if not os.path.exists(os.path.join(source_root, p))]
    check(not absent, 'every file POTFILES.in lists exists', ['absent: ' + p for p in absent])
    data = [p for p in ('data/io.github.shopcast.Shopcast.desktop.in',
                        'data/io.github.shopcast.Shopcast.metainfo.xml.in')
            if p not in listed]
    check(not data, 'POTFILES.in lists the desktop file and the metainfo',
          ['missing: ' + p for p in data])


def languages(source_root):
    with open(os.path.join(source_root, 'po', 'LINGUAS'), encoding='utf-8') as f:
        return [w for line in f if not line.startswith('#') for w in line.split()]


def statistics(po_path):
    run = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po_path],
                         capture_output=True, text=True)
    counts = {'translated': 0, 'fuzzy': 0, 'untranslated': 0}
    for number, kind in re.findall(r'(\d+) (translated|fuzzy|untranslated)', run.stderr):
        counts[kind] = int(number)
    return run.returncode, run.stderr.strip(), counts


def check_catalogs(source_root, work):
    pot = os.path.join(work, 'shopcast.pot')
    run = subprocess.run(['xgettext', *XGETTEXT_ARGS, '--package-name=shopcast',
                          '--files-from=' + os.path.join(source_root, 'po', 'POTFILES.in'),
                          '--directory=' + source_root, '--output=' + pot],
                         capture_output=True, text=True)
    check(run.returncode == 0, 'xgettext extracts the messages of POTFILES.in',
          run.stderr.strip().splitlines())
    if run.returncode != 0:
        return
    for lang in languages(source_root):
        po = os.path.join(source_root, 'po', lang + '.po')
        code, text, counts = statistics(po)
        check(code == 0, '%s.po passes msgfmt --check' % lang, text.splitlines())
        merged = os.path.join(work, lang + '.po')
        run = subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', '--output-file=' + merged,
                              po, pot], capture_output=True, text=True)
        if run.returncode != 0:
            check(False, '%s.po merges with the sources' % lang, run.stderr.splitlines())
            continue
        code, text, counts = statistics(merged)
        check(counts['fuzzy'] == 0 and counts['untranslated'] == 0,
              '%s translates every message of the sources (%d translated, %d fuzzy, '
              '%d untranslated)' % (lang, counts['translated'], counts['fuzzy'],
                                    counts['untranslated']))


OPTION_LINE = re.compile(r'^\s+(?:-\w, )?--[\w-]+(?:=\S+)?\s{2,}(\S.*)$')


def help_text(shopcast, language):
    env = {k: v for k, v in os.environ.items() if not k.startswith('LC_')}
    env.pop('LANG', None)
    if language is None:
        env.pop('LANGUAGE', None)
    else:
        env['LANGUAGE'] = language
    run = subprocess.run([shopcast, '--help'], capture_output=True, text=True, env=env)
    return run.returncode, run.stdout


def check_help(source_root, build_root, shopcast):
    code, english = help_text(shopcast, None)
    check(code == 0 and '--headless' in english, 'shopcast --help runs in English')
    descriptions = [m.group(1).strip() for m in map(OPTION_LINE.match, english.splitlines())
                    if m is not None]
    localedir = os.environ.get('SHOPCAST_LOCALEDIR', os.path.join(build_root, 'po'))
    for lang in languages(source_root):
        try:
            catalog = gettext.translation('shopcast', localedir, languages=[lang])
        except OSError as error:
            check(False, 'the %s catalog is built in the tree' % lang, [str(error)])
            continue
        code, local = help_text(shopcast, lang)
        translated = [(d, catalog.gettext(d)) for d in descriptions if catalog.gettext(d) != d]
        wrong = [d for d, t in translated if t not in local]
        check(code == 0 and translated and not wrong,
              'LANGUAGE=%s shopcast --help prints the %d option descriptions its catalog '
              'translates' % (lang, len(translated)),
              ['not printed: %s' % d for d in wrong])


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    source_root, build_root, shopcast = sys.argv[1:]
    check_potfiles(source_root)
    with tempfile.TemporaryDirectory() as work:
        check_catalogs(source_root, work)
    check_help(source_root, build_root, shopcast)
    print('1..%d' % len(results))
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
