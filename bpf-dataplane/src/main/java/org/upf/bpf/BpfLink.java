package org.upf.bpf;

import java.nio.file.Path;

/**
 * A BPF link (XDP or tcx attachment). Closing the descriptor detaches the program unless the link is pinned:
 * a pinned link keeps the program attached after the agent exits, and {@link #update} swaps the program
 * atomically without a moment with no program attached.
 */
public final class BpfLink implements AutoCloseable {
    static final int ATTACH_XDP = 37; // BPF_XDP

    private final int fd;
    private boolean closed;

    BpfLink(int fd) {
        this.fd = fd;
    }

    /** Kernel facts about a link. ifindex is set for XDP and tcx links, 0 once detached. */
    public record Info(int id, int programId, int ifindex) {}

    /** Opens a link pinned in bpffs; the program stays attached when this object is closed. */
    public static BpfLink openPinned(Path path) {
        return new BpfLink(BpfException.check(Native.objGet(path.toString()), "cannot open pinned link " + path));
    }

    public int fd() {
        checkOpen();
        return fd;
    }

    /** Pins the link at path; it then outlives this descriptor and the process. */
    public void pin(Path path) {
        BpfException.check(Native.objPin(fd(), path.toString()), "cannot pin link at " + path);
    }

    /** Atomically replaces the attached program (BPF_LINK_UPDATE); traffic never sees no program. */
    public void update(BpfProgram newProgram) {
        BpfException.check(Native.linkUpdate(fd(), newProgram.fd()), "cannot update link to program "
                + newProgram.name());
    }

    /** Detaches the program now, even if the link is pinned (the pin then refers to a defunct link). */
    public void detach() {
        BpfException.check(Native.linkDetach(fd()), "cannot detach link");
    }

    public Info info() {
        int[] out = new int[4];
        BpfException.check(Native.linkInfo(fd(), out), "cannot get link info");
        return new Info(out[1], out[2], out[3]);
    }

    /** Closes the descriptor: detaches an unpinned link, leaves a pinned one attached. */
    @Override
    public void close() {
        if (!closed) {
            Native.closeFd(fd);
            closed = true;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("link is closed");
        }
    }
}
