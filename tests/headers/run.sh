#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Header compile tests (part of `make check`):
#   - the NT part of sample-driver/ compiles against mingw-w64's Windows DDK
#     (proof that it is Windows driver code) and against ntcompat's headers
#     with no Linux header; it includes only <wdm.h>/<ntddk.h>;
#   - issue 2's registration example (seed.c), a file using every declared
#     structure (structs.c, structs-glue.c) and each public NT header on its
#     own compile with gcc -std=gnu11 -Wall -Wextra -Werror;
#   - wdk-driver.c, driver code using issue 13's WDK vocabulary and calls
#     and issue 8's PnP skeleton (IRPs forwarded down a device stack),
#     compiles unchanged against both (DBG 0 and 1); the WDK's header guards;
#   - dbgprint.c, DbgPrint/DbgPrintEx/vDbgPrintEx/KdPrint(Ex) with correct NT
#     format strings, compiles with -Wformat against both (DBG 0 and 1);
#   - layout.c's fixed Windows x64 offsets and sizes hold for ntcompat's
#     headers and for mingw-w64's ddk/wdm.h alike;
#   - flexarrays.c, a driver's loops over the WDK's one-element tails,
#     compiles and runs clean under -fsanitize=bounds-strict (issue 12).
# Prints PASS/FAIL per test, then "N passed, M failed"; exits non-zero on
# any failure. Installs the mingw-w64 packages it needs (idempotent).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
inc=$root/ntcompat/include
sample=$root/sample-driver
ddk=/usr/share/mingw-w64/include/ddk

pkgs=(gcc gcc-mingw-w64-x86-64 mingw-w64-common)
missing=()
for p in "${pkgs[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "apt-get install ${missing[*]}" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
fi

host_cc=(gcc -std=gnu11 -Wall -Wextra -Werror -c -I"$inc")
win_cc=(x86_64-w64-mingw32-gcc -Wall -Werror -c -I"$ddk")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

passed=0 failed=0
indent() { sed 's/^/    /'; }
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# check NAME CMD... - run CMD (a compiler invocation), PASS if it succeeds.
check() {
	local name=$1

	shift
	if "$@" >"$out/log" 2>&1; then
		pass "$name"
	else
		fail "$name"
		indent <"$out/log" | head -n 40
	fi
}

nt_files=(driver.c edu.c ivshmem.c)
for f in "${nt_files[@]}"; do
	check "mingw-w64 DDK: sample-driver/$f" \
		"${win_cc[@]}" "$sample/$f" -o "$out/win-${f%.c}.o"
	check "ntcompat headers: sample-driver/$f" \
		"${host_cc[@]}" "$sample/$f" -o "$out/nt-${f%.c}.o"
done

# The NT part includes NT headers and its own headers only; the glue
# includes Linux headers, <ntcompat/ntcompat.h> and the shared ntsample.h.
bad=$(cd "$sample" && { grep -Hn '^[[:space:]]*#[[:space:]]*include' "${nt_files[@]}" ntsample.h devext.h |
	grep -Ev '#[[:space:]]*include[[:space:]]*(<(wdm|ntddk)\.h>|"(ntsample|devext)\.h")' || true; })
if [ -z "$bad" ]; then
	pass "sample-driver NT part includes only <wdm.h>/<ntddk.h>"
else
	fail "sample-driver NT part includes only <wdm.h>/<ntddk.h>"
	indent <<<"$bad"
fi
bad=$(grep -Hn '^[[:space:]]*#[[:space:]]*include' "$sample/glue.c" |
	grep -Ev '#[[:space:]]*include[[:space:]]*(<linux/[a-z0-9_/]*\.h>|<ntcompat/ntcompat\.h>|"ntsample\.h")' || true)
if [ -z "$bad" ]; then
	pass "sample-driver glue.c includes only Linux headers and <ntcompat/ntcompat.h>"
else
	fail "sample-driver glue.c includes only Linux headers and <ntcompat/ntcompat.h>"
	indent <<<"$bad"
fi

for h in wdm.h ntddk.h; do
	printf '#include <%s>\n' "$h" >"$out/alone-$h.c"
	check "<$h> compiles alone" "${host_cc[@]}" "$out/alone-$h.c" -o "$out/alone-$h.o"
done
check "seed example (issue 2) against ntcompat" "${host_cc[@]}" "$here/seed.c" -o "$out/seed.o"
check "seed example (issue 2) against mingw-w64 DDK" \
	"${win_cc[@]}" -Wextra "$here/seed.c" -o "$out/seed-win.o"
check "every NT structure (structs.c)" "${host_cc[@]}" "$here/structs.c" -o "$out/structs.o"
check "every ntcompat.h structure (structs-glue.c)" \
	"${host_cc[@]}" "$here/structs-glue.c" -o "$out/structs-glue.o"
