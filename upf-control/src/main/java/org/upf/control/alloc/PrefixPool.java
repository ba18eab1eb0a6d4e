package org.upf.control.alloc;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.BitSet;
import org.upf.pfcp.PfcpCause;

/**
 * UE addresses or prefixes carved from one configured prefix: /32s from an IPv4 pool, /64s (TS 23.501 §5.8.2.2.2:
 * one /64 per PDU session) from an IPv6 pool. The first block (the network address) is never handed out, nor the
 * last of an IPv4 pool (its broadcast address). Exhaustion answers "All dynamic addresses are occupied"
 * (TS 29.244 §8.2.1, cause 79). Not thread-safe: used on the PFCP event loop.
 */
public final class PrefixPool {
    /** Bound on the blocks one pool tracks (a bit each). */
    public static final int MAX_BLOCKS = 1 << 24;

    private final Cidr pool;
    private final int blockLength;
    private final int first;
    private final int end;
    private final BitSet used;

    /** blockLength: the prefix length of each allocation (32 for IPv4 addresses, usually 64 for IPv6). */
    public PrefixPool(Cidr pool, int blockLength) {
        int bits = pool.address().getAddress().length * 8;
        if (blockLength < pool.length() || blockLength > bits) {
            throw new IllegalArgumentException("block length /" + blockLength + " does not fit in " + pool);
        }
        int span = blockLength - pool.length();
        int blocks = span >= 24 ? MAX_BLOCKS : 1 << span;
        this.pool = pool;
        this.blockLength = blockLength;
        this.first = 1;
        this.end = pool.isIpv4() && blocks > 2 && span < 24 ? blocks - 1 : blocks;
        if (end <= first) {
            throw new IllegalArgumentException(pool + " has no usable /" + blockLength);
        }
        this.used = new BitSet(end);
    }

    private AllocationLog log;

    /** Records / replays the blocks this pool hands out in log (see {@link AllocationLog}), by block index. */
    public void logTo(AllocationLog log) {
        this.log = log;
    }

    public InetAddress allocate() {
        if (log != null && log.replaying()) {
            int i = (int) log.next("UE address");
            if (i < first || i >= end || used.get(i)) {
                throw new IllegalStateException("journal replay: block " + i + " of " + pool + " is not free");
            }
            used.set(i);
            return block(i);
        }
        int i = used.nextClearBit(first);
        if (i >= end) {
            throw new AllocationException(PfcpCause.ALL_DYNAMIC_ADDRESSES_ARE_OCCUPIED,
                    "UE pool " + pool + " has no free /" + blockLength);
        }
        used.set(i);
        if (log != null) {
            log.noted(i);
        }
        return block(i);
    }

    public void release(InetAddress a) {
        int i = index(a);
        if (i < first || i >= end || !used.get(i)) {
            throw new IllegalStateException(a.getHostAddress() + " was not allocated from " + pool);
        }
        used.clear(i);
    }

    public boolean contains(InetAddress a) {
        return pool.contains(a);
    }

    public Cidr prefix() {
        return pool;
    }

    public int blockLength() {
        return blockLength;
    }

    public int inUse() {
        return used.cardinality();
    }

    private InetAddress block(int i) {
        int bits = pool.address().getAddress().length * 8;
        BigInteger v = new BigInteger(1, pool.address().getAddress()).add(BigInteger.valueOf(i).shiftLeft(bits - blockLength));
        byte[] raw = v.toByteArray();
        byte[] out = new byte[bits / 8];
        int n = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - n, out, out.length - n, n);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private int index(InetAddress a) {
        int bits = pool.address().getAddress().length * 8;
        BigInteger off = new BigInteger(1, a.getAddress()).subtract(new BigInteger(1, pool.address().getAddress()));
        return off.shiftRight(bits - blockLength).intValue();
    }
}
