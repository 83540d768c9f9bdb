# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for the DKMS / packaging / build-matrix scripts. Sourced, not
# run: scripts/dkms.sh, build-deb.sh, dkms-check.sh, build-matrix.sh,
# meta-check.sh.

NTC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NTC_CACHE=${NTC_CACHE:-$HOME/.cache/ntcompat}

# The files a DKMS source tree (/usr/src/ntcompat-<version>) consists of.
NTC_DKMS_FILES=(dkms.conf META Kbuild Makefile ntcompat.mk ntcompat sample-driver
		scripts/dkms-post-build.sh)

ntc_log() { printf '%s\n' "$*" >&2; }
ntc_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ntc_meta KEY: a field of META ("Version", "Linux-Minimum", ...).
ntc_meta() {
	sed -n "s/^$1:[[:space:]]*//p" "$NTC_ROOT/META"
}

ntc_version() { ntc_meta Version; }

# ntc_apt_ensure PKG...: install what is missing, quietly; no-op when all are.
ntc_apt_ensure() {
	local p missing=()

	for p in "$@"; do
		dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	ntc_log "apt-get install ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 \
		--no-install-recommends "${missing[@]}" >/dev/null
}

# ntc_kernels_with_headers: kernel versions with usable headers, oldest first.
ntc_kernels_with_headers() {
	local d

	for d in /lib/modules/*/build; do
		if ! [ -f "$d/Makefile" ] || ! [ -f "$d/.config" ]; then
			continue
		fi
		basename "$(dirname "$d")"
	done | sort -V
}

# ntc_stage_source DEST: copy the DKMS source tree (NTC_DKMS_FILES) of this
# checkout to DEST, without build artefacts or documentation.
ntc_stage_source() {
	local dest=$1 f

	[ -d "$NTC_ROOT/sample-driver" ] ||
		ntc_die "sample-driver/ missing: dkms.conf builds ntsample.ko from it"
	mkdir -p "$dest"
	for f in "${NTC_DKMS_FILES[@]}"; do
		mkdir -p "$dest/$(dirname "$f")"
		cp -a "$NTC_ROOT/$f" "$dest/$f"
	done
	find "$dest" \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '*.order' -o -name 'Module.symvers' \
		-o -name 'ntc_config.h' -o -name 'ntc_config.h.tmp' -o -name '.*.d' \
		-o -name '*.ko.*' -o -name '.tmp_versions' \) -prune -exec rm -rf {} +
	# documentation is not needed to build, and belongs in /usr/share/doc
	find "$dest" -name '*.md' -delete
}

# ntc_linux_scripts: print a directory holding checkpatch.pl (with
# spelling.txt, const_structs.checkpatch) and kernel-doc from the newest
# linux-source-<series> package: the full tree ~/.cache/ntcompat/linux-source-X
# if kunit/ extracted it already, else just its scripts/ extracted to
# ~/.cache/ntcompat/linux-scripts-X/scripts.
ntc_linux_scripts() {
	local pkg series tree sub

	pkg=$(apt-cache search --names-only '^linux-source-[0-9.]+$' | cut -d' ' -f1 | sort -V | tail -n1)
	[ -n "$pkg" ] || ntc_die "no linux-source package in the registry"
	series=${pkg#linux-source-}
	tree=$NTC_CACHE/linux-source-$series
	if [ -f "$tree/scripts/checkpatch.pl" ] && [ -f "$tree/scripts/kernel-doc" ]; then
		echo "$tree/scripts"
		return
	fi
	sub=$NTC_CACHE/linux-scripts-$series
	if ! [ -f "$sub/scripts/checkpatch.pl" ]; then
		ntc_apt_ensure "$pkg" xz-utils
		rm -rf "$sub" && mkdir -p "$sub"
		tar -C "$sub" --strip-components=1 -xJf "/usr/src/$pkg.tar.xz" \
			"$pkg/scripts/checkpatch.pl" "$pkg/scripts/spelling.txt" \
			"$pkg/scripts/const_structs.checkpatch" "$pkg/scripts/kernel-doc"
	fi
	echo "$sub/scripts"
}

# ntc_dkms_state VERSION [KERNEL]: "installed", "built", "added" or "" for
# ntcompat/VERSION (on KERNEL). Output captured first: `dkms status | grep -q`
# fails under pipefail when grep exits before dkms has finished writing.
ntc_dkms_state() {
	local out

	out=$(dkms status -m ntcompat -v "$1" ${2:+-k "$2"} 2>/dev/null || true)
	out=${out%%$'\n'*}
	[ -n "$out" ] && echo "${out##*: }" | cut -d' ' -f1
	return 0
}

# ntc_lock NAME: serialise runs that share state (the matrix build
# directories, the installed package, the .deb output) across processes, e.g.
# a `make check` and a step run by hand. Held until the process exits; child
# processes (dkms-check.sh -> dkms.sh) see NTC_LOCK_HELD_<NAME> and skip it.
ntc_lock() {
	local held="NTC_LOCK_HELD_${1//-/_}" f=$NTC_CACHE/$1.lock fd

	[ -n "${!held:-}" ] && return 0
	mkdir -p "$NTC_CACHE"
	exec {fd}>"$f"
	if ! flock -n "$fd"; then
		ntc_log "waiting for another $1 run to finish (lock: $f)"
		flock "$fd"
	fi
	export "$held=1"
}
