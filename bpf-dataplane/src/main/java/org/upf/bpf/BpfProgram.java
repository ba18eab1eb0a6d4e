package org.upf.bpf;

/** A loaded BPF program of a {@link BpfObject}; valid until the object is closed. */
public final class BpfProgram {
    /** BPF_F_TEST_XDP_LIVE_FRAMES. */
    private static final int TEST_XDP_LIVE_FRAMES = 1 << 1;

    private final String name;
    private final int fd;
    private final BpfProgramType type;
    private final int id;

    BpfProgram(String name, int fd) {
        this.name = name;
        this.fd = fd;
        int[] info = new int[2];
        BpfException.check(Native.progInfo(fd, info), "cannot get info of program " + name);
        this.type = BpfProgramType.of(info[0]);
        this.id = info[1];
    }

    public String name() {
        return name;
    }

    public int fd() {
        return fd;
    }

    public BpfProgramType type() {
        return type;
    }

    /** Kernel-wide program id (what link info and `ip link` report). */
    public int id() {
        return id;
    }

    /** Attaches this XDP program to ifindex (of the calling thread's namespace) through a BPF link. */
    public BpfLink attachXdp(int ifindex, XdpMode mode) {
        int linkFd = Native.linkCreate(fd, ifindex, BpfLink.ATTACH_XDP, mode.flags);
        BpfException.check(linkFd, "cannot attach XDP program " + name + " to ifindex " + ifindex + " in " + mode
                + " mode");
        return new BpfLink(linkFd);
    }

    /** Attaches this tc (SCHED_CLS) program to ifindex through a tcx link, after any programs already there. */
    public BpfLink attachTcx(int ifindex, TcxDirection direction) {
        int linkFd = Native.linkCreate(fd, ifindex, direction.attachType, 0);
        BpfException.check(linkFd, "cannot attach tcx program " + name + " to ifindex " + ifindex + " "
                + direction);
        return new BpfLink(linkFd);
    }

    /** Runs the program once or repeat times on a packet in the kernel (BPF_PROG_TEST_RUN). */
    public TestRunResult testRun(TestRunRequest req) {
        byte[] out = req.liveFrames ? null : new byte[req.dataOutCapacity];
        int[] result = new int[3];
        int ret = Native.testRun(fd, req.data, out, req.hasContext(), req.ingressIfindex, req.rxQueueIndex,
                req.repeat, req.liveFrames ? TEST_XDP_LIVE_FRAMES : 0, req.batchSize, result);
        BpfException.check(ret, "test run of program " + name + (ret == -Errno.ENOSPC
                ? " (output larger than dataOutCapacity " + req.dataOutCapacity + ")" : ""));
        byte[] data = out == null ? new byte[0] : java.util.Arrays.copyOf(out, result[2]);
        return new TestRunResult(result[0], data, Integer.toUnsignedLong(result[1]));
    }

    @Override
    public String toString() {
        return "BpfProgram[" + name + " " + type + " id " + id + "]";
    }
}
