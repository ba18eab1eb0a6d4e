package org.upf.control.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table as {@code ip -s}/{@code kubectl get} print them: upper-case headers, columns padded to their
 * widest cell, "-" for absent values. Numbers (long values) are right-aligned.
 */
final class Table {
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] numeric;

    Table(String... headers) {
        this.headers = headers;
        this.numeric = new boolean[headers.length];
    }

    /** One row; null cells and JSON nulls print as "-", JSON arrays as comma-separated values. */
    Table row(Object... cells) {
        String[] r = new String[headers.length];
        for (int i = 0; i < headers.length; i++) {
            Object c = i < cells.length ? cells[i] : null;
            if (c instanceof JsonNode j && j.isNumber() || c instanceof Number) {
                numeric[i] = true;
            }
            r[i] = text(c);
        }
        rows.add(r);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        int[] width = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            width[i] = headers[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        line(out, headers, width);
        rows.forEach(r -> line(out, r, width));
    }

    private void line(PrintWriter out, String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String pad = " ".repeat(width[i] - cells[i].length());
            b.append(numeric[i] && cells != headers ? pad + cells[i] : cells[i] + pad);
            if (i < cells.length - 1) {
                b.append("  ");
            }
        }
        out.println(b.toString().stripTrailing());
    }

    private static String text(Object c) {
        if (c == null) {
            return "-";
        }
        if (c instanceof JsonNode j) {
            if (j.isNull() || j.isMissingNode()) {
                return "-";
            }
            if (j.isArray()) {
                List<String> parts = new ArrayList<>();
                j.forEach(e -> parts.add(text(e)));
                return parts.isEmpty() ? "-" : String.join(",", parts);
            }
            return j.asText();
        }
        return c.toString();
    }
}
