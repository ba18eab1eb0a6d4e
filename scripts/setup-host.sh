#!/usr/bin/env bash
# Host set-up for building and testing the UPF: idempotent, called by `make test` and `make demo`.
# Installs every Debian package the build and tests need, mounts bpffs, and checks the kernel.
set -euo pipefail

die() { echo "setup-host: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (BPF programs, XDP links and network namespaces need CAP_SYS_ADMIN/CAP_NET_ADMIN)"

PACKAGES=(clang llvm libbpf-dev libxdp-dev bpftool gcc make pkg-config libelf-dev zlib1g-dev
          iproute2 iputils-ping ethtool tcpdump tshark python3-scapy maven openjdk-17-jdk-headless)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup-host: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture; answer for it.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The kernel must have BPF with BTF (CO-RE types) and XDP.
[ -e /sys/kernel/btf/vmlinux ] || die "kernel $(uname -r) has no BTF (/sys/kernel/btf/vmlinux); need CONFIG_DEBUG_INFO_BTF=y, kernel >= 6.6"
grep -qw bpf /proc/filesystems || die "kernel $(uname -r) has no bpf filesystem (CONFIG_BPF_SYSCALL)"

# bpffs holds the pinned maps and links that let the data path outlive the agent.
if ! mount | grep -q ' /sys/fs/bpf type bpf'; then
  mkdir -p /sys/fs/bpf
  mount -t bpf bpffs /sys/fs/bpf || die "cannot mount bpffs at /sys/fs/bpf"
fi

# Non-fatal facts the tests rely on.
major=$(uname -r | cut -d. -f1); minor=$(uname -r | cut -d. -f2)
if [ "$major" -lt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -lt 6 ]; }; then
  die "kernel $(uname -r) is older than 6.6 (tcx links and BPF_F_TEST_XDP_LIVE_FRAMES needed)"
fi
echo "setup-host: ok (kernel $(uname -r), bpffs mounted, packages present)"
