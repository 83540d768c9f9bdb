#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the ntcompat-dkms Debian package (make deb) outside the checkout and
# lintian it.
#
#   scripts/build-deb.sh     -> ~/.cache/ntcompat/deb/ntcompat-dkms_<version>_all.deb
#
# The source is this checkout's tracked and untracked-but-not-ignored files
# (so build artefacts never end up in the package), copied to
# ~/.cache/ntcompat/deb/ntcompat-<version>/ and built there with
# `dpkg-buildpackage -us -uc -b`. Fails if lintian reports an error or warning
# (a remaining pedantic tag is overridden, with its reason, in
# debian/ntcompat-dkms.lintian-overrides).
# The last line of output is the path of the .deb.
set -euo pipefail
. "$(dirname "$0")/dkms-lib.sh"

"$NTC_ROOT/scripts/meta-check.sh"
if [ "$(id -u)" -eq 0 ]; then
	ntc_apt_ensure debhelper dh-dkms dkms dpkg-dev fakeroot lintian git
fi

ntc_lock deb
ver=$(ntc_version)
out=$NTC_CACHE/deb
src=$out/ntcompat-$ver
rm -rf "$src" "$out"/ntcompat-dkms_* "$out"/ntcompat_*
mkdir -p "$src"
if git -C "$NTC_ROOT" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$NTC_ROOT" ls-files -z --cached --others --exclude-standard |
		(cd "$NTC_ROOT" && xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
		tar -C "$NTC_ROOT" --null -T - -cf - | tar -C "$src" -xf -
else
	tar -C "$NTC_ROOT" --exclude=.git -cf - . | tar -C "$src" -xf -
fi

echo "dpkg-buildpackage in $src"
(cd "$src" && dpkg-buildpackage -us -uc -b >"$out/build.log" 2>&1) || {
	tail -n 40 "$out/build.log" >&2
	ntc_die "dpkg-buildpackage failed (log: $out/build.log)"
}
deb=$(ls "$out"/ntcompat-dkms_"$ver"_all.deb)
changes=$(ls "$out"/ntcompat_"$ver"_*.changes)

echo "lintian $(basename "$changes")"
lintian --info --display-info --pedantic --fail-on error,warning "$changes" 2> >(grep -v "running with root privileges" >&2) ||
	ntc_die "lintian reported errors or warnings"
echo "$deb"
