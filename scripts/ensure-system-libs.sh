#!/usr/bin/env bash
# Installs the Debian/Ubuntu libraries Qt's offscreen platform needs, the validators of the
# desktop files (desktop-file-validate, appstreamcli), and a Secret Service for the real-keychain
# tests (dbus-daemon and gnome-keyring-daemon, tests/e2e/secret_service.py), but only when one is
# missing and apt-get is available with root rights; elsewhere it prints what to install and
# carries on. Tests that need one of these skip without it, and fail under CI (tests/system_parts.py).
set -euo pipefail
packages=(libgl1 libegl1 libfontconfig1 libxkbcommon0 libdbus-1-3 fonts-dejavu-core
  desktop-file-utils appstream)
# Without their recommendations: libpam-gnome-keyring would change the machine's login (PAM).
keychain_packages=(dbus gnome-keyring)
command -v dpkg-query >/dev/null 2>&1 || exit 0
missing() {
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}
mapfile -t missing_packages < <(missing "${packages[@]}")
mapfile -t missing_keychain < <(missing "${keychain_packages[@]}")
[ $((${#missing_packages[@]} + ${#missing_keychain[@]})) -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  export DEBIAN_FRONTEND=noninteractive
  [ ${#missing_packages[@]} -eq 0 ] || apt-get install -y -qq "${missing_packages[@]}"
  [ ${#missing_keychain[@]} -eq 0 ] ||
    apt-get install -y -qq --no-install-recommends "${missing_keychain[@]}"
else
  echo "Qt and the tests need these system packages:" \
    "${missing_packages[*]} ${missing_keychain[*]} (install them with your package manager)" >&2
fi
