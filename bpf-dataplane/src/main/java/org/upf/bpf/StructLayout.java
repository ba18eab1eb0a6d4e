package org.upf.bpf;

import java.util.List;
import java.util.Optional;

/**
 * A struct's layout as the BPF object's BTF records it, so Java mirrors can be checked against the C source of
 * truth. Members of anonymous structs/unions are flattened into their parent with absolute offsets; nested named
 * structs and arrays appear as one member of their full size (look the nested struct up by its own name).
 */
public record StructLayout(String name, int size, List<Member> members) {
    public StructLayout {
        members = List.copyOf(members);
    }

    /** One member: byte offset from the start of the struct and byte size (bitfields: the underlying type). */
    public record Member(String name, int offset, int size) {}

    public Optional<Member> member(String memberName) {
        return members.stream().filter(m -> m.name().equals(memberName)).findFirst();
    }
}
