#!/bin/sh
# validate-data.sh — check the desktop file, AppStream metainfo, GSettings schema,
# GResource manifest, window templates and icons with their own validators (TAP).
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   validate-data.sh SOURCE_ROOT BUILD_ROOT [APP_ID]
#
# APP_ID is the build's (io.github.shopcast.Shopcast, or its .Devel with
# -Dprofile=development): the built desktop file and metainfo carry it.
#
# A missing validator is a skip on a developer's machine and a failure under CI=true.

src=${1:?usage: validate-data.sh SOURCE_ROOT BUILD_ROOT}
build=${2:?usage: validate-data.sh SOURCE_ROOT BUILD_ROOT}
base_id=io.github.shopcast.Shopcast
app_id=${3:-$base_id}
n=0
failed=0

echo "1..7"

# check NAME TOOL COMMAND...: one TAP line; the tool's output becomes TAP comments.
check () {
  name=$1
  tool=$2
  shift 2
  n=$((n + 1))
  if ! command -v "$tool" >/dev/null 2>&1; then
    if [ "${CI:-}" = "true" ]; then
      echo "not ok $n - $name # $tool is not installed"
      failed=1
    else
      echo "ok $n - $name # SKIP $tool is not installed"
    fi
    return
  fi
  if out=$("$@" 2>&1); then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name"
    failed=1
  fi
  [ -n "$out" ] && printf '%s\n' "$out" | sed -e '/^[[:space:]]*$/d' -e 's/^/# /'
}

check "desktop file" desktop-file-validate \
  desktop-file-validate "$build/data/$app_id.desktop"
check "appstream metainfo" appstreamcli \
  appstreamcli validate --no-net --pedantic "$build/data/$app_id.metainfo.xml"
# The profile's id everywhere a software centre or the shell looks it up.
check "app id $app_id in desktop file and metainfo" grep \
  sh -c 'grep -qx "Icon=$1" "$2/data/$1.desktop" &&
         grep -q "<id>$1</id>" "$2/data/$1.metainfo.xml" &&
         grep -q "<launchable type=\"desktop-id\">$1.desktop</launchable>" "$2/data/$1.metainfo.xml"' \
  sh "$app_id" "$build"
check "gsettings schema" glib-compile-schemas \
  glib-compile-schemas --strict --dry-run "$src/data"
check "gresource manifest" xmllint \
  xmllint --noout "$src/data/shopcast.gresource.xml"
check "window templates" xmllint \
  sh -c 'xmllint --noout "$1"/src/ui/*.ui' sh "$src"
check "icons" xmllint \
  xmllint --noout "$src/data/icons/hicolor/scalable/apps/$base_id.svg" \
                  "$src/data/icons/hicolor/scalable/apps/$base_id.Devel.svg" \
                  "$src/data/icons/hicolor/symbolic/apps/$base_id-symbolic.svg"

exit $failed
