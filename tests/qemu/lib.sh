#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers of the QEMU rig (sourced by kernels.sh, boot.sh, run.sh,
# demo.sh). Everything it creates lives under $NTC_CACHE
# (~/.cache/ntcompat by default), so a fresh machine re-creates it.

NTC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NTC_QEMU_DIR=$NTC_ROOT/tests/qemu
NTC_CACHE=${NTC_CACHE:-$HOME/.cache/ntcompat}
NTC_KERNELS=$NTC_CACHE/kernels
NTC_BUILD=$NTC_CACHE/build
NTC_LOGS=$NTC_CACHE/qemu-logs

ntc_log() { printf '%s\n' "$*" >&2; }
ntc_die() { ntc_log "error: $*"; exit 1; }

# The kernels of newer suites live in chroots (NTC_SUITES, ntc_chroot...).
. "$NTC_ROOT/scripts/suite-lib.sh"

# ntc_apt_install PKG... - install the packages not yet installed, quietly.
ntc_apt_install() {
	local p out missing=()

	for p in "$@"; do
		dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	ntc_log "apt-get install ${missing[*]}"
	out=$(DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		-o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" 2>&1) ||
		{ printf '%s\n' "$out" | tail -n 20 >&2; ntc_die "apt-get install ${missing[*]} failed"; }
}

# The host tools the rig needs.
ntc_host_setup() {
	ntc_apt_install qemu-system-x86 busybox-static cpio gzip xz-utils \
		python3 make gcc rsync
}

# ntc_pkg_exists PKG - true if apt knows a candidate for PKG.
ntc_pkg_exists() {
	local cand

	cand=$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p')
	[ -n "$cand" ] && [ "$cand" != "(none)" ]
}

# ntc_kernel_list - print the three guest kernel releases (uname -r form),
# one a line: Debian's default 6.1, the newest 6.12 with headers, its -rt.
# Discovered from apt's package lists; nothing is hard-coded.
ntc_kernel_list() {
	local img hdr rel v

	if [ -n "${NTC_KERNEL_LIST:-}" ]; then	# override: "rel1 rel2 ..."
		# shellcheck disable=SC2086 # a list of words
		printf '%s\n' $NTC_KERNEL_LIST
		return
	fi
	# A machine whose apt lists were never fetched knows no kernel yet.
	if ! ntc_pkg_exists linux-image-amd64; then
		ntc_log "apt-get update"
		apt-get update -qq >/dev/null || ntc_die "apt-get update failed"
	fi
	# 6.1: what the linux-image-amd64 metapackage points at, cross-checked
	# against linux-headers-amd64.
	img=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\(.*\)$/\1/p' | sort -V | tail -n1)
	hdr=$(apt-cache depends linux-headers-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-headers-\(.*\)$/\1/p' | sort -V | tail -n1)
	[ -n "$img" ] || ntc_die "cannot resolve linux-image-amd64 (apt-get update?)"
	[ "$img" = "$hdr" ] || ntc_die "linux-image-amd64 ($img) and linux-headers-amd64 ($hdr) disagree"
	echo "$img"
	# 6.12: the newest linux-image-6.12.*+deb12-amd64-unsigned that has
	# headers and an -rt twin with headers.
	rel=
	for v in $(apt-cache pkgnames linux-image-6.12. 2>/dev/null |
		sed -n 's/^linux-image-\(6\.12\.[0-9]*+deb12\)-amd64-unsigned$/\1/p' |
		sort -Vr); do
		if ntc_pkg_exists "linux-headers-$v-amd64" &&
		   ntc_pkg_exists "linux-image-$v-rt-amd64-unsigned" &&
		   ntc_pkg_exists "linux-headers-$v-rt-amd64"; then
			rel=$v
			break
		fi
	done
	[ -n "$rel" ] || ntc_die "no linux-image-6.12.*+deb12-amd64-unsigned with headers and an -rt twin"
	echo "$rel-amd64"
	echo "$rel-rt-amd64"
}

# ntc_kernel_list_more [MAIN] - the other kernels a Debian user may run, one a
# line, each booted once in make check (run.sh's quick set): the host
# suite's cloud and rt flavours of the kernels above that lack them, then
# for each suite of NTC_SUITES (chroots, scripts/suite-lib.sh) the newest
# kernel of every series and flavour it offers (sid: experimental's too).
# NTC_KERNEL_LIST_MORE overrides ("" for none). MAIN: ntc_kernel_list's
# output, if the caller has it already.
ntc_kernel_list_more() {
	local main=${1:-} rel f s names

	if [ -n "${NTC_KERNEL_LIST_MORE+set}" ]; then
		# shellcheck disable=SC2086 # a list of words
		printf '%s\n' $NTC_KERNEL_LIST_MORE
		return
	fi
	[ -n "$main" ] || main=$(ntc_kernel_list)
	# one apt-cache call: it takes seconds on a busy machine
	names=" $(apt-cache pkgnames linux- 2>/dev/null | tr '\n' ' ') "
	for rel in $main; do
		case $rel in *-rt-amd64 | *-cloud-amd64) continue ;; esac
		for f in cloud-amd64 rt-amd64; do
			[[ $main == *"${rel%-amd64}-$f"* ]] && continue
			if [[ $names == *" linux-headers-${rel%-amd64}-$f "* ]] &&
			   [[ $names == *" linux-image-${rel%-amd64}-$f-unsigned "* ||
			      $names == *" linux-image-${rel%-amd64}-$f "* ]]; then
				echo "${rel%-amd64}-$f"
			fi
		done
	done
	for s in $NTC_SUITES; do
		ntc_chroot_ensure "$s" >&2
		ntc_chroot_discover "$s" | sed 's/^linux-headers-//'
	done
}

# ntc_kernel_short REL - a short label, unique in the matrix: 6.1, 6.12,
# 6.12-rt, 6.1-cloud, 6.12+deb13 (another suite's build of a series), 7.2+deb14,
# 7.3-rt ... (the +debNN of the host's own suite is left out).
ntc_kernel_short() {
	local mm deb host

	mm=$(echo "$1" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
	deb=$(echo "$1" | sed -n 's/^[^+]*+deb\([0-9]*\).*/\1/p')
	host=$(cut -d. -f1 /etc/debian_version 2>/dev/null)
	[ -n "$deb" ] && [ "$deb" != "$host" ] && mm="$mm+deb$deb"
	case $1 in
	*-rt-*) echo "$mm-rt" ;;
	*-cloud-*) echo "$mm-cloud" ;;
	*) echo "$mm" ;;
	esac
}

