package org.upf.bpf;

/** Map update semantics (BPF_ANY, BPF_NOEXIST, BPF_EXIST). */
public enum UpdateFlags {
    /** Create or replace. */
    ANY(0),
    /** Create only; EEXIST if the key is present. */
    NOEXIST(1),
    /** Replace only; ENOENT if the key is absent. */
    EXIST(2);

    final long value;

    UpdateFlags(long value) {
        this.value = value;
    }
}
