package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * A grouped IE, TS 29.244 §8.1.1: its value is a sequence of IEs, decoded recursively with order and
 * unknown children preserved. Typed groups (e.g. {@link CreatePdr}) extend this with named accessors.
 */
public class GroupedIe implements Ie, IeContainer {
    private final int type;
    private final List<Ie> children;

    public GroupedIe(int type, List<Ie> children) {
        this.type = type;
        this.children = IeList.copyOf(children);
    }

    public GroupedIe(IeType type, List<Ie> children) {
        this(type.code(), children);
    }

    @Override
    public final int type() {
        return type;
    }

    @Override
    public final List<Ie> ies() {
        return children;
    }

    @Override
    public final void encodeValue(ByteBuf out) {
        IeCodec.encodeList(children, out);
    }

    @Override
    public void describe(IeFields fields) {
        // Children are walked by IeTree.
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupedIe g && g.type == type && g.children.equals(children);
    }

    @Override
    public int hashCode() {
        return type * 31 + children.hashCode();
    }

    @Override
    public String toString() {
        return IeType.nameOf(type) + children;
    }
}