# ntc_kernel_resolve WANT - the release WANT names (a release or a label of
# ntc_kernel_short) among the main kernels, then the others; dies if none.
ntc_kernel_resolve() {
	local main more r

	main=$(ntc_kernel_list)
	for r in $main; do
		if [ "$r" = "$1" ] || [ "$(ntc_kernel_short "$r")" = "$1" ]; then
			echo "$r"
			return 0
		fi
	done
	# Only now the others: listing them may create the suites' chroots.
	more=$(ntc_kernel_list_more "$main")
	for r in $more; do
		if [ "$r" = "$1" ] || [ "$(ntc_kernel_short "$r")" = "$1" ]; then
			echo "$r"
			return 0
		fi
	done
	ntc_die "unknown kernel $1 (have: $(for r in $main $more; do
		ntc_kernel_short "$r"; done | tr '\n' ' '))"
}

# ntc_kernel_fetch REL - make $NTC_KERNELS/REL/vmlinuz (from the image
# package, extracted, never installed) and install linux-headers-REL: on the
# host, or in the chroot of the suite that has the kernel. Two layouts:
# Debian 12/13 ship vmlinuz in linux-image-REL(-unsigned) at
# /boot/vmlinuz-REL; Debian 14 in linux-binary-REL at
# /usr/lib/modules/REL/vmlinuz (linux-image-REL is then an empty dependency
# package, and the config comes with linux-base-REL).
ntc_kernel_fetch() {
	local rel=$1 dir=$NTC_KERNELS/$1 suite root= pkg p tmp deb img cfg

	if ntc_pkg_exists "linux-headers-$rel"; then
		suite=
		ntc_apt_install "linux-headers-$rel"
		[ -d "/lib/modules/$rel/build" ] || ntc_die "/lib/modules/$rel/build missing after installing headers"
	else
		suite=$(ntc_kernel_suite "$rel")
		[ -n "$suite" ] || suite=$(ntc_suite_of_package "linux-headers-$rel")
		[ -n "$suite" ] || ntc_die "no suite of NTC_SUITES ($NTC_SUITES) has linux-headers-$rel"
		ntc_chroot_ensure "$suite" "linux-headers-$rel" >&2
		root=$NTC_CHROOTS/$suite
	fi
	[ -s "$dir/vmlinuz" ] && return 0
	pkg=
	for p in "linux-binary-$rel" "linux-image-$rel-unsigned" "linux-image-$rel"; do
		if { [ -z "$suite" ] && ntc_pkg_exists "$p"; } ||
		   { [ -n "$suite" ] && ntc_chroot "$suite" apt-cache show "$p" >/dev/null 2>&1; }; then
			pkg=$p
			break
		fi
	done
	[ -n "$pkg" ] || ntc_die "no image package for $rel${suite:+ in $suite}"
	ntc_log "fetching $pkg${suite:+ ($suite)} (apt-get download, dpkg -x)"
	mkdir -p "$dir"
	if [ -z "$suite" ]; then
		tmp=$(mktemp -d "$NTC_KERNELS/.fetch.XXXXXX")
		(cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root "$pkg" >/dev/null) ||
			{ rm -rf "$tmp"; ntc_die "apt-get download $pkg failed"; }
		deb=$(ls "$tmp"/*.deb)
		dpkg -x "$deb" "$tmp/root"
	else
		# the suite's dpkg knows its packages' compression
		tmp=$(mktemp -d "$root/tmp/ntc-fetch.XXXXXX")
		ntc_chroot "$suite" sh -c "cd '${tmp#"$root"}' && apt-get download -qq \
			-o APT::Sandbox::User=root '$pkg' && dpkg -x *.deb root" >/dev/null ||
			{ rm -rf "$tmp"; ntc_die "apt-get download $pkg in the $suite chroot failed"; }
		deb=$(ls "$tmp"/*.deb)
	fi
	img=
	for p in "boot/vmlinuz-$rel" "usr/lib/modules/$rel/vmlinuz" "lib/modules/$rel/vmlinuz"; do
		[ -f "$tmp/root/$p" ] && { img=$tmp/root/$p; break; }
	done
	[ -n "$img" ] || { rm -rf "$tmp"; ntc_die "$(basename "$deb") has no vmlinuz for $rel (neither layout)"; }
	for cfg in "$tmp/root/boot/config-$rel" "$tmp/root/usr/lib/modules/$rel/config" \
		"$root/lib/modules/$rel/config" "$root/boot/config-$rel" "/boot/config-$rel"; do
		[ -f "$cfg" ] && { cp "$cfg" "$dir/config"; break; }
	done
	# The guest needs no module of the image: serial console, devtmpfs,
	# debugfs, PCI MSI/MSI-X, ACPI power-off and gzip initramfs are all
	# built in on Debian's amd64 kernels. Keep modules.builtin for reference.
	cp "$tmp/root/lib/modules/$rel/modules.builtin" "$tmp/root/usr/lib/modules/$rel/modules.builtin" \
		"$dir/" 2>/dev/null || true
	echo "$(basename "$deb")${suite:+ ($suite)}" >"$dir/source-deb"
	cp "$img" "$dir/vmlinuz.tmp"
	mv "$dir/vmlinuz.tmp" "$dir/vmlinuz"
	rm -rf "$tmp"
}

# ntc_modules REL [DEST] - stage the .ko files for guest kernel REL into the
# directory DEST; without DEST, into $NTC_BUILD/REL/ko (emptied first), and
# print that directory. NTC_MODULES_FROM selects where they come from:
#   build (default) the working tree, rsync'ed to $NTC_BUILD/REL/src and
#                   built there (make -C /lib/modules/REL/build M=...), so
#                   builds for different kernels never clash; incremental.
#                   A kernel of another suite: in its chroot, /ntc/build/REL
#   dkms            what `dkms install -m ntcompat -v VERSION -k REL` put in
#                   /lib/modules/REL/updates/dkms/ (decompressed; the
#                   /lib/modules part can be moved with NTC_DKMS_MODULES;
#                   another suite's kernel: the chroot's /lib/modules)
#   none            no module (the bare rig, e.g. guest/selftest.sh)
ntc_modules() {
	local rel=$1 ko=${2:-} out=$NTC_BUILD/$1 f name names=() suite root=
	local src mods=${NTC_DKMS_MODULES:-/lib/modules}

	# A kernel of another suite: built in, and DKMS'ed in, its chroot.
	suite=$(ntc_kernel_suite "$rel")
	if [ -n "$suite" ]; then
		root=$NTC_CHROOTS/$suite
		mods=${NTC_DKMS_MODULES:-$root/lib/modules}
	fi

	if [ -z "$ko" ]; then
		ko=$out/ko
		rm -rf "$ko"
	fi
	mkdir -p "$ko" "$out"
	case ${NTC_MODULES_FROM:-build} in
	build)
		# One build per kernel at a time (several rigs may run at once).
		exec {lockfd}>"$out/.lock"
		flock "$lockfd"
		# The source copy: in the chroot for another suite's kernel.
		src=$out/src
		[ -n "$root" ] && src=/ntc/build/$rel/src
		mkdir -p "$root$src"
		# --checksum --no-times: a file whose content changed gets a new
		# mtime even when the source's is older (a reverted edit), so make
		# rebuilds it; unchanged files keep theirs and stay built.
		rsync -a --no-times --checksum --delete --exclude .git --exclude '/build/' --exclude '/out/' \
			--exclude '*.o' --exclude '*.ko' --exclude '*.mod' --exclude '*.mod.c' \
			--exclude '.*.cmd' --exclude 'ntc_config.h' --exclude '*.order' \
			--exclude 'Module.symvers' \
			"$NTC_ROOT/" "$root$src/"
		if ! if [ -n "$root" ]; then
			ntc_chroot "$suite" make -C "/lib/modules/$rel/build" M="$src" -j"$(nproc)" modules
		else
			make -C "/lib/modules/$rel/build" M="$src" -j"$(nproc)" modules
		fi >"$out/build.log" 2>&1; then
			tail -n 30 "$out/build.log" >&2
			flock -u "$lockfd"
			ntc_die "module build for $rel failed (log: $out/build.log)"
		fi
		find "$root$src" -name '*.ko' -exec cp {} "$ko/" \;
		flock -u "$lockfd"
		exec {lockfd}>&-
		;;
	dkms)
		# The module names DKMS installs, from dkms.conf; every module of
		# the updates/dkms directory if dkms.conf does not say.
		if [ -f "$NTC_ROOT/dkms.conf" ]; then
			mapfile -t names < <(sed -n 's/^BUILT_MODULE_NAME\[[0-9]*\]="\{0,1\}\([^"]*\)"\{0,1\}.*/\1/p' \
				"$NTC_ROOT/dkms.conf")
		fi
		for f in "$mods/$rel/updates/dkms/"*.ko*; do
			[ -e "$f" ] || ntc_die "no DKMS modules in $mods/$rel/updates/dkms (run: dkms install -m ntcompat -v <version> -k $rel${suite:+, in the $suite chroot})"
			name=$(basename "$f"); name=${name%%.ko*}
			if [ ${#names[@]} -gt 0 ] && ! printf '%s\n' "${names[@]}" | grep -qx "$name"; then
				continue
			fi
			case $f in
			*.ko.xz) xz -dc "$f" >"$ko/$name.ko" ;;
			*.ko.zst) zstd -qdc "$f" >"$ko/$name.ko" ;;
			*.ko.gz) gzip -dc "$f" >"$ko/$name.ko" ;;
			*) cp "$f" "$ko/$name.ko" ;;
			esac
		done
		[ -f "$ko/ntcompat.ko" ] || ntc_die "DKMS did not install ntcompat.ko for $rel"
		;;
	none) ;;
	*) ntc_die "NTC_MODULES_FROM=${NTC_MODULES_FROM} (build, dkms or none)" ;;
	esac
	[ -n "${2:-}" ] || echo "$ko"
}

