#!/usr/bin/env bash
# Installs the Debian/Ubuntu libraries Qt's offscreen platform needs, and the validators of the
# desktop files (desktop-file-validate, appstreamcli), but only when one is missing and apt-get
# is available with root rights; elsewhere it prints what to install and carries on.
set -euo pipefail
packages=(libgl1 libegl1 libfontconfig1 libxkbcommon0 libdbus-1-3 fonts-dejavu-core
  desktop-file-utils appstream)
command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  echo "Qt and the tests need these system packages: ${missing[*]} (install them with your package manager)" >&2
fi
