#!/bin/sh
# Install the Debian 12 packages Armlet needs, only those missing.
# qemu-system-arm is the reference oracle for tests, never linked; ipxe-qemu
# holds the option ROM of its default NIC (efi-virtio.rom), without which it
# refuses to start when -nodefaults is not given.
set -e
pkgs="gcc meson ninja-build pkg-config libglib2.0-dev libfdt-dev zlib1g-dev
device-tree-compiler gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu socat
qemu-system-arm ipxe-qemu python3"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing"
if [ "$(id -u)" != 0 ]; then
    SUDO=sudo
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
