#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DKMS POST_BUILD hook (dkms.conf). Runs in the DKMS build directory after the
# modules were copied to $1 (.../<kernel>/<arch>/module); keeps the build's
# Module.symvers there so ported drivers can use it as KBUILD_EXTRA_SYMBOLS.
set -euo pipefail

dest=${1:?usage: dkms-post-build.sh <dkms module directory>}
[ -d "$dest" ] || { echo "dkms-post-build: $dest missing" >&2; exit 1; }
install -m 0644 Module.symvers "$dest/Module.symvers"
echo "ntcompat: kept Module.symvers in $dest"
