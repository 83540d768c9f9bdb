#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# setup.sh - install what every part of `make check` / `make demo` shares, on
# a fresh Debian 12 as root. Idempotent and quiet when all is there; each step
# script installs its own extras the same way.
set -euo pipefail

pkgs=(build-essential make gcc bc flex bison libelf-dev libssl-dev kmod cpio
      xz-utils zstd python3 rsync sparse perl
      linux-headers-amd64)

missing=()
for p in "${pkgs[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
	if [ "$(id -u)" != 0 ]; then
		echo "setup: need root to install: ${missing[*]}" >&2
		exit 1
	fi
	echo "setup: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	# Refresh the package lists once if they are missing or older than a day.
	if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 -print -quit 2>/dev/null)" ]; then
		apt-get update -qq
	fi
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
