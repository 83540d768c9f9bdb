#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - the QEMU integration matrix: every guest kernel x every scenario.
#
#   tests/qemu/run.sh [-k KERNELS] [-s SCENARIOS] [-j JOBS] [-c CONF] [-a] [-n]
#
#   -k  comma-separated kernels (releases or labels: 6.1, 6.12, 6.12-rt,
#       6.1-cloud, 6.12+deb13, 7.2+deb14-rt, 7.3 ...; default all)
#   -s  comma-separated scenarios (default: all of the conf file)
#   -j  QEMUs at once (default 2)
#   -c  scenario file (default tests/qemu/scenarios.conf)
#   -a  every scenario on every kernel (make qemu-test), not only the
#       quick set on the other kernels
#   -n  print the boots it would run, run nothing
#
# Kernels: the main three (Debian 12's default 6.1, its newest 6.12 and
# 6.12-rt: ntc_kernel_list) run every scenario. The others a Debian user
# may run (ntc_kernel_list_more: the host suite's cloud/rt flavours, and
# the newest kernel of each series and flavour of trixie, sid and
# experimental, fetched and built in chroots of their suites) each get one
# boot with the quick set NTC_QEMU_QUICK (edu-line, edu-msi, passive,
# ivshmem-msix: line, MSI, MSI-X and passive) on the union of their devices,
# and one for dpc-remote (remote DPCs under idle=poll, its own command
# line); -a runs everything there too. NTC_KERNEL_LIST / NTC_KERNEL_LIST_MORE
# override the two lists (NTC_KERNEL_LIST_MORE="": the main three only).
#
# Sets itself up (packages, kernels, module builds; NTC_MODULES_FROM=dkms
# loads what DKMS installed instead of building here). Scenarios with the
# same devices and command line share one boot. Serial logs go to
# ~/.cache/ntcompat/qemu-logs/run-<date>-<pid>/ (also .../latest-run/).
# A (kernel, scenario) passes only if the guest finished (NTC-DONE), the
# scenario's script exited 0, printed a "RESULT <name> PASS" line and no
# "RESULT ... FAIL" line, and the kernel log at boot and during the scenario
# has no warning, BUG, oops, lockdep report, "nobody cared", call trace,
# stall or KASAN/UBSAN report; nor may the kernel panic or log such a line
# after the last scenario: a panicked boot never passes.
# Timeouts: NTC_BOOT_TIMEOUT (180 s) + NTC_SCENARIO_TIMEOUT (150 s) per
# scenario of the boot. A boot that goes wrong before its first scenario
# (before any module is loaded: e.g. an RCU stall of a starved TCG vCPU, or
# a kernel that oopses at boot under this QEMU) is a rig failure, not a test
# result: it is booted once more, and says so (NTC_BOOT_RETRY=0: never);
# if the second boot fails too, its scenarios FAIL as "rig failure".
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { sed -n '4,15s/^# \{0,1\}//p' "$0"; exit 2; }

want_k='' want_s='' jobs=${NTC_JOBS:-2} conf=$NTC_QEMU_DIR/scenarios.conf dry=0 all=0
quick=${NTC_QEMU_QUICK:-edu-line,edu-msi,passive,ivshmem-msix,dpc-remote}
while getopts k:s:j:c:an o; do
	case $o in
	k) want_k=$OPTARG ;;
	s) want_s=$OPTARG ;;
	j) jobs=$OPTARG ;;
	c) conf=$OPTARG ;;
	a) all=1 ;;
	n) dry=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage

in_list() {	# ITEM COMMA-LIST...: true if ITEM is one of the (comma) words
	local i=$1 w

	shift
	for w in $(echo "$*" | tr ',' ' '); do
		[ "$w" = "$i" ] && return 0
	done
	return 1
}

trim() { sed 's/^[[:space:]]*//; s/[[:space:]]*$//'; }

# --- the matrix ------------------------------------------------------------
t_all=$(ntc_now)
[ $dry = 1 ] || ntc_host_setup
kernels=() k_more=()
main_list=$(ntc_kernel_list)
more_list=$(ntc_kernel_list_more "$main_list")
for r in $main_list -- $more_list; do
	if [ "$r" = -- ]; then
		more=1
		continue
	fi
	if [ -z "$want_k" ] || in_list "$r" "$want_k" || in_list "$(ntc_kernel_short "$r")" "$want_k"; then
		kernels+=("$r") k_more+=("${more:-0}")
	fi