# ntc_initramfs REL KODIR OUT - pack busybox, /init, the modules (as
# /lib/modules/REL/extra/*.ko) and tests/qemu/guest/* (as /guest/) plus the
# contents of each directory in $NTC_GUEST_DIRS into the gzip'ed cpio OUT.
ntc_initramfs() {
	local rel=$1 kodir=$2 out=$3 st d

	st=$(mktemp -d "${out%/*}/.initramfs.XXXXXX")
	mkdir -p "$st"/{bin,dev,proc,sys,tmp,guest,lib/modules/"$rel"/extra}
	cp /bin/busybox "$st/bin/busybox"
	install -m 755 "$NTC_QEMU_DIR/init.sh" "$st/init"
	[ "$(id -u)" = 0 ] && mknod -m 600 "$st/dev/console" c 5 1
	cp -a "$NTC_QEMU_DIR/guest/." "$st/guest/"
	for d in ${NTC_GUEST_DIRS:-}; do
		cp -a "$d/." "$st/guest/"
	done
	for d in "$kodir"/*.ko; do
		[ -f "$d" ] && cp "$d" "$st/lib/modules/$rel/extra/"
	done
	(cd "$st" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) >"$out.tmp"
	mv "$out.tmp" "$out"
	rm -rf "$st"
}

# ntc_qemu_args DEVICES SOCKDIR - expand DEVICES into QEMU arguments (one a
# line). "@ivshmem:N" becomes an ivshmem-doorbell with N MSI-X vectors
# backed by ivshmem-server.py on SOCKDIR/ivshmem.sock (started by
# ntc_boot); everything else is passed as is.
ntc_qemu_args() {
	local w

	for w in $1; do
		case $w in
		@ivshmem:*)
			printf '%s\n' -chardev "socket,path=$2/ivshmem.sock,id=ivs" \
				-device "ivshmem-doorbell,chardev=ivs,vectors=${w#@ivshmem:}"
			;;
		*) printf '%s\n' "$w" ;;
		esac
	done
}

# ntc_boot REL INITRD LOG TIMEOUT DEVICES CMDLINE SCENARIOS
# Boot kernel REL under TCG with the initramfs, run the comma-separated
# SCENARIOS, serial console to LOG (or to stdout as well with
# NTC_SERIAL=tee). Returns QEMU's (or timeout's, 124) status. The RCU stall
# timeout is 60 s instead of 21: TCG runs the guest 10-50 times slower than
# hardware and the host may be busy.
ntc_boot() {
	local rel=$1 initrd=$2 log=$3 tmo=$4 devs=$5 extra=$6 scen=$7
	local sock_dir srv_pid='' rc=0 w args=()

	sock_dir=$(mktemp -d /tmp/ntc-qemu.XXXXXX)
	mapfile -t args < <(ntc_qemu_args "$devs" "$sock_dir")
	for w in $devs; do
		case $w in
		@ivshmem:*)
			srv_pid=$(python3 "$NTC_QEMU_DIR/ivshmem-server.py" \
				"$sock_dir/ivshmem.sock" "${w#@ivshmem:}")
			;;
		esac
	done
	local cmd=(timeout -k 10 "$tmo" qemu-system-x86_64 -accel tcg -machine pc
		-smp "${NTC_QEMU_SMP:-2}" -m 512M -nodefaults -no-reboot
		-display none -monitor none
		-kernel "$NTC_KERNELS/$rel/vmlinuz" -initrd "$initrd"
		-append "console=ttyS0 loglevel=5 panic=-1 oops=panic rcupdate.rcu_cpu_stall_timeout=60 ntc.scenarios=$scen $extra"
		"${args[@]}")
	if [ "${NTC_SERIAL:-file}" = tee ]; then
		# Interactive: --foreground lets Ctrl-C reach QEMU.
		cmd[0]="timeout --foreground"
		# shellcheck disable=SC2086
		${cmd[0]} "${cmd[@]:1}" -serial stdio </dev/null | tee "$log" || rc=${PIPESTATUS[0]}
	else
		# LOG.pid names the timeout(1) process, so a caller can stop the
		# boot (timeout passes SIGTERM on to QEMU).
		"${cmd[@]}" -serial "file:$log" </dev/null >"$log.qemu" 2>&1 &
		echo $! >"$log.pid"
		wait $! || rc=$?
		rm -f "$log.pid"
	fi
	if [ -n "$srv_pid" ]; then
		kill "$srv_pid" 2>/dev/null || true
	fi
	rm -rf "$sock_dir"
	return "$rc"
}

# Kernel log lines that fail a test (matched against the guest's "K: "
# dumps of dmesg, see init.sh).
NTC_BAD_KLOG='WARNING:|BUG:|Oops|lockdep|possible circular locking|inconsistent lock state|nobody cared|Call Trace|KASAN|UBSAN|Kernel panic|general protection fault|soft lockup|hard LOCKUP|detected stall|hung_task|blocked for more than'

# ntc_boot_trouble LOG - if the guest went wrong before its first scenario
# started (no module loaded yet, so not ntcompat's doing: a bad kernel log
# line at boot, or no scenario ever started), print why.
ntc_boot_trouble() {
	awk -v bad="$NTC_BAD_KLOG" '
	{ sub(/\r$/, "") }
	/^NTC-BEGIN / { began = 1; exit }
	/^K: / && $0 ~ bad && r == "" { r = "kernel log at boot: " substr($0, 4) }
	END {
		if (r == "" && !began) r = "no scenario started"
		if (r != "") print r
	}' "$1"
}

# ntc_boot_retry ARGS - ntc_boot ARGS (LOG is the third), booted once more
# if the first boot went wrong before any scenario ran (ntc_boot_trouble):
# under TCG an overloaded host can starve a vCPU into an RCU stall at boot.
# The first attempt's log is kept as LOG.try1 and the reason in LOG.retried.
ntc_boot_retry() {
	local log=$3 why rc=0

	ntc_boot "$@" || rc=$?
	why=$(ntc_boot_trouble "$log")
	[ -n "$why" ] && [ "${NTC_BOOT_RETRY:-1}" = 1 ] || return "$rc"
	mv "$log" "$log.try1"
	echo "$why" >"$log.retried"
	ntc_log "boot $(basename "$log") retried: $why"
	rc=0
	ntc_boot "$@" || rc=$?
	return "$rc"
}

# ntc_workdir - a private scratch directory for this invocation (initramfs,
# staged modules), removed on exit.
ntc_workdir() {
	mkdir -p "$NTC_CACHE"
	NTC_WORK=$(mktemp -d "$NTC_CACHE/work.XXXXXX")
	trap 'rm -rf "$NTC_WORK"' EXIT
}

# ntc_logdir NAME - a fresh log directory $NTC_LOGS/NAME-<date>-<pid>, also
# reachable as $NTC_LOGS/latest-NAME; keeps the newest 20.
ntc_logdir() {
	local d

	mkdir -p "$NTC_LOGS"
	d=$NTC_LOGS/$1-$(date +%Y%m%d-%H%M%S)-$$
	mkdir -p "$d"
	ln -sfn "${d##*/}" "$NTC_LOGS/latest-$1"
	ls -1dt "$NTC_LOGS"/*-*-*-*/ 2>/dev/null | tail -n +21 | xargs -r rm -rf
	echo "$d"
}

# ntc_now / ntc_since T0 - wall-clock seconds, and seconds since T0 (%.1f).
ntc_now() { date +%s.%N; }
ntc_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
