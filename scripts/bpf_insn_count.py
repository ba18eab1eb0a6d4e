#!/usr/bin/python3
"""Counts the BPF instructions a UPF program executes on one frame, up to a given helper call.

This host has no hardware performance counters, so instruction counts on the fast path (docs/performance.md, branch
`dpcount`) come from interpreting clang's code: `llvm-objdump -d -r` of the object, run from the program's first
instruction on the frame's bytes. Map lookups (helper 1) answer from one value per map, whatever the key: the
config (TEID slot mask 0xfffff), a switched-on uplink fast entry of TEID 0x1234 owning the IPv6 /64 given as
--ue-prefix (struct upf_fast_ul's layout, upf_maps.h), with --gnb a downlink fast entry in UE slot 1 of upf_dldense_v1,
live, that encapsulates toward that IPv4 address with QFI 9 (struct upf_ue_set), found through the UE-address hashes
(which name slot 1; the value carries the exact key's tag) or, with --dense, through a dense range holding the frame's destination (slot 1), with --nexthop a live next-hop cache entry for
that IPv6 or IPv4 destination (struct upf_nexthop), constants of .rodata, and zeros for every other map (no URR). bpf_jiffies64
returns 0, bpf_xdp_adjust_head moves the frame's start, bpf_redirect_map redirects. Counting stops before the first
call of a helper in --stop, or at exit. The verifier later inlines map lookups and rewrites context loads; that adds
the same instructions to the programs compared.

  scripts/bpf_insn_count.py upf_xdp.bpf.o upf_gtpu_in FRAME_HEX --ue-prefix 20010db880000001 \
      --nexthop 20010db8010000000000000000000010
  scripts/bpf_insn_count.py upf_xdp.bpf.o upf_n6_in FRAME_HEX --gnb c6120302 --nexthop c6120302
"""
import argparse
import re
import subprocess

CTX, DATA, STACK, MAPS, RODATA, VALUES = 0x300000, 0x100000, 0x200000, 0x500000, 0x600000, 0x400000
SIZES = {"u8": 1, "u16": 2, "u32": 4, "u64": 8}
U64 = (1 << 64) - 1


def listing(obj, prog):
    """The program's instructions by index, and the symbol each 64-bit immediate load is relocated against."""
    out = subprocess.run(["llvm-objdump", "-d", "-r", "--no-show-raw-insn", obj], capture_output=True, text=True,
                         check=True).stdout
    insns, relocs, inside, last = {}, {}, False, None
    for line in out.splitlines():
        if re.match(r"^[0-9a-f]+ <%s>:" % prog, line):
            inside = True
            continue
        if not inside:
            continue
        if re.match(r"^[0-9a-f]+ <upf_[a-z0-9_]+>:", line):
            break
        reloc = re.match(r"^\s+[0-9a-f]+:\s+R_BPF_64_64\s+(\S+)", line)
        if reloc and last is not None:
            relocs[last] = reloc.group(1)
            continue
        insn = re.match(r"^\s+(\d+):\s+(.*)$", line)
        if insn:
            last = int(insn.group(1))
            insns[last] = re.sub(r"\s*<[A-Za-z_0-9.]+>$", "", insn.group(2)).strip()
    return insns, relocs


