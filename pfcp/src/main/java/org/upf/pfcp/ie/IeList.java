package org.upf.pfcp.ie;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Immutable list of IEs over an exact-size array: a message's IEs as the decoder builds them, taken by
 * {@link org.upf.pfcp.PfcpMessage} without another copy, and the view {@link GroupedIe#ies()} makes on first use of
 * the array a grouped IE keeps (decoding allocates one array per IE list, filled from the {@link IeReader}'s
 * scratch stack, and no list for a group).
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

    /** The backing array (never modified), for groups that keep their children as an array. */
    Ie[] array() {
        return ies;
    }

    /** The decoder's exact-size array of decoded IEs, taken without a copy. */
    static IeList of(Ie[] decoded) {
        return decoded.length == 0 ? EMPTY : new IeList(decoded);
    }
}
