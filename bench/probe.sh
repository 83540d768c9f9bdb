#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# probe.sh CC-COMMAND - the bench's own kernel API probes, appended to the
# ntc_config.h that ntcompat/ntc-probe.sh generates for bench/ (Kbuild).
cc="$1"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

probe() {	# NAME DESCRIPTION SOURCE
	printf '%s\n' "$3" > "$tmp/p.c"
	if $cc -Werror=implicit-function-declaration -fsyntax-only -c "$tmp/p.c" \
		-o /dev/null >/dev/null 2>&1; then
		printf '#define %s 1\t/* %s */\n' "$1" "$2"
	else
		printf '/* #undef %s */\t/* %s */\n' "$1" "$2"
	fi
}

# 6.13 dropped IRQ_MOVE_PCNTXT (affinity is always set from process context).
probe NB_HAVE_IRQ_MOVE_PCNTXT "up to 6.12: IRQ_MOVE_PCNTXT status flag" '
#include <linux/irq.h>
int x = IRQ_MOVE_PCNTXT;'
