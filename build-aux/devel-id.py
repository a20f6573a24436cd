#!/usr/bin/env python3
# devel-id.py
# SPDX-License-Identifier: GPL-3.0-or-later
"""Copy a data file of the stable app with the development profile's id.

Usage: devel-id.py BASE_ID DEVEL_ID INPUT OUTPUT

The default profile installs data/ as it is; -Dprofile=development installs
these copies, in which the app id (the desktop file's Icon=, the metainfo's
id and launchable, the schema's id) and the schema's path name the Devel app,
so both can be installed side by side. Nothing else changes.
"""

import sys


def main():
    base, devel, source, target = sys.argv[1:5]
    with open(source, encoding='utf-8') as f:
        text = f.read()
    if base not in text:
        sys.exit(f'devel-id.py: {source} does not name {base}')
    # Longest first: "io.github.shopcast.Shopcast" is a prefix of the Devel id.
    text = text.replace(devel, base).replace(base, devel)
    base_path = '/' + base.replace('.', '/') + '/'
    devel_path = '/' + devel.replace('.', '/') + '/'
    text = text.replace(base_path, devel_path)
    with open(target, 'w', encoding='utf-8') as f:
        f.write(text)


if __name__ == '__main__':
    main()
