package org.upf.pfcp.ie;

import java.util.Arrays;
import java.util.List;

/**
 * Something holding an ordered list of IEs: a PFCP message body or a grouped IE. The typed accessors of
 * messages and groups are built on these lookups; they see through {@link ExtendedIe} wrappers.
 */
public interface IeContainer {

    /** All IEs in wire order. */
    List<Ie> ies();

    /**
     * How many IEs {@link #ies()} holds. The lookups below go through this and {@link #ie(int)}, which a grouped IE
     * answers from its children array: a lookup then makes no list view or iterator (issue 5: bytes allocated per
     * establishment, where every rule's accessors look up its children).
     */
    default int ieCount() {
        return ies().size();
    }

    /** The IE at {@code index} in wire order. */
    default Ie ie(int index) {
        return ies().get(index);
    }

    /** The first IE of this type, or {@code null}. */
    default Ie find(IeType type) {
        for (int i = 0, n = ieCount(); i < n; i++) {
            Ie ie = ie(i);
            if (ie.type() == type.code()) {
                return ie.unwrap();
            }
        }
        return null;
    }

    /** The first IE of this type cast to its decoded class, or {@code null} if absent. */
    default <T extends Ie> T find(IeType type, Class<T> cls) {
        return as(find(type), cls);
    }

    /** The IE as {@code cls}, converting a plain {@link GroupedIe} built by hand into its typed class. */
    private static <T extends Ie> T as(Ie ie, Class<T> cls) {
        if (cls.isInstance(ie)) {
            return cls.cast(ie);
        }
        if (ie instanceof GroupedIe g) {
            GroupedIe t = Groups.typed(g);
            return cls.isInstance(t) ? cls.cast(t) : null;
        }
        return null;
    }

    /**
     * Every IE of this type, in order, of the given class, as an unmodifiable list: none or one (most rules, most
     * requests) costs no list or one small one (issue 5: bytes allocated per establishment).
     */
    @SuppressWarnings("unchecked")
    default <T extends Ie> List<T> findAll(IeType type, Class<T> cls) {
        int count = countOf(type);
        if (count <= 1) {
            T only = count == 0 ? null : find(type, cls);
            return only == null ? List.of() : List.of(only);
        }
        Ie[] found = new Ie[count];
        int k = 0;
        for (int i = 0, n = ieCount(); i < n; i++) {
            Ie u = ie(i).unwrap();
            T t = u.type() == type.code() ? as(u, cls) : null;
            if (t != null) {
                found[k++] = t;
            }
        }
        // Every element is a T: the list is read only.
        return (List<T>) (List<? extends Ie>) IeList.of(k == count ? found : Arrays.copyOf(found, k));
    }

    default boolean has(IeType type) {
        return find(type) != null;
    }

    /**
     * Values of every integer IE of this type, in order (e.g. the URR IDs of a Create PDR), as an unmodifiable list,
     * which {@code List.copyOf} takes as it is (a rule keeps its IDs without another copy); most rules carry one.
     */
    default List<Long> uints(IeType type) {
        int count = countOf(type);
        if (count <= 1) {
            UintIe only = count == 0 ? null : find(type, UintIe.class);
            return only == null ? List.of() : List.of(only.value());
        }
        Long[] values = new Long[count];
        int k = 0;
        for (int i = 0, n = ieCount(); i < n; i++) {
            Ie u = ie(i).unwrap();
            UintIe t = u.type() == type.code() ? as(u, UintIe.class) : null;
            if (t != null) {
                values[k++] = t.value();
            }
        }
        return List.of(k == values.length ? values : Arrays.copyOf(values, k));
    }

    /**
     * How many IEs have this type: the capacity of the lists above, which most often hold one rule ID (a default
     * ArrayList would grow to ten cells on the first add; the lists are built for every rule of every request).
     */
    private int countOf(IeType type) {
        int count = 0;
        for (int i = 0, n = ieCount(); i < n; i++) {
            if (ie(i).unwrap().type() == type.code()) {
                count++;
            }
        }
        return count;
    }

    /** The text of an octet-string IE ({@link OctetsIe}) of this type, or {@code null} if absent. */
    default String text(IeType type) {
        OctetsIe ie = find(type, OctetsIe.class);
        return ie == null ? null : ie.text();
    }

    /** The value of an integer IE ({@link UintIe}) of this type, or -1 if absent. */
    default long uint(IeType type) {
        UintIe ie = find(type, UintIe.class);
        return ie == null ? -1 : ie.value();
    }
}
