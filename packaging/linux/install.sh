#!/bin/sh
# Installs (or, with --uninstall, removes) this Vody Desktop bundle for the current user:
#   the bundle        -> ~/.local/opt/vody-desktop        (VODY_INSTALL_DIR to choose another)
#   the menu entry    -> ~/.local/share/applications/com.vody.Desktop.desktop
#   the icon          -> ~/.local/share/icons/hicolor/<size>/apps/com.vody.Desktop.png|svg
#   the metainfo      -> ~/.local/share/metainfo/com.vody.Desktop.metainfo.xml
#   a command         -> ~/.local/bin/vody-desktop
# No root rights needed. Run it from the unpacked bundle: ./install.sh
#
# The folders it has to create are listed in <bundle>/.installed-folders; --uninstall removes
# those of them that are empty again, never a folder that was there before or that holds
# anything else. Settings, history and logs are never touched.
set -eu
APP_ID=com.vody.Desktop
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
target=${VODY_INSTALL_DIR:-$HOME/.local/opt/vody-desktop}
bin="$HOME/.local/bin"
record="$target/.installed-folders"
# Files the desktop's cache tools write next to ours; removed with a folder we made, if alone.
caches="mimeinfo.cache icon-theme.cache"
created=""

refresh_caches() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
}

# mkdir -p that remembers each folder it had to make.
make_dir() {
  [ -d "$1" ] && return 0
  make_dir "$(dirname "$1")"
  mkdir "$1"
  created="$created$1
"
}

# Removes a folder this script made, if nothing but a desktop cache is left in it.
remove_if_empty() {
  [ -d "$1" ] || return 0
  for name in $caches; do
    [ -f "$1/$name" ] && [ "$(ls -A "$1")" = "$name" ] && rm -f "$1/$name"
  done
  rmdir "$1" 2>/dev/null || true
}

if [ "${1:-}" = "--uninstall" ]; then
  folders=$(cat "$record" 2>/dev/null || true)
  rm -f "$data/applications/$APP_ID.desktop" "$data/metainfo/$APP_ID.metainfo.xml"
  for icon in "$data"/icons/hicolor/*/apps/"$APP_ID".png "$data"/icons/hicolor/*/apps/"$APP_ID".svg; do
    rm -f "$icon"
  done
  [ -L "$bin/vody-desktop" ] && rm -f "$bin/vody-desktop"
  [ -x "$target/vody-desktop" ] && rm -rf "$target"
  refresh_caches
  # Deepest first (a folder sorts after its parent), so emptied parents go too.
  printf '%s\n' "$folders" | sort -r | while IFS= read -r folder; do
    [ -n "$folder" ] && remove_if_empty "$folder"
  done
  echo "Vody Desktop was removed. Your settings, history and logs were kept."
  exit 0
fi

if [ ! -x "$here/vody-desktop" ] || [ ! -d "$here/_internal/resources" ]; then
  echo "Run this script from the unpacked Vody Desktop folder (it holds vody-desktop)." >&2
  exit 1
fi
previous=$(cat "$record" 2>/dev/null || true)
if [ "$here" != "$target" ]; then
  if [ -e "$target" ] && [ ! -x "$target/vody-desktop" ]; then
    echo "$target exists and is not a Vody Desktop folder; choose another with VODY_INSTALL_DIR." >&2
    exit 1
  fi
  rm -rf "$target"
  make_dir "$(dirname "$target")"
  cp -a "$here" "$target"
fi

resources="$target/_internal/resources"
make_dir "$data/applications"
make_dir "$data/metainfo"
make_dir "$bin"
for icon in "$resources"/icons/hicolor/*/apps/*; do
  size=$(basename "$(dirname "$(dirname "$icon")")")
  make_dir "$data/icons/hicolor/$size/apps"
  cp "$icon" "$data/icons/hicolor/$size/apps/"
done
# The menu runs the bundle by its full path, quoted as the Desktop Entry specification asks.
sed "s|^Exec=.*|Exec=\"$target/vody-desktop\"|" "$resources/$APP_ID.desktop" \
  > "$data/applications/$APP_ID.desktop"
cp "$resources/$APP_ID.metainfo.xml" "$data/metainfo/"
ln -sf "$target/vody-desktop" "$bin/vody-desktop"
printf '%s%s' "${previous:+$previous
}" "$created" | sort -u | sed '/^$/d' > "$record"
refresh_caches
echo "Vody Desktop is installed in $target and in your applications menu."
case ":$PATH:" in
  *":$bin:"* | *":$bin/:"*) ;;
  *)
    echo "Note: $bin is not on your PATH, so a terminal will not find the vody-desktop command"
    echo "(the applications menu works without it). To add it, run:"
    echo "  echo 'export PATH=\"\$HOME/.local/bin:\$PATH\"' >> ~/.profile"
    echo "then log out and in again."
    ;;
esac