# Issue 13: a driver using the WDK's base vocabulary, the interrupt area's
# HAL, port/register buffer, Interlocked and ExInterlocked calls, compiled
# unchanged on both sides, as a free (DBG 0) and a checked (DBG 1) build.
for dbg in 0 1; do
	check "WDK driver code (wdk-driver.c, DBG=$dbg) against ntcompat" \
		"${host_cc[@]}" -DDBG=$dbg "$here/wdk-driver.c" -o "$out/wdk-$dbg.o"
	check "WDK driver code (wdk-driver.c, DBG=$dbg) against mingw-w64 DDK" \
		"${win_cc[@]}" -DDBG=$dbg "$here/wdk-driver.c" -o "$out/wdk-win-$dbg.o"
done
# Issue 13, item 4: DbgPrint & co. with correct NT (LLP64) format strings
# compile under -Wformat on both sides: ntcompat's prototypes carry no
# printf attribute that would reject "%lx" with a ULONG.
for dbg in 0 1; do
	check "NT format strings (dbgprint.c, DBG=$dbg) against ntcompat, -Wformat" \
		"${host_cc[@]}" -Wformat -DDBG=$dbg "$here/dbgprint.c" -o "$out/dbgprint-$dbg.o"
	check "NT format strings (dbgprint.c, DBG=$dbg) against mingw-w64 DDK, -Wformat" \
		"${win_cc[@]}" -Wextra -Wformat -DDBG=$dbg "$here/dbgprint.c" \
		-o "$out/dbgprint-win-$dbg.o"
done
# What the ntcompat build of it calls must be exported by ntcompat.ko (the
# kernel's own memcpy & co. aside), or the driver would not load.
exported() {
	local missing

	missing=$(comm -23 <(nm -u "$out/wdk-1.o" "$out/dbgprint-1.o" | awk 'NF == 2 {print $2}' |
			     grep -vxE 'mem(cpy|move|set|cmp)|strlen' | sort -u) \
		<(grep -ho 'EXPORT_SYMBOL_GPL([A-Za-z0-9_]*)' "$root"/ntcompat/*.c |
		  sed 's/.*(\(.*\))/\1/' | sort -u))
	[ -z "$missing" ] || { echo "not exported by ntcompat: $missing"; return 1; }
}
check "every call of wdk-driver.c and dbgprint.c is exported by ntcompat" exported
# The WDK's guards as companion headers see them: <wdm.h> alone is a WDM
# driver (_WDM_INCLUDED_), through <ntddk.h> it is not.
guards() {	# HEADER CONDITION
	printf '#include <%s>\n#if !(%s)\n#error guards\n#endif\n' "$1" "$2" >"$out/guards.c"
	"${host_cc[@]}" "$out/guards.c" -o "$out/guards.o"
}
check "WDK guards: <wdm.h> alone" guards wdm.h \
	'defined(_WDMDDK_) && defined(_WDM_INCLUDED_) && !defined(_NTDDK_) && defined(_NTDEF_) && defined(_NTSTATUS_)'
check "WDK guards: <ntddk.h>" guards ntddk.h \
	'defined(_WDMDDK_) && defined(_NTDDK_) && !defined(_WDM_INCLUDED_) && defined(_NTDEF_) && defined(_NTSTATUS_)'
check "layout table against ntcompat headers" "${host_cc[@]}" "$here/layout.c" -o "$out/layout.o"
check "layout table against mingw-w64 ddk/wdm.h" \
	"${win_cc[@]}" -Wextra "$here/layout.c" -o "$out/layout-win.o"

# The one-element tails (PartialDescriptors[1], List[1], MessageInfo[1])
# indexed up to Count, under the bounds flags of kernels built with
# UBSAN_BOUNDS_STRICT (issue 12): compiled with -Werror, then built without
# it and run with the sanitizer fatal. Flags the compiler lacks (-fstrict-flex-arrays=3 needs
# gcc 13) are left out and named.
bounds=() lacking=()
for f in -O2 -Warray-bounds=2 -fstrict-flex-arrays=3 -fsanitize=bounds-strict \
	 -fno-sanitize-recover=all; do
	if gcc -Werror "$f" -c -x c /dev/null -o /dev/null >/dev/null 2>&1; then
		bounds+=("$f")
	else
		lacking+=("$f")
	fi
done
[ ${#lacking[@]} -eq 0 ] || echo "note: gcc lacks ${lacking[*]}"
check "driver loops over the [1] tails (flexarrays.c), ${bounds[*]}" \
	"${host_cc[@]}" "${bounds[@]}" "$here/flexarrays.c" -o "$out/flexarrays.o"
build_and_run() {	# CC... -o EXE: build EXE, then run it
	"$@" && "${@: -1}"
}
check "driver loops over the [1] tails run clean under ${bounds[*]}" \
	build_and_run gcc -std=gnu11 -I"$inc" "${bounds[@]}" \
	"$here/flexarrays.c" -o "$out/flexarrays"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
