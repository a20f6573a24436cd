#!/usr/bin/env python3
# check-manpage.py
# SPDX-License-Identifier: GPL-3.0-or-later
"""The manual page and the README's options table against the program (TAP).

1. The built shopcast.1 formats without a groff warning.
2. The options `shopcast --help-all` shows, the README's options table and the
   manual page's OPTIONS name the same options (hidden options aside): a new
   option cannot ship without its line in the README, hence in the page.
3. The page in the build tree is what build-aux/man.py writes from README.md
   now.

Usage: check-manpage.py SOURCE_ROOT MAN_PAGE SHOPCAST VERSION
"""

import os
import re
import subprocess
import sys
import tempfile

results = []


def check(ok, name, details=()):
    results.append(ok)
    print('%s %d - %s' % ('ok' if ok else 'not ok', len(results), name))
    for line in details:
        print('# ' + line)


def help_options(shopcast):
    env = dict(os.environ, LANGUAGE='C', LC_ALL='C.UTF-8')
    run = subprocess.run([shopcast, '--help-all'], capture_output=True, text=True, env=env)
    found = set(re.findall(r'^\s+(?:-\w, )?--([\w-]+)', run.stdout, re.M))
    # GLib's and GApplication's own help options are not Shopcast's.
    return {o for o in found if not o.startswith('help') and o not in ('gapplication-service',)}


def readme_options(source_root):
    with open(os.path.join(source_root, 'README.md'), encoding='utf-8') as f:
        text = f.read()
    section = text.split('## Command line', 1)[1].split('\n## ', 1)[0]
    return set(re.findall(r'^\| `--([\w-]+)', section, re.M))


def page_options(page):
    options = page.split('.SH OPTIONS', 1)[1].split('.SH ', 1)[0]
    return set(re.findall(r'^\\fB\\-\\-([\w-]+)\\fR', options, re.M))


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    source_root, man_page, shopcast, version = sys.argv[1:]
    with open(man_page, encoding='utf-8') as f:
        page = f.read()

    run = subprocess.run(['groff', '-man', '-Tutf8', '-ww', '-z', man_page],
                         capture_output=True, text=True)
    check(run.returncode == 0 and not run.stderr.strip(),
          'shopcast.1 formats without warnings', run.stderr.strip().splitlines())

    program = help_options(shopcast)
    readme = readme_options(source_root)
    manual = page_options(page)
    check(bool(program), 'shopcast --help-all lists its options (%d)' % len(program))
    check(program == readme, 'the README options table names the options of shopcast --help',
          ['only in --help: --' + o for o in sorted(program - readme)] +
          ['only in the README: --' + o for o in sorted(readme - program)])
    check(manual == readme, 'the manual page names the options of the README table',
          ['missing from the page: --' + o for o in sorted(readme - manual)] +
          ['only in the page: --' + o for o in sorted(manual - readme)])

    with tempfile.TemporaryDirectory() as work:
        fresh = os.path.join(work, 'shopcast.1')
        subprocess.run([sys.executable, os.path.join(source_root, 'build-aux', 'man.py'),
                        os.path.join(source_root, 'README.md'), version, fresh], check=True)
        with open(fresh, encoding='utf-8') as f:
            check(f.read() == page, 'the built page is what README.md gives today')

    print('1..%d' % len(results))
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
