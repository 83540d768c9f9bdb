#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# checker-valid.sh CHECK [CHECKFLAGS...] - print 1 if the checker (sparse)
# exists and understands what the kernel's headers use, else 0; what Linux
# 7.x's top Makefile asks scripts/checker-valid.sh before `make C=1`.
# Debian's linux-kbuild-7.x packages do not ship that script, so C=1 would
# silently check nothing; scripts/suite-lib.sh installs this one in its place.
# The probe is the construct the 7.x headers need: __typeof_unqual__.
# sparse exits 0 even on errors, so its output is what tells.
[ -n "${1:-}" ] && command -v "$1" >/dev/null 2>&1 || { echo 0; exit 0; }
f=$(mktemp) || { echo 0; exit 0; }
trap 'rm -f "$f"' EXIT
printf 'static int u(const int *q)\n{\n\t__typeof_unqual__(*q) v = *q;\n\treturn v;\n}\n' >"$f"
if "$@" "$f" 2>&1 | grep -q error; then
	echo 0
else
	echo 1
fi
