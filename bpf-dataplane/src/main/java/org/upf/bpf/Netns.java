package org.upf.bpf;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

/**
 * Network namespaces by name (/run/netns/NAME, as `ip netns add` creates them), entered with setns() by one
 * thread only. BPF calls that resolve an ifindex (attach, test run context) must run in the device's namespace;
 * unlike `ip netns exec`, setns() keeps the host's /sys/fs/bpf visible, so pins keep working.
 */
public final class Netns {
    private static final String SELF = "/proc/thread-self/ns/net";

    private Netns() {}

    /** The calling thread's stay in a namespace; {@link #close()} returns it to where it was. */
    public static final class Entered implements AutoCloseable {
        private final int original;
        private final String ns;

        private Entered(int original, String ns) {
            this.original = original;
            this.ns = ns;
        }

        /** Returns the thread to its original namespace; throws if it cannot (then discard the thread). */
        @Override
        public void close() {
            try {
                BpfException.check(Native.setNetns(original), "cannot leave network namespace " + ns);
            } finally {
                Native.closeFd(original);
            }
        }
    }

    /** Moves the calling thread into namespace ns until the result is closed. */
    public static Entered enter(String ns) {
        int original = BpfException.check(Native.openNs(SELF), "cannot open current network namespace");
        try {
            int target = BpfException.check(Native.openNs(path(ns)), "cannot open network namespace " + ns);
            try {
                BpfException.check(Native.setNetns(target), "cannot enter network namespace " + ns);
            } finally {
                Native.closeFd(target);
            }
            return new Entered(original, ns);
        } catch (RuntimeException e) {
            Native.closeFd(original);
            throw e;
        }
    }

    /**
     * Runs task on a fresh thread inside namespace ns and returns its result; the calling thread never moves.
     * Unchecked exceptions and errors of the task are rethrown as they are, checked ones wrapped in a
     * {@link CompletionException}.
     */
    public static <T> T call(String ns, Callable<T> task) {
        Native.ensureLoaded();
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try (Entered entered = enter(ns)) {
                result[0] = task.call();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "netns-" + ns);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted waiting for a task in namespace " + ns, e);
        }
        Throwable t = failure[0];
        if (t instanceof RuntimeException re) {
            throw re;
        } else if (t instanceof Error err) {
            throw err;
        } else if (t != null) {
            throw new CompletionException("task in network namespace " + ns + " failed", t);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /** if_nametoindex(ifname) inside namespace ns. */
    public static int ifindex(String ns, String ifname) {
        return call(ns, () -> ifindex(ifname));
    }

    /** if_nametoindex(ifname) in the calling thread's namespace. */
    public static int ifindex(String ifname) {
        return BpfException.check(Native.ifNameToIndex(ifname), "no interface " + ifname);
    }

    private static String path(String ns) {
        if (ns.isEmpty() || ns.contains("/")) {
            throw new IllegalArgumentException("bad namespace name '" + ns + "'");
        }
        return "/run/netns/" + ns;
    }
}