class Machine:
    def __init__(self, obj, frame, ue_prefix, nexthop, gnb, dense=False):
        self.mem = {DATA + i: b for i, b in enumerate(frame)}
        self.ctx = {0: DATA, 4: DATA + len(frame), 12: 7}  # xdp_md: data, data_end, ingress_ifindex
        self.reg = {"r1": CTX, "r10": STACK}
        self.values, self.handles, self.ue_prefix, self.nexthop, self.gnb = {}, {}, ue_prefix, nexthop, gnb
        self.dense, self.frame = dense, frame
        ro = subprocess.run(["llvm-objdump", "-s", "-j", ".rodata", obj], capture_output=True, text=True).stdout
        for line in ro.splitlines():
            row = re.match(r"^ ([0-9a-f]{4}) ((?:[0-9a-f]{1,8} ){1,4})", line)
            if row:
                for i, b in enumerate(bytes.fromhex(row.group(2).replace(" ", ""))):
                    self.mem[RODATA + int(row.group(1), 16) + i] = b

    def load(self, addr, size):
        if CTX <= addr < CTX + 0x100:
            return self.ctx[addr - CTX]
        return int.from_bytes(bytes(self.mem.get(addr + i, 0) for i in range(size)), "little")

    def store(self, addr, size, v):
        for i in range(size):
            self.mem[addr + i] = (v >> (8 * i)) & 0xff

    def operand(self, x):
        return int(x) & U64 if re.match(r"^-?\d+$", x) else self.reg.get(x.replace("w", "r"), 0)

    def map_value(self, name):
        if name not in self.values:
            base = VALUES + 0x10000 * len(self.values)
            self.values[name] = base
            if name.startswith("upf_config"):
                self.store(base + 8, 4, 0xfffff)                 # teid_slot_mask
            if name.startswith("upf_ulfast"):
                self.store(base, 1, 1)                           # flags: UPF_FAST_ON
                self.store(base + 2, 1, 64)                      # ue_ipv6_plen
                for i, b in enumerate(self.ue_prefix):
                    self.store(base + 20 + i, 1, b)              # ue_ipv6
                self.store(base + 28, 4, 0x1234)                 # teid
            if name in ("upf_dl4_v4", "upf_dl6_v4") and self.gnb and not self.dense:
                self.store(base, 4, 1)                           # UE slot 1
            if name == "upf_dlrange_v1" and self.dense:          # one range, the frame's destination at its base
                v6 = self.frame[12:14] == b"\x86\xdd"
                self.store(base + (4 if v6 else 0), 4, 1)        # ranges in use
                dst = self.frame[38:46] if v6 else self.frame[30:34]
                entry = base + 8 + (8 * 24 if v6 else 0)
                self.store(entry, 8, int.from_bytes(dst, "big"))  # prefix (a /64 or a /32: mask all ones)
                self.store(entry + 8, 8, U64 if v6 else 0xffffffff)
                self.store(entry + 16, 4, 1)                     # base: slot 1
            if name == "upf_dldense_v1" and self.gnb:
                self.store(base, 1, 1 | 4 | 16)                  # fast.flags: UPF_FAST_ON | UPF_FAST_MARK | UPF_UE_LIVE
                self.store(base + 1, 1, 9)                       # fast.mark_qfi
                for i, b in enumerate(self.gnb):
                    self.store(base + 16 + i, 1, b)              # fast.far.peer_addr
                self.store(base + 48, 4, 0x5678)                 # fast.far.teid
                self.store(base + 52, 2, 2)                      # fast.far.action: UPF_ACT_FORW
                self.store(base + 54, 1, 1)                      # fast.far.ohc: UPF_OHC_GTPU_IPV4
                if not self.dense:                               # set.teid: the key's tag (upf_ue_hashed)
                    v6 = self.frame[12:14] == b"\x86\xdd"
                    dst = self.frame[38:54] if v6 else self.frame[30:34]
                    tag = 0
                    for i in range(0, len(dst), 4):
                        tag ^= int.from_bytes(dst[i:i + 4], "little")
                    self.store(base + 96, 4, tag)
            if name.startswith("upf_nexthop") and self.nexthop:
                for i, b in enumerate(self.nexthop):
                    self.store(base + i, 1, b)                   # dst
                self.store(base + 16, 4, self.ctx[12])           # ifindex_in
                self.store(base + 20, 1, 4 if len(self.nexthop) == 4 else 6)  # family
                self.store(base + 22, 2, 1500)                   # max_len
                self.store(base + 36, 4, 3)                      # ifindex_out
                self.store(base + 40, 8, 1000)                   # expires (jiffies)
        return self.values[name]


