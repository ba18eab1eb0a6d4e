package org.upf.bpf.dataplane;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java side's statement of one C struct's layout (name, size, member offsets and sizes), declared by its
 * mirror class and checked against the BPF object's BTF by {@code MapLayoutTest}, so a change on one side
 * alone fails the build.
 */
public final class CStruct {
    /** One member: byte offset and byte size. */
    public record Member(String name, int offset, int size) {}

    private final String name;
    private final int size;
    private final Map<String, Member> members = new LinkedHashMap<>();

    private CStruct(String name, int size) {
        this.name = name;
        this.size = size;
    }

    public static CStruct of(String name, int size) {
        return new CStruct(name, size);
    }

    /** Declares the next member; returns this for chaining. */
    public CStruct member(String memberName, int offset, int bytes) {
        members.put(memberName, new Member(memberName, offset, bytes));
        return this;
    }

    public String name() {
        return name;
    }

    public int size() {
        return size;
    }

    public List<Member> members() {
        return List.copyOf(members.values());
    }

    /** Byte offset of a declared member. */
    public int offset(String memberName) {
        Member m = members.get(memberName);
        if (m == null) {
            throw new IllegalArgumentException("struct " + name + " has no member " + memberName);
        }
        return m.offset();
    }
}
