package org.upf.bpf.netns;

/** A host resource held under a {@link Lease}: {@link #close()} removes it once, then drops the lease. */
abstract class LeasedResource implements AutoCloseable {
    private final Lease lease;
    private boolean closed;

    LeasedResource(Lease lease) {
        this.lease = lease;
    }

    /** Removes the resource from the host. */
    abstract void remove();

    /** Removes the resource and releases its lease. Idempotent. */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            remove();
        } finally {
            lease.close();
        }
    }
}
