package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;

/**
 * A grouped IE, TS 29.244 §8.1.1: its value is a sequence of IEs, decoded recursively with order and
 * unknown children preserved. Typed groups (e.g. {@link CreatePdr}) extend this with named accessors.
 */
public class GroupedIe implements Ie, IeContainer {
    private final int type;
    private final Ie[] children;
    /**
     * {@link #children} as a list, made on first use: the decoder builds only the array (one object less per
     * group). A race makes at most one more view of the same immutable array.
     */
    private IeList view;

    public GroupedIe(int type, List<Ie> children) {
        IeList list = IeList.copyOf(children);
        this.type = type;
        this.children = list.array();
        this.view = list;
    }

    public GroupedIe(IeType type, List<Ie> children) {
        this(type.code(), children);
    }

    /** The decoder's form: takes the children array, which nobody else holds, without a copy. */
    GroupedIe(IeType type, Ie[] children) {
        this.type = type.code();
        this.children = children;
    }

    @Override
    public final int type() {
        return type;
    }

    @Override
    public final List<Ie> ies() {
        IeList list = view;
        if (list == null) {
            list = IeList.of(children);
            view = list;
        }
        return list;
    }

    @Override
    public final int ieCount() {
        return children.length;
    }

    @Override
    public final Ie ie(int index) {
        return children[index];
    }

    /** The children array, for the package's own reads; never modified. */
    final Ie[] childArray() {
        return children;
    }

    @Override
    public final void encodeValue(ByteBuf out) {
        for (Ie child : children) {
            IeCodec.encode(child, out);
        }
    }

    @Override
    public void describe(IeFields fields) {
        // Children are walked by IeTree.
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupedIe g && g.type == type && Arrays.equals(g.children, children);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(children);
    }

    @Override
    public String toString() {
        return IeType.nameOf(type) + ies();
    }
}
