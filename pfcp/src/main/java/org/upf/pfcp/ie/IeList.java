package org.upf.pfcp.ie;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * Immutable list of IEs over an exact-size array: what the decoder builds for each message and grouped IE,
 * taken by {@link GroupedIe} and {@link org.upf.pfcp.PfcpMessage} without another copy (decoding allocates
 * one array per IE list instead of a growable list plus an immutable copy).
 */
public final class IeList extends AbstractList<Ie> implements RandomAccess {
    private static final IeList EMPTY = new IeList(new Ie[0]);
    private final Ie[] ies;

    private IeList(Ie[] ies) {
        this.ies = ies;
    }

    /** An IeList with the elements of {@code list} (itself if it already is one); nulls are refused. */
    public static IeList copyOf(List<? extends Ie> list) {
        if (list instanceof IeList l) {
            return l;
        }
        Ie[] a = list.toArray(new Ie[0]);
        for (Ie ie : a) {
            if (ie == null) {
                throw new NullPointerException("null IE");
            }
        }
        return a.length == 0 ? EMPTY : new IeList(a);
    }

    @Override
    public Ie get(int index) {
        return ies[index];
    }

    @Override
    public int size() {
        return ies.length;
    }

    /** Collects IEs while decoding; {@link #build()} hands the array over without copying when full. */
    static final class Builder {
        private Ie[] ies = new Ie[8];
        private int size;

        void add(Ie ie) {
            if (size == ies.length) {
                ies = Arrays.copyOf(ies, size * 2);
            }
            ies[size++] = ie;
        }

        IeList build() {
            return size == 0 ? EMPTY : new IeList(size == ies.length ? ies : Arrays.copyOf(ies, size));
        }
    }
}
