#!/usr/bin/env python3
"""Times one update of a BPF_MAP_TYPE_ARRAY_OF_MAPS (the kernel waits an RCU grace period in
maybe_wait_bpf_programs, kernel/bpf/syscall.c) against one of a plain ARRAY: the cost of a grace-period wait
between two writes of a dense slot (docs/dataplane.md, "Dense downlink index", open point). Needs root."""
import ctypes, struct, time, os
libc = ctypes.CDLL(None, use_errno=True)
SYS_bpf = 321
def bpf(cmd, attr):
    buf = ctypes.create_string_buffer(attr, 128)
    r = libc.syscall(SYS_bpf, cmd, buf, 128)
    if r < 0: raise OSError(ctypes.get_errno(), "bpf cmd %d" % cmd)
    return r
# BPF_MAP_CREATE=0: map_type, key_size, value_size, max_entries, map_flags, inner_map_fd
inner = bpf(0, struct.pack("IIIIII", 2, 4, 4, 1, 0, 0))
outer = bpf(0, struct.pack("IIIIII", 12, 4, 4, 1, 0, inner))
key = ctypes.c_uint32(0); val = ctypes.c_uint32(inner)
def update():
    # BPF_MAP_UPDATE_ELEM=2: map_fd, pad, key ptr, value ptr, flags
    bpf(2, struct.pack("IIQQQ", outer, 0, ctypes.addressof(key), ctypes.addressof(val), 0))
update()
n = 40
ts = []
for i in range(n):
    t = time.perf_counter_ns(); update(); ts.append(time.perf_counter_ns() - t)
ts.sort()
print("ARRAY_OF_MAPS update: n=%d min %.1f us median %.1f us p90 %.1f us max %.1f us" % (n, ts[0]/1e3, ts[n//2]/1e3, ts[int(n*.9)]/1e3, ts[-1]/1e3))
arr = bpf(0, struct.pack("IIIIII", 2, 4, 4, 1, 0, 0))
ts = []
for i in range(n):
    t = time.perf_counter_ns(); bpf(2, struct.pack("IIQQQ", arr, 0, ctypes.addressof(key), ctypes.addressof(val), 0)); ts.append(time.perf_counter_ns() - t)
ts.sort()
print("plain ARRAY update:    n=%d min %.1f us median %.1f us" % (n, ts[0]/1e3, ts[n//2]/1e3))
print("load", open("/proc/loadavg").read().strip(), "kernel", os.uname().release)