done
[ ${#kernels[@]} -gt 0 ] || ntc_die "no kernel matches -k $want_k"

# Groups: one boot per distinct (devices, cmdline), scenarios in file order.
g_key=() g_devs=() g_cmd=() g_scen=()
n_scen=0
while IFS= read -r line; do
	line=${line%%#*}
	[ -n "$(echo "$line" | trim)" ] || continue
	IFS='|' read -r name devs cmd alone <<<"$line"
	name=$(echo "$name" | trim) devs=$(echo "$devs" | trim)
	cmd=$(echo "${cmd:-}" | trim) alone=$(echo "${alone:-}" | trim)
	[ -z "$want_s" ] || in_list "$name" "$want_s" || continue
	n_scen=$((n_scen + 1))
	key="$devs|$cmd"
	[ "$alone" = alone ] && key="alone:$name"
	found=
	for i in "${!g_key[@]}"; do
		if [ "${g_key[$i]}" = "$key" ]; then
			g_scen[i]="${g_scen[$i]},$name"
			found=1
		fi
	done
	if [ -z "$found" ]; then
		g_key+=("$key") g_devs+=("$devs") g_cmd+=("$cmd") g_scen+=("$name")
	fi
done <"$conf"
[ $n_scen -gt 0 ] || ntc_die "no scenario selected from $conf"
n_groups=${#g_key[@]}

# The quick groups of the other kernels: the quick scenarios selected, in
# file order, on the union of their devices; a quick scenario with its own
# command line or a boot of its own keeps its boot (with only the quick
# scenarios of that group).
q_devs='' q_scen='' x_devs=() x_cmd=() x_scen=()
for i in $(seq 0 $((n_groups - 1))); do
	s=''
	for n in $(echo "${g_scen[$i]}" | tr ',' ' '); do
		in_list "$n" "$quick" && s="$s${s:+,}$n"
	done
	[ -n "$s" ] || continue
	if [ -n "${g_cmd[$i]}" ] || [[ ${g_key[$i]} == alone:* ]]; then
		x_devs+=("${g_devs[$i]}") x_cmd+=("${g_cmd[$i]}") x_scen+=("$s")
		continue
	fi
	q_scen="$q_scen${q_scen:+,}$s"
	for w in ${g_devs[$i]}; do
		[[ " $q_devs " == *" $w "* ]] || q_devs="$q_devs${q_devs:+ }$w"
	done
done
if [ -n "$q_scen" ]; then
	g_key+=("quick") g_devs+=("$q_devs") g_cmd+=("") g_scen+=("$q_scen")
fi
for i in "${!x_scen[@]}"; do
	g_key+=("quick:$i") g_devs+=("${x_devs[$i]}") g_cmd+=("${x_cmd[$i]}") g_scen+=("${x_scen[$i]}")
done

# kernel_groups K - the group indexes kernel K boots.
kernel_groups() {
	if [ "${k_more[$1]}" = 1 ] && [ $all = 0 ]; then
		[ ${#g_key[@]} -gt "$n_groups" ] && seq "$n_groups" $((${#g_key[@]} - 1))
	else
		seq 0 $((n_groups - 1))
	fi
}

if [ $dry = 1 ]; then
	for k in "${!kernels[@]}"; do
		for i in $(kernel_groups "$k"); do
			echo "$(ntc_kernel_short "${kernels[$k]}"): ${g_scen[$i]} | ${g_devs[$i]} | ${g_cmd[$i]}"
		done
	done
	exit 0
fi

# --- set up: kernels, modules, one initramfs per kernel --------------------
ntc_workdir
logs=$(ntc_logdir run)
for rel in "${kernels[@]}"; do
	t=$(ntc_now)
	ko=$NTC_WORK/$rel/ko
	ntc_kernel_fetch "$rel"
	ntc_modules "$rel" "$ko"
	ntc_initramfs "$rel" "$ko" "$NTC_WORK/$rel/initramfs.cpio.gz"
	echo "setup $(ntc_kernel_short "$rel"): $rel, modules ($(ls "$ko" | tr '\n' ' ' | sed 's/ $//'); from ${NTC_MODULES_FROM:-build}) $(ntc_since "$t")s"
done

# --- boots, at most $jobs at once -------------------------------------------
boot_ids=() boot_rel=() boot_grp=()
for k in "${!kernels[@]}"; do
	rel=${kernels[$k]}
	for i in $(kernel_groups "$k"); do
		boot_ids+=("$(ntc_kernel_short "$rel")-boot$i-${g_scen[$i]%%,*}")
		boot_rel+=("$rel") boot_grp+=("$i")
	done
done

one_boot() {	# INDEX
	local b=$1 rel=${boot_rel[$1]} g=${boot_grp[$1]} log t rc=0 n tmo

	log=$logs/${boot_ids[$b]}.log
	n=$(echo "${g_scen[$g]}" | tr ',' '\n' | wc -l)
	tmo=$(( ${NTC_BOOT_TIMEOUT:-180} + n * ${NTC_SCENARIO_TIMEOUT:-150} ))
	t=$(ntc_now)
	ntc_boot_retry "$rel" "$NTC_WORK/$rel/initramfs.cpio.gz" "$log" "$tmo" \
		"${g_devs[$g]}" "${g_cmd[$g]}" "${g_scen[$g]}" 2>"$log.err" || rc=$?
	echo "$rc $(ntc_since "$t")" >"$log.status"
	printf 'boot  %-8s %-50s %6ss%s%s\n' "$(ntc_kernel_short "$rel")" "${g_scen[$g]}" \
		"$(ntc_since "$t")" "$([ "$rc" = 0 ] || echo " (qemu status $rc)")" \
		"$([ -f "$log.retried" ] && echo " (booted twice; first boot: $(cut -c1-90 "$log.retried"))")"
}

stop_boots() {
	local f

	for f in "$logs"/*.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	exit 130
}
trap stop_boots INT TERM

# Longest boots (most scenarios) first, so the last ones to finish are short.
mapfile -t order < <(for b in "${!boot_ids[@]}"; do
	echo "$(echo "${g_scen[${boot_grp[$b]}]}" | tr ',' '\n' | wc -l) $b"
done | sort -k1,1nr -k2,2n -s | cut -d' ' -f2)
running=0
for b in "${order[@]}"; do
	if [ $running -ge "$jobs" ]; then
		wait -n || true
		running=$((running - 1))
	fi
	one_boot "$b" &
	running=$((running + 1))
done
wait

# --- verdicts ---------------------------------------------------------------
# verdict LOG SCENARIO: prints "PASS <secs>" or "FAIL <secs> <reason>".
verdict() {
	local why=

	case $(cut -d' ' -f1 "$1.status" 2>/dev/null) in
	124 | 137) why="timeout after $(cut -d' ' -f2 "$1.status")s" ;;
	0 | '') ;;
	*) why="qemu status $(cut -d' ' -f1 "$1.status")" ;;
	esac
	awk -v s="$2" -v bad="$NTC_BAD_KLOG" -v why="$why" -v rig="$(ntc_boot_trouble "$1")" \
		-v twice="$([ -f "$1.retried" ] && echo " (booted twice; first boot: $(cut -c1-80 "$1.retried"))")" '
	{ sub(/\r$/, "") }
	/^NTC-BEGIN / { sec = $2; began = 1
		if (sec == s) { seen = 1; t0 = substr($3, 3) }
		next }
	/^NTC-END / { if ($2 == s) { ended = 1; rc = substr($3, 4); t1 = substr($4, 3) }
		sec = ""; next }
	/^NTC-DONE/ { done = 1; next }
	/Kernel panic/ && panicw == "" { panicw = $0; sub(/^K: /, "", panicw) }
	done && $0 ~ bad && postw == "" { postw = $0; sub(/^K: /, "", postw) }
	/^K: / {
		if ($0 ~ bad) {
			if (!began && bootw == "") bootw = substr($0, 4)
			else if (sec == s && secw == "") secw = substr($0, 4)
		}
		next }
	$0 ~ bad && livew == "" { livew = $0 }
	sec == s && $1 == "RESULT" && $3 == "PASS" && $2 == s { pass++ }
	sec == s && $1 == "RESULT" && $3 != "PASS" && failw == "" { failw = $0 }
	END {
		t = (seen && ended) ? sprintf("%.1f", t1 - t0) : "-"
		if (why == "") why = "guest died"
		if (livew != "") why = why ": " livew
		if (rig != "") r = "rig failure before any module was loaded: " rig twice
		else if (!seen) r = "not run (" why ")"
		else if (!ended) r = "did not finish (" why ")"
		else if (bootw != "") r = "kernel log at boot: " bootw
		else if (secw != "") r = "kernel log: " secw
		else if (failw != "") r = failw
		else if (rc != 0) r = "script exit status " rc
		else if (!pass) r = "no \"RESULT " s " PASS\" line"
		else if (!done) r = "no NTC-DONE (" why ")"
		else if (panicw != "") r = "kernel panicked: " panicw
		else if (postw != "") r = "kernel log after the last scenario: " postw
		print (r == "" ? "PASS " t : "FAIL " t " " r)
	}' "$1"
}

npass=0 nfail=0
echo
for b in "${!boot_ids[@]}"; do
	log=$logs/${boot_ids[$b]}.log
	[ -f "$log" ] || : >"$log"
	for s in $(echo "${g_scen[${boot_grp[$b]}]}" | tr ',' ' '); do
		read -r v t reason < <(verdict "$log" "$s")
		printf '%s  %-8s %-16s %6ss  %s\n' "$v" "$(ntc_kernel_short "${boot_rel[$b]}")" "$s" "$t" \
			"$([ "$v" = PASS ] && echo "" || echo "$reason  [$log]")"
		if [ "$v" = PASS ]; then
			npass=$((npass + 1))
		else
			nfail=$((nfail + 1))
		fi
	done
done
echo "matrix: ${#kernels[@]} kernels, ${#boot_ids[@]} boots, $(ntc_since "$t_all")s; logs in $logs"
echo "$npass passed, $nfail failed"
[ $nfail -eq 0 ]