def run(obj, prog, frame, stop, ue_prefix, nexthop, gnb, trace=False, dense=False):
    insns, relocs = listing(obj, prog)
    m = Machine(obj, frame, ue_prefix, nexthop, gnb, dense)
    pc, count = min(insns), 0
    while True:
        t = insns[pc]
        count += 1
        if trace:
            print("%5d: %s" % (pc, t))
        nxt = pc + 1
        if t == "exit":
            return count, "exit, r0 = %d, maps %s" % (m.reg.get("r0", 0), ", ".join(m.values))
        if t.startswith("call"):
            helper = int(t.split()[1])
            if helper in stop:
                return count - 1, "before helper %d" % helper
            if helper == 1:                                      # bpf_map_lookup_elem
                m.reg["r0"] = m.map_value(m.handles[m.reg["r1"]])
            elif helper == 118:                                  # bpf_jiffies64
                m.reg["r0"] = 0
            elif helper == 44:                                   # bpf_xdp_adjust_head
                delta = m.reg["r2"] & 0xffffffff
                m.ctx[0] += delta - (1 << 32) if delta >> 31 else delta
                m.reg["r0"] = 0
            elif helper == 51:                                   # bpf_redirect_map
                m.reg["r0"] = 4
            else:
                raise SystemExit("helper %d at %d: add it to --stop" % (helper, pc))
            pc = nxt
            continue
        jump = re.match(r"^if (\w+) (\S+) (\S+) goto ([+-]\d+)$", t)
        if jump:
            bits = 32 if jump.group(1).startswith("w") else 64
            a, b = m.operand(jump.group(1)) & ((1 << bits) - 1), m.operand(jump.group(3)) & ((1 << bits) - 1)
            sa, sb = (a - (1 << bits) if a >> (bits - 1) else a), (b - (1 << bits) if b >> (bits - 1) else b)
            taken = {"==": a == b, "!=": a != b, ">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b, "s>": sa > sb,
                     "s<": sa < sb, "s>=": sa >= sb, "s<=": sa <= sb, "&": (a & b) != 0}[jump.group(2)]
            pc = pc + 1 + int(jump.group(4)) if taken else nxt
            continue
        goto = re.match(r"^goto ([+-]\d+)$", t)
        if goto:
            pc = pc + 1 + int(goto.group(1))
            continue
        st = re.match(r"^\*\((u\d+) \*\)\((r\d+) ([+-]) (\d+)\) = (\S+)$", t)
        if st:
            addr = m.reg[st.group(2)] + int(st.group(3) + st.group(4))
            m.store(addr, SIZES[st.group(1)], m.operand(st.group(5)))
            pc = nxt
            continue
        ld = re.match(r"^(\w+) = \*\((u\d+) \*\)\((r\d+) ([+-]) (\d+)\)$", t)
        if ld:
            addr = m.reg[ld.group(3)] + int(ld.group(4) + ld.group(5))
            m.reg[ld.group(1).replace("w", "r")] = m.load(addr, SIZES[ld.group(2)])
            pc = nxt
            continue
        swap = re.match(r"^(\w+) = (be|le)(\d+) (\w+)$", t)
        if swap:
            bits, rd = int(swap.group(3)), swap.group(1).replace("w", "r")
            v = m.reg[rd] & ((1 << bits) - 1)
            m.reg[rd] = int.from_bytes(v.to_bytes(bits // 8, "little"), "big") if swap.group(2) == "be" else v
            pc = nxt
            continue
        alu = re.match(r"^(\w+) (=|\+=|-=|&=|\|=|\^=|<<=|>>=|s>>=|\*=) (-?\w+)( ll)?$", t)
        if not alu:
            raise SystemExit("cannot interpret %d: %s" % (pc, t))
        dst, op, src, wide = alu.groups()
        bits = 32 if dst.startswith("w") else 64
        mask = (1 << bits) - 1
        rd = dst.replace("w", "r")
        a, b = m.reg.get(rd, 0) & mask, m.operand(src) & mask
        signed = a - (1 << bits) if a >> (bits - 1) else a
        r = {"=": b, "+=": a + b, "-=": a - b, "&=": a & b, "|=": a | b, "^=": a ^ b, "<<=": a << (b & 63),
             ">>=": a >> (b & 63), "s>>=": signed >> (b & 63), "*=": a * b}[op] & mask
        if wide and relocs.get(pc) == ".rodata":
            r = RODATA + b
        elif wide and pc in relocs:
            r = MAPS + 0x100 * sorted(set(relocs.values())).index(relocs[pc])
            m.handles[r] = relocs[pc]
        m.reg[rd] = r
        pc = nxt + (1 if wide else 0)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("object")
    p.add_argument("program")
    p.add_argument("frame", help="the frame, hex")
    p.add_argument("--stop", default="", help="helper numbers to stop before, comma-separated (1: map lookup)")
    p.add_argument("--ue-prefix", default="", help="the uplink fast entry's IPv6 /64, 16 hex digits")
    p.add_argument("--nexthop", default="", help="destination of a live next-hop cache entry, 8 or 32 hex digits")
    p.add_argument("--gnb", default="", help="IPv4 address of the downlink fast entry's gNB, 8 hex digits")
    p.add_argument("--dense", action="store_true", help="find the downlink fast entry through a dense range")
    p.add_argument("--trace", action="store_true", help="print each instruction executed (index: text)")
    a = p.parse_args()
    count, where = run(a.object, a.program, bytes.fromhex(a.frame), {int(x) for x in a.stop.split(",") if x},
                       bytes.fromhex(a.ue_prefix), bytes.fromhex(a.nexthop), bytes.fromhex(a.gnb), a.trace, a.dense)
    print("%d instructions, %s" % (count, where))


if __name__ == "__main__":
    main()
