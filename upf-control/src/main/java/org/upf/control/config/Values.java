package org.upf.control.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.upf.bpf.dataplane.DenseRange;
import org.upf.control.alloc.Cidr;
import org.upf.control.session.JournalSync;

/** Readers of configuration values; each throws IllegalArgumentException saying what is wrong with the value. */
final class Values {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    /** Microseconds: only for a thread's time slice, where every other duration key would truncate to milliseconds. */
    private static final Pattern MICROS = Pattern.compile("(\\d+)us");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,13})(KiB|MiB|GiB)?");
    private static final Pattern FQDN = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Set<String> POOL_FIELDS = Set.of("name", "ipv4", "ipv6", "ipv6PrefixLength");

    private Values() {
    }

    static String text(JsonNode v) {
        if (v == null || !v.isValueNode() || v.isNull()) {
            throw new IllegalArgumentException("expected a single value");
        }
        String s = v.asText().trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return s;
    }

    static String interfaceName(JsonNode v) {
        String s = text(v);
        if (s.length() > 15 || s.contains("/") || s.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("\"" + s + "\" is not an interface name (at most 15 characters, no / or spaces)");
        }
        return s;
    }

    static InetAddress address(JsonNode v) {
        Cidr c = Cidr.parse(text(v));
        if (c.length() != c.address().getAddress().length * 8) {
            throw new IllegalArgumentException("\"" + text(v) + "\" is a prefix, expected one address");
        }
        return c.address();
    }

    static int integer(JsonNode v, int min, int max) {
        String s = text(v);
        long n;
        try {
            n = Long.parseLong(s.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + s + "\" is not an integer");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(n + " is not in " + min + ".." + max);
        }
        return (int) n;
    }

    /** Map entries: at least 2 (slot 0 of every array is reserved). */
    static int mapSize(JsonNode v) {
        return integer(v, 2, 1 << 28);
    }

    static int powerOfTwo(JsonNode v, int min) {
        int n = integer(v, min, 1 << 30);
        if (Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException(n + " is not a power of two");
        }
        return n;
    }

    /** "250ms", "3s", "5m", "1h" or ISO-8601 ("PT3S"). */
    /** The data path's next-hop cache lifetime: 0 (every packet asks the FIB) up to 1h. */
    static Duration nextHopTtl(JsonNode v) {
        Duration d = duration(v);
        if (d.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("must be at most 1h, got " + text(v));
        }
        if (!d.isZero() && d.toMillis() == 0) { // the data path counts whole milliseconds: 0 would turn the cache off
            throw new IllegalArgumentException("must be 0 (off) or at least 1ms, got " + text(v));
        }
        return d;
    }

    static Duration duration(JsonNode v) {
        String s = text(v).toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            } catch (ArithmeticException | NumberFormatException e) {
                throw tooLong(v);
            }
        }
        try {
            Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("\"" + text(v) + "\" is not a duration such as 500ms, 3s, 1m");
    }

    /** A thread's time slice: 0 (the kernel's default) or 100us..100ms, the range Linux accepts (sched_setattr(2)). */
    static Duration slice(JsonNode v) {
        Matcher us = MICROS.matcher(text(v).toLowerCase(Locale.ROOT));
        Duration d;
        try {
            d = us.matches() ? Duration.ofNanos(Math.multiplyExact(Long.parseLong(us.group(1)), 1_000)) : duration(v);
        } catch (ArithmeticException | NumberFormatException e) {
            throw tooLong(v);
        }
        if (!d.isZero() && (d.compareTo(Duration.ofNanos(100_000)) < 0 || d.compareTo(Duration.ofMillis(100)) > 0)) {
            throw new IllegalArgumentException(text(v) + " is outside 100us..100ms (or 0s: the kernel's default)");
        }
        return d;
    }

    private static IllegalArgumentException tooLong(JsonNode v) {
        return new IllegalArgumentException(text(v) + " is too long");
    }

    static Duration positiveDuration(JsonNode v) {
        Duration d = duration(v);
        if (d.isZero()) {
            throw new IllegalArgumentException("must be greater than zero");
        }
        return d;
    }

    /** An IP address or an FQDN (TS 29.244 §8.2.38 Node ID types). */
    static String nodeId(JsonNode v) {
        String s = text(v);
        try {
            return address(v).getHostAddress();
        } catch (IllegalArgumentException notAnAddress) {
            if (!FQDN.matcher(s).matches() || s.length() > 253) {
                throw new IllegalArgumentException("\"" + s + "\" is neither an IP address nor an FQDN");
            }
            return s;
        }
    }

    /** "ADDRESS:PORT" or "[IPv6]:PORT"; port 0 picks a free port. */
    static InetSocketAddress socketAddress(JsonNode v) {
        String s = text(v);
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("\"" + s + "\" is not ADDRESS:PORT");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress a = address(TextNode.valueOf(host));
        return new InetSocketAddress(a, integer(TextNode.valueOf(s.substring(colon + 1)), 0, 65535));
    }

    /** An ADDRESS:PORT on loopback: for endpoints without authentication that only local tools may reach. */
    static InetSocketAddress loopbackSocketAddress(JsonNode v) {
        InetSocketAddress a = socketAddress(v);
        if (!a.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException(a.getAddress().getHostAddress() + " is not a loopback address"
                    + " (127.0.0.0/8 or ::1)");
        }
        return a;
    }

    static boolean bool(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String s = text(v);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("\"" + s + "\" is not true or false");
    }

    /**
     * A journal size: octets, or with a unit KiB, MiB, GiB ("64MiB"); 0 (compact only at start-up) or at least 64KiB,
     * so a journal whose live state alone is larger is not compacted over and over (docs/configuration.md).
     */
    static long journalSize(JsonNode v) {
        Matcher m = SIZE.matcher(text(v).replace("_", ""));
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text(v) + "\" is not a size (e.g. 65536, 512KiB, 64MiB, 1GiB)");
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            default -> 30;
        };
        long n = Long.parseLong(m.group(1));
        if (n > (1L << 40) >> shift) {
            throw new IllegalArgumentException(text(v) + " is more than 1TiB");
        }
        n <<= shift;
        if (n != 0 && n < 64 << 10) {
            throw new IllegalArgumentException(text(v) + " is neither 0 (off) nor at least 64KiB");
        }
        return n;
    }

    /** always, batch or none (docs/configuration.md, journal.sync). */
    static JournalSync journalSync(JsonNode v) {
        String s = text(v);
        for (JournalSync m : JournalSync.values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("\"" + s + "\" is not always, batch or none");
    }

    static Path directory(JsonNode v) {
        Path p = Path.of(text(v));
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("\"" + p + "\" is not an absolute path");
        }
        Path parent = Files.isDirectory(p) ? p : p.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("neither \"" + p + "\" nor its parent directory exists");
        }
        return p;
    }

    static SmfAllowList allowList(JsonNode v) {
        List<Cidr> prefixes = new ArrayList<>();
        List<String> fqdns = new ArrayList<>();
        for (JsonNode e : list(v)) {
            String s = text(e);
            try {
                prefixes.add(Cidr.parse(s));
            } catch (IllegalArgumentException notAPrefix) {
                fqdns.add(nodeId(e));
            }
        }
        return new SmfAllowList(prefixes, fqdns);
    }

    /** A list of ADDRESS/LENGTH dense downlink ranges (a single one as a string). */
    static List<DenseRange> denseRanges(JsonNode v) {
        List<DenseRange> out = new ArrayList<>();
        for (JsonNode e : list(v)) {
            out.add(DenseRange.parse(text(e)));
        }
        return out;
    }

    /**
     * Pools as objects ({name, ipv4, ipv6, ipv6PrefixLength}) or strings ("NAME=PREFIX" or "PREFIX"); strings with the
     * same name merge, so {@code --ue-pool internet=198.19.0.0/16 --ue-pool internet=2001:db8:200::/48} is one pool.
     */
    static List<UePoolConfig> pools(JsonNode v) {
        Map<String, UePoolConfig> byName = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode e : list(v)) {
            String at = "ue.pools[" + i++ + "]";
            UePoolConfig p = e.isObject() ? poolObject(e, at) : poolString(text(e));
            UePoolConfig old = byName.get(p.name());
            if (old != null) {
                if ((old.ipv4() != null && p.ipv4() != null) || (old.ipv6() != null && p.ipv6() != null)) {
                    throw new IllegalArgumentException("pool \"" + p.name() + "\" is given twice for one address family");
                }
                p = new UePoolConfig(p.name(), old.ipv4() != null ? old.ipv4() : p.ipv4(),
                        old.ipv6() != null ? old.ipv6() : p.ipv6(), Math.max(old.ipv6PrefixLength(), p.ipv6PrefixLength()));
            }
            byName.put(p.name(), p);
        }
        if (byName.isEmpty()) {
            throw new IllegalArgumentException("needs at least one pool");
        }
        return List.copyOf(byName.values());
    }

    private static UePoolConfig poolObject(JsonNode e, String at) {
        for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!POOL_FIELDS.contains(f)) {
                throw ConfigException.unknownKey(at + "." + f);
            }
        }
        try {
            Cidr v4 = e.has("ipv4") ? family(Cidr.parse(text(e.get("ipv4"))), true) : null;
            Cidr v6 = e.has("ipv6") ? family(Cidr.parse(text(e.get("ipv6"))), false) : null;
            int plen = e.has("ipv6PrefixLength") ? integer(e.get("ipv6PrefixLength"), 1, 128) : 64;
            if (v4 == null && v6 == null) {
                throw new IllegalArgumentException("needs ipv4 or ipv6");
            }
            return checked(new UePoolConfig(e.has("name") ? text(e.get("name")) : "", v4, v6, plen));
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(at, ex.getMessage());
        }
    }

    private static UePoolConfig poolString(String s) {
        int eq = s.indexOf('=');
        String name = eq < 0 ? "" : s.substring(0, eq).trim();
        Cidr c = Cidr.parse(s.substring(eq + 1));
        return checked(new UePoolConfig(name, c.isIpv4() ? c : null, c.isIpv4() ? null : c, 64));
    }

    private static UePoolConfig checked(UePoolConfig p) {
        if (p.ipv4() != null && p.ipv4().length() > 30) {
            throw new IllegalArgumentException("IPv4 pool " + p.ipv4() + " is smaller than a /30");
        }
        if (p.ipv6() != null && p.ipv6().length() >= p.ipv6PrefixLength()) {
            throw new IllegalArgumentException("IPv6 pool " + p.ipv6() + " holds no /" + p.ipv6PrefixLength());
        }
        return p;
    }

    private static Cidr family(Cidr c, boolean v4) {
        if (c.isIpv4() != v4) {
            throw new IllegalArgumentException(c + " is not an " + (v4 ? "IPv4" : "IPv6") + " prefix");
        }
        return c;
    }

    private static List<JsonNode> list(JsonNode v) {
        List<JsonNode> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(out::add);
        } else {
            out.add(v);
        }
        return out;
    }
}
