#!/usr/bin/env python3
# check-layers.py
# SPDX-License-Identifier: GPL-3.0-or-later
"""The layers of DESIGN.md, checked with the compiler (TAP).

For each layer, the flags its library is really compiled with (from
compile_commands.json) compile a one-line file including a header of every
other layer: a header of the layer itself or of a layer below must compile, a
header of a layer above (or of the sibling shop/chat) must fail with "No such
file". Then the sources: no "../" includes, no include of a layer the folder
may not see, and no GStreamer type in a header that code above media/ reads.

Usage: check-layers.py SOURCE_ROOT BUILD_ROOT
"""

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

# What each layer may include, itself included.
ALLOWED = {
    'base': {'base'},
    'shop': {'base', 'shop'},
    'chat': {'base', 'chat'},
    'overlay': {'base', 'shop', 'chat', 'overlay'},
    'media': {'base', 'shop', 'chat', 'overlay', 'media'},
    'studio': {'base', 'shop', 'chat', 'overlay', 'media', 'studio'},
    'ui': {'base', 'shop', 'chat', 'overlay', 'media', 'studio', 'ui'},
}
LAYERS = list(ALLOWED)

# One header per layer for the probes: plain to include where it is allowed.
PROBE = {
    'base': 'base/sc-backoff.h',
    'shop': 'shop/sc-product.h',
    'chat': 'chat/sc-chat-message.h',
    'overlay': 'overlay/sc-layout.h',
    'media': 'media/sc-media-config.h',
    'studio': 'studio/sc-show.h',
    'ui': 'ui/sc-window.h',
}

# Headers that may name GStreamer types: media's own internals.
GST_INTERNAL = {'media/sc-gst-util.h', 'media/sc-source-bin.h'}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
GST_TYPE = re.compile(r'\bGst[A-Z]\w*|<gst/')
COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)

n = 0
failed = 0


def report(ok, text):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print(f'{"ok" if ok else "not ok"} {n} - {text}', flush=True)


def layer_command(commands, build_root, layer):
    """The compile command of one C file of @layer's library, made a probe."""
    for entry in commands:
        output = entry.get('output', '')
        if f'libsc-{layer}.a.p' in output and entry['file'].endswith('.c'):
            args = shlex.split(entry['command'])
            probe = []
            skip = False
            for i, arg in enumerate(args):
                if skip:
                    skip = False
                    continue
                if arg in ('-MQ', '-MF', '-o', '-c'):
                    skip = True
                    continue
                if arg == '-MD' or (i == 0 and arg == 'ccache'):
                    continue
                probe.append(arg)
            return probe + ['-fsyntax-only'], entry.get('directory', build_root)
    return None, None


def check_compiler(source_root, build_root):
    path = os.path.join(build_root, 'compile_commands.json')
    with open(path, encoding='utf-8') as f:
        commands = json.load(f)
    with tempfile.TemporaryDirectory(prefix='check-layers-') as tmp:
        for layer in LAYERS:
            command, directory = layer_command(commands, build_root, layer)
            if command is None:
                report(False, f'{layer}: no compile command in {path}')
                continue
            for other in LAYERS:
                header = PROBE[other]
                probe = os.path.join(tmp, f'{layer}-{other}.c')
                with open(probe, 'w', encoding='utf-8') as f:
                    f.write(f'#include "{header}"\n')
                result = subprocess.run(command + [probe], cwd=directory,
                                        capture_output=True, text=True)
                if other in ALLOWED[layer]:
                    ok = result.returncode == 0
                    report(ok, f'{layer}/ can include {header}')
                else:
                    # GCC: "No such file or directory"; clang: "file not found".
                    ok = (result.returncode != 0 and header in result.stderr and
                          ('No such file' in result.stderr or
                           'file not found' in result.stderr))
                    report(ok, f'{layer}/ cannot include {header}')
                if not ok:
                    for line in result.stderr.splitlines()[:10]:
                        print(f'# {line}')


def check_sources(source_root):
    src = os.path.join(source_root, 'src')
    for layer in LAYERS:
        bad = []
        folder = os.path.join(src, layer)
        for name in sorted(os.listdir(folder)):
            if not name.endswith(('.c', '.h')):
                continue
            with open(os.path.join(folder, name), encoding='utf-8') as f:
                text = f.read()
            for include in INCLUDE.findall(text):
                top = include.split('/')[0]
                if '..' in include.split('/'):
                    bad.append(f'{layer}/{name} includes "{include}"')
                elif '/' in include and top in ALLOWED and top not in ALLOWED[layer]:
                    bad.append(f'{layer}/{name} includes "{include}"')
        report(not bad, f'{layer}/ includes only its own layer and those below it')
        for line in bad:
            print(f'# {line}')


def check_gstreamer(source_root):
    src = os.path.join(source_root, 'src')
    # Every header above media/, and every media/ header that code above reads.
    public = set()
    for layer in ('studio', 'ui'):
        folder = os.path.join(src, layer)
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if name.endswith('.h'):
                public.add(f'{layer}/{name}')
            if name.endswith(('.c', '.h')):
                with open(path, encoding='utf-8') as f:
                    for include in INCLUDE.findall(f.read()):
                        if include.startswith('media/'):
                            public.add(include)
    public |= {'media/sc-pipeline.h', 'media/sc-output.h'}
    for header in sorted(public - GST_INTERNAL):
        with open(os.path.join(src, header), encoding='utf-8') as f:
            code = COMMENT.sub('', f.read())
        found = sorted(set(GST_TYPE.findall(code)))
        report(not found, f'{header} names no GStreamer type')
        if found:
            print(f'# {header}: {", ".join(found)}')


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    source_root, build_root = sys.argv[1], sys.argv[2]
    print('TAP version 13')
    check_compiler(source_root, build_root)
    check_sources(source_root)
    check_gstreamer(source_root)
    print(f'1..{n}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
