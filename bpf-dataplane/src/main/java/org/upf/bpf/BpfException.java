package org.upf.bpf;

/**
 * A failed BPF operation: the kernel's or libbpf's errno, a message saying what was attempted on which object,
 * and, for a program the verifier rejected, the full verifier log.
 */
public class BpfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String verifierLog;

    public BpfException(int errno, String message, String verifierLog) {
        super(message + ": " + describe(errno)
                + (verifierLog == null || verifierLog.isEmpty() ? "" : "\nverifier log:\n" + verifierLog));
        this.errno = errno;
        this.verifierLog = verifierLog == null ? "" : verifierLog;
    }

    public BpfException(int errno, String message) {
        this(errno, message, "");
    }

    /** Positive errno, e.g. {@link Errno#E2BIG} for a full map. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno name, e.g. "ENOENT". */
    public String errnoName() {
        String name = Native.errnoName(errno);
        return name == null ? "errno " + errno : name;
    }

    /** The verifier's log for a rejected program, "" otherwise. */
    public String verifierLog() {
        return verifierLog;
    }

    static String describe(int errno) {
        String name = Native.errnoName(errno);
        return (name == null ? "errno " + errno : name) + " (" + Native.strerror(errno) + ")";
    }

    /** Throws for a negative native result (-errno), returns it otherwise. */
    static int check(int result, String what) {
        if (result < 0) {
            throw new BpfException(-result, what);
        }
        return result;
    }
}
