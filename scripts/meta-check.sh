#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# META is the one place that declares ntcompat's version and kernel range.
# Check that dkms.conf and debian/changelog say the same (exit 1 if not).
set -euo pipefail
. "$(dirname "$0")/dkms-lib.sh"

fail=0
ver=$(ntc_version)
min=$(ntc_meta Linux-Minimum)
if [ -z "$ver" ] || [ -z "$min" ]; then
	ntc_die "META lacks Version or Linux-Minimum"
fi

conf_ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$NTC_ROOT/dkms.conf")
if [ "$conf_ver" != "$ver" ]; then
	ntc_log "dkms.conf PACKAGE_VERSION=$conf_ver, META Version: $ver"
	fail=1
fi

# Native package: the Debian version is the upstream version.
deb_ver=$(sed -n '1s/^ntcompat (\([^)]*\)).*/\1/p' "$NTC_ROOT/debian/changelog")
if [ "$deb_ver" != "$ver" ]; then
	ntc_log "debian/changelog version $deb_ver, META Version: $ver"
	fail=1
fi

# BUILD_EXCLUSIVE_KERNEL must accept Linux-Minimum and refuse what is below.
re=$(sed -n 's/^BUILD_EXCLUSIVE_KERNEL="\(.*\)"/\1/p' "$NTC_ROOT/dkms.conf")
major=${min%%.*}
minor=${min#*.}
if [ "$minor" -gt 0 ]; then
	below="$major.$((minor - 1)).0-1-amd64"
else
	below="$((major - 1)).99.0-1-amd64"
fi
for k in "$min.0-1-amd64" "$major.$((minor + 11)).7+deb12-amd64" \
	 "$((major + 1)).0.0-1-amd64" "$((major + 4)).$((minor + 10)).1"; do
	if ! [[ $k =~ $re ]]; then
		ntc_log "dkms.conf BUILD_EXCLUSIVE_KERNEL refuses $k (Linux-Minimum $min)"
		fail=1
	fi
done
if [[ $below =~ $re ]]; then
	ntc_log "dkms.conf BUILD_EXCLUSIVE_KERNEL accepts $below (Linux-Minimum $min)"
	fail=1
fi

[ $fail -eq 0 ] && echo "META: ntcompat $ver, Linux $min..$(ntc_meta Linux-Maximum): dkms.conf and debian/changelog agree"
exit $fail
