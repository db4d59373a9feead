#!/bin/sh
# Installs (or, with --uninstall, removes) this Vody Desktop bundle for the current user:
#   the bundle        -> ~/.local/opt/vody-desktop        (VODY_INSTALL_DIR to choose another)
#   the menu entry    -> ~/.local/share/applications/com.vody.Desktop.desktop
#   the icon          -> ~/.local/share/icons/hicolor/<size>/apps/com.vody.Desktop.png|svg
#   the metainfo      -> ~/.local/share/metainfo/com.vody.Desktop.metainfo.xml
#   a command         -> ~/.local/bin/vody-desktop
# No root rights needed. Run it from the unpacked bundle: ./install.sh
set -eu
APP_ID=com.vody.Desktop
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
target=${VODY_INSTALL_DIR:-$HOME/.local/opt/vody-desktop}
sizes="16 24 32 48 64 128 256 512"

refresh_caches() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$data/applications/$APP_ID.desktop" "$data/metainfo/$APP_ID.metainfo.xml"
  for size in $sizes; do rm -f "$data/icons/hicolor/${size}x${size}/apps/$APP_ID.png"; done
  rm -f "$data/icons/hicolor/scalable/apps/$APP_ID.svg"
  [ -L "$HOME/.local/bin/vody-desktop" ] && rm -f "$HOME/.local/bin/vody-desktop"
  [ -x "$target/vody-desktop" ] && rm -rf "$target"
  refresh_caches
  echo "Vody Desktop was removed. Your settings, history and logs were kept."
  exit 0
fi

if [ ! -x "$here/vody-desktop" ] || [ ! -d "$here/_internal/resources" ]; then
  echo "Run this script from the unpacked Vody Desktop folder (it holds vody-desktop)." >&2
  exit 1
fi
if [ "$here" != "$target" ]; then
  if [ -e "$target" ] && [ ! -x "$target/vody-desktop" ]; then
    echo "$target exists and is not a Vody Desktop folder; choose another with VODY_INSTALL_DIR." >&2
    exit 1
  fi
  rm -rf "$target"
  mkdir -p "$(dirname "$target")"
  cp -a "$here" "$target"
fi

resources="$target/_internal/resources"
mkdir -p "$data/applications" "$data/metainfo" "$data/icons" "$HOME/.local/bin"
cp -R "$resources/icons/hicolor" "$data/icons/"
# The menu runs the bundle by its full path, quoted as the Desktop Entry specification asks.
sed "s|^Exec=.*|Exec=\"$target/vody-desktop\"|" "$resources/$APP_ID.desktop" \
  > "$data/applications/$APP_ID.desktop"
cp "$resources/$APP_ID.metainfo.xml" "$data/metainfo/"
ln -sf "$target/vody-desktop" "$HOME/.local/bin/vody-desktop"
refresh_caches
echo "Vody Desktop is installed in $target and in your applications menu."
