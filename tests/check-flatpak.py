#!/usr/bin/env python3
# check-flatpak.py
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flatpak manifests, checked where no runtime can be downloaded (TAP).

For each manifest in flatpak/: flatpak-builder parses it without a warning
(--show-manifest; a misspelt property is only a warning there), it builds on
the GNOME runtime docs/packaging.md names, every module's sources are pinned
(git: "commit", archive and file: "sha256"; a "dir" source only in the Devel
manifest, which builds the working tree), and its finish-args keep to the
sandbox policy of docs/packaging.md: no --device=all, no home or host
filesystem, no Secret Service bus name (libsecret uses the Secret portal in
the sandbox), no full X11 or D-Bus, and every permission is justified in the
permissions table there.

Usage: check-flatpak.py SOURCE_ROOT

A missing flatpak-builder is a skip on a developer's machine and a failure
under CI=true; the checks that read the JSON themselves always run.
"""

import json
import os
import re
import shutil
import subprocess
import sys

APP_ID = 'io.github.shopcast.Shopcast'
# The current stable GNOME runtime in December 2026; docs/packaging.md says
# why. Raising it is a deliberate change of both manifests and this line.
RUNTIME_VERSION = '51'

# Never in a manifest: each of these opens the sandbox far wider than
# Shopcast needs (docs/packaging.md, "Permissions").
FORBIDDEN = [
    (re.compile(r'^--device=all$'), 'every device (the camera comes through the Camera portal)'),
    (re.compile(r'^--filesystem=(home|host|host-os|host-etc|~)(/|:|$)'),
     'the home folder or the host file system'),
    (re.compile(r'^--filesystem=/'), 'an absolute host path'),
    (re.compile(r'^--talk-name=org\.freedesktop\.secrets$'),
     'the Secret Service (libsecret uses the Secret portal in the sandbox)'),
    (re.compile(r'^--socket=x11$'), 'X11 always (fallback-x11 is enough)'),
    (re.compile(r'^--socket=(session-bus|system-bus)$'), 'the whole D-Bus'),
    (re.compile(r'^--talk-name=org\.freedesktop\.Flatpak$'), 'running commands on the host'),
]

HEX40 = re.compile(r'^[0-9a-f]{40}$')
HEX64 = re.compile(r'^[0-9a-f]{64}$')

n = 0
failed = 0


def report(ok, text, diagnostics=None, skip=None):
    global n, failed
    n += 1
    if skip is not None:
        print(f'ok {n} - {text} # SKIP {skip}', flush=True)
        return
    if not ok:
        failed += 1
    print(f'{"ok" if ok else "not ok"} {n} - {text}', flush=True)
    for line in diagnostics or []:
        print(f'# {line}', flush=True)


def missing_tool(tool, text):
    if os.environ.get('CI') == 'true':
        report(False, text, [f'{tool} is required under CI=true but is missing'])
    else:
        report(True, text, skip=f'{tool} is not installed')


def modules_of(manifest):
    """Every module, nested ones included; a string is a module file."""
    stack = list(manifest.get('modules', []))
    while stack:
        module = stack.pop(0)
        yield module
        if isinstance(module, dict):
            stack.extend(module.get('modules', []))


def unpinned_sources(manifest, allow_dir):
    problems = []
    for module in modules_of(manifest):
        if not isinstance(module, dict):
            problems.append(f'module file {module!r}: modules are inline so that this test sees them')
            continue
        name = module.get('name', '?')
        sources = module.get('sources', [])
        if not sources:
            problems.append(f'{name}: no sources')
        for source in sources:
            if not isinstance(source, dict):
                problems.append(f'{name}: source file {source!r} is not inline')
                continue
            kind = source.get('type')
            if kind == 'git':
                if not HEX40.match(source.get('commit', '')):
                    problems.append(f'{name}: git source {source.get("url")} without a full "commit"')
                if 'branch' in source:
                    problems.append(f'{name}: git source follows a branch')
            elif kind in ('archive', 'file'):
                if 'url' in source and not HEX64.match(source.get('sha256', '')):
                    problems.append(f'{name}: {kind} {source.get("url")} without a "sha256"')
            elif kind == 'dir':
                if not allow_dir:
                    problems.append(f'{name}: a "dir" source (the working tree) in a release manifest')
            elif kind in ('patch', 'script', 'shell'):
                if 'url' in source:
                    problems.append(f'{name}: a {kind} source downloaded from {source["url"]}')
            else:
                problems.append(f'{name}: source type {kind!r} is not one this test knows to be pinned')
    return problems


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
    folder = os.path.abspath(os.path.join(top, 'flatpak'))
    names = sorted(f for f in os.listdir(folder) if f.endswith('.json'))
    with open(os.path.join(top, 'docs', 'packaging.md'), encoding='utf-8') as f:
        packaging = f.read()
    builder = shutil.which('flatpak-builder')
    manifests = {}

    print(f'1..{len(names) * 5 + 2}', flush=True)
    for name in names:
        path = os.path.join(folder, name)
        devel = name == f'{APP_ID}.Devel.json'

        # 1. flatpak-builder reads it as it will when building.
        text = f'{name}: flatpak-builder --show-manifest parses it without warnings'
        if builder is None:
            missing_tool('flatpak-builder', text)
        else:
            run = subprocess.run([builder, '--show-manifest', path], capture_output=True,
                                 text=True, cwd=folder)
            errors = [line for line in run.stderr.splitlines() if line.strip()]
            report(run.returncode == 0 and not errors, text,
                   errors + ([f'exit status {run.returncode}'] if run.returncode else []))

        with open(path, encoding='utf-8') as f:
            manifest = json.load(f)
        manifests[name] = manifest

        # 2. The app, its runtime and its build options.
        problems = []
        want_id = f'{APP_ID}.Devel' if devel else APP_ID
        if name != f'{manifest.get("id")}.json' or manifest.get('id') != want_id:
            problems.append(f'id {manifest.get("id")!r}, file {name}')
        if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('sdk') != 'org.gnome.Sdk':
            problems.append(f'runtime {manifest.get("runtime")!r}, sdk {manifest.get("sdk")!r}')
        if manifest.get('runtime-version') != RUNTIME_VERSION:
            problems.append(f'runtime-version {manifest.get("runtime-version")!r}, '
                            f'want {RUNTIME_VERSION!r} (docs/packaging.md)')
        app = [m for m in modules_of(manifest) if isinstance(m, dict) and m.get('name') == 'shopcast']
        if len(app) != 1 or app[0].get('buildsystem') != 'meson':
            problems.append('no single meson module "shopcast"')
        else:
            opts = app[0].get('config-opts', [])
            if devel != ('-Dprofile=development' in opts):
                problems.append(f'config-opts {opts}: -Dprofile=development belongs to the Devel '
                                'manifest only')
        report(not problems, f'{name}: {want_id} on org.gnome.Platform {RUNTIME_VERSION}', problems)

        # 3. Every source is pinned.
        problems = unpinned_sources(manifest, allow_dir=devel)
        report(not problems, f'{name}: every module has a pinned source', problems)

        # 4. The sandbox policy.
        args = manifest.get('finish-args', [])
        problems = [f'{arg}: {why}' for arg in args for pattern, why in FORBIDDEN
                    if pattern.search(arg)]
        report(not problems, f'{name}: finish-args keep to the sandbox policy', problems)

        # 5. Each permission is explained where a reviewer reads it.
        problems = [f'{arg} is not in the permissions table of docs/packaging.md' for arg in args
                    if f'| `{arg}` |' not in packaging]
        report(not problems, f'{name}: every finish-arg is justified in docs/packaging.md',
               problems)

    # Both profiles run in the same sandbox on the same runtime.
    stable = manifests.get(f'{APP_ID}.json')
    devel = manifests.get(f'{APP_ID}.Devel.json')
    report(stable is not None and devel is not None,
           'the stable and the Devel manifest are both there')
    report(stable is not None and devel is not None
           and stable.get('finish-args') == devel.get('finish-args')
           and stable.get('runtime-version') == devel.get('runtime-version'),
           'the Devel manifest has the same finish-args and runtime as the stable one')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
