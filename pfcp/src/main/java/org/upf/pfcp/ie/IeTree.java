package org.upf.pfcp.ie;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generic name/value tree of an IE, for printers (JSON, logs) that do not know IE classes:
 * {@code name} and {@code type} of the IE, its leaf {@code fields} in wire order, and for grouped IEs
 * the {@code children}.
 */
public record IeTree(String name, int type, Map<String, Object> fields, List<IeTree> children) {

    public static IeTree of(Ie ie) {
        Map<String, Object> fields = new LinkedHashMap<>();
        ie.describe(new IeFields() {
            @Override
            public IeFields put(String name, Object value) {
                fields.put(name, value);
                return this;
            }
        });
        List<IeTree> children = new ArrayList<>();
        if (ie.unwrap() instanceof GroupedIe g) {
            for (Ie c : g.ies()) {
                children.add(of(c));
            }
        }
        return new IeTree(ie.name(), ie.type(), fields, children);
    }

    public static List<IeTree> of(List<Ie> ies) {
        List<IeTree> out = new ArrayList<>(ies.size());
        for (Ie ie : ies) {
            out.add(of(ie));
        }
        return out;
    }
}
