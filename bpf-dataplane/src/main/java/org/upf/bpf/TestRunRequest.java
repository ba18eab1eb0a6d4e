package org.upf.bpf;

import java.util.Objects;

/**
 * Input of {@link BpfProgram#testRun} (BPF_PROG_TEST_RUN). For XDP the context (struct xdp_md) carries the
 * ingress ifindex and rx queue, which the kernel resolves in the calling thread's network namespace (use
 * {@link Netns#call}). With {@link Builder#repeat} the kernel runs the program on the same buffer without
 * restoring it, so a program that rewrites the packet sees its own output from the second run on.
 */
public final class TestRunRequest {
    final byte[] data;
    final int ingressIfindex;
    final int rxQueueIndex;
    final int repeat;
    final int dataOutCapacity;
    final boolean liveFrames;
    final int batchSize;

    private TestRunRequest(Builder b) {
        this.data = Objects.requireNonNull(b.data, "data").clone();
        this.ingressIfindex = b.ingressIfindex;
        this.rxQueueIndex = b.rxQueueIndex;
        this.repeat = b.repeat;
        this.liveFrames = b.liveFrames;
        this.batchSize = b.batchSize;
        this.dataOutCapacity = b.liveFrames ? 0 : b.dataOutCapacity < 0 ? data.length + 256 : b.dataOutCapacity;
        if (liveFrames && ingressIfindex == 0) {
            throw new IllegalArgumentException("live frames need an ingress ifindex (the device frames leave by)");
        }
    }

    public static Builder builder(byte[] data) {
        return new Builder().data(data);
    }

    /** True when an xdp_md context has to be passed. */
    boolean hasContext() {
        return ingressIfindex != 0 || rxQueueIndex != 0;
    }

    public static final class Builder {
        private byte[] data;
        private int ingressIfindex;
        private int rxQueueIndex;
        private int repeat = 1;
        private int dataOutCapacity = -1;
        private boolean liveFrames;
        private int batchSize;

        private Builder() {}

        public Builder data(byte[] packet) {
            this.data = packet;
            return this;
        }

        /** xdp_md.ingress_ifindex, an interface of the calling thread's namespace. */
        public Builder ingressIfindex(int ifindex) {
            this.ingressIfindex = ifindex;
            return this;
        }

        /** xdp_md.rx_queue_index; must be a queue the ingress device has. */
        public Builder rxQueueIndex(int queue) {
            this.rxQueueIndex = queue;
            return this;
        }

        /** Number of runs (>= 1); the result's duration is the kernel's average per run. */
        public Builder repeat(int times) {
            if (times < 1) {
                throw new IllegalArgumentException("repeat must be >= 1, got " + times);
            }
            this.repeat = times;
            return this;
        }

        /** Room for the output packet; default input length + 256 (encapsulation may grow it). */
        public Builder dataOutCapacity(int bytes) {
            this.dataOutCapacity = bytes;
            return this;
        }

        /**
         * BPF_F_TEST_XDP_LIVE_FRAMES: each of the repeat runs turns into a real frame, and XDP_TX/XDP_REDIRECT
         * send it out of a device (XDP_TX: the ingress device). No output data is returned.
         */
        public Builder liveFrames(boolean live) {
            this.liveFrames = live;
            return this;
        }

        /** Frames per batch in live mode (0: kernel default 64). */
        public Builder batchSize(int frames) {
            this.batchSize = frames;
            return this;
        }

        public TestRunRequest build() {
            return new TestRunRequest(this);
        }
    }
}
