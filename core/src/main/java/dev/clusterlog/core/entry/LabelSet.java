package dev.clusterlog.core.entry;

import dev.clusterlog.core.io.ByteReader;
import dev.clusterlog.core.io.ByteWriter;
import dev.clusterlog.core.text.GoStrings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream's identity: a set of label names and values, sorted by name, immutable. Printed as
 * Prometheus/Loki do: {@code {container="count", namespace="default"}}. Names are unique; an
 * empty value is the same as an absent label (Loki drops such labels), so it is not kept.
 */
public final class LabelSet implements Comparable<LabelSet> {
    public static final LabelSet EMPTY = new LabelSet(new String[0]);

    /** name0, value0, name1, value1, ... sorted by name. */
    private final String[] pairs;
    private int hash;

    private LabelSet(String[] pairs) {
        this.pairs = pairs;
    }

    public static LabelSet of(Map<String, String> labels) {
        TreeMap<String, String> sorted = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                sorted.put(k, v);
            }
        });
        String[] p = new String[sorted.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            p[i++] = e.getKey();
            p[i++] = e.getValue();
        }
        return new LabelSet(p);
    }

    /** From alternating names and values: {@code of("namespace", "default", "pod", "counter")}. */
    public static LabelSet of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected name, value pairs, got " + namesAndValues.length + " strings");
        }
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return of(m);
    }

    public int size() {
        return pairs.length / 2;
    }

    public String name(int i) {
        return pairs[2 * i];
    }

    public String value(int i) {
        return pairs[2 * i + 1];
    }

    /** The value of a label, or null when absent. */
    public String get(String name) {
        int lo = 0;
        int hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = pairs[2 * mid].compareTo(name);
            if (c == 0) {
                return pairs[2 * mid + 1];
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }

    public List<String> names() {
        List<String> n = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            n.add(name(i));
        }
        return n;
    }

    public Map<String, String> toMap() {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < size(); i++) {
            m.put(name(i), value(i));
        }
        return m;
    }

    /** A copy with one label set (or removed, when the value is null or empty). */
    public LabelSet with(String name, String value) {
        Map<String, String> m = toMap();
        if (value == null || value.isEmpty()) {
            m.remove(name);
        } else {
            m.put(name, value);
        }
        return of(m);
    }

    /**
     * Writes the binary form (strings as in {@link ByteWriter}):
     * {@code labels := pairCount:varint (name:string value:string){pairCount}}, names sorted.
     */
    public void writeTo(ByteWriter out) {
        out.writeVarInt(size());
        for (String s : pairs) {
            out.writeString(s);
        }
    }

    /** Reads what {@link #writeTo} wrote; IllegalStateException naming the offset when the bytes are not a label set. */
    public static LabelSet readFrom(ByteReader in) {
        int n = in.readVarInt();
        if (n > in.remaining() / 2) {
            throw new IllegalStateException("label count " + n + " exceeds the " + in.remaining()
                    + " bytes left at " + in.position());
        }
        String[] kv = new String[n * 2];
        for (int i = 0; i < kv.length; i++) {
            kv[i] = in.readString();
        }
        return of(kv);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSet other && Arrays.equals(pairs, other.pairs);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(pairs);
            hash = h;
        }
        return h;
    }

    @Override
    public int compareTo(LabelSet o) {
        int n = Math.min(pairs.length, o.pairs.length);
        for (int i = 0; i < n; i++) {
            int c = pairs[i].compareTo(o.pairs[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pairs.length, o.pairs.length);
    }

    /** {@code {a="1", b="2"}} with Go-style escaping of values, as Loki prints stream labels. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(name(i)).append('=').append(GoStrings.quote(value(i)));
        }
        return sb.append('}').toString();
    }
}
