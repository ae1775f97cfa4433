package dev.clusterlog.agent.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The agent's counters and gauges, rendered in the Prometheus text format (version 0.0.4).
 * Counters are keyed by name and one label pair; gauges are computed at scrape time.
 * Thread-safe.
 */
public final class AgentMetrics {
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Map<String, Double>>> gauges = new ConcurrentHashMap<>();
    private final Map<String, String> help = new ConcurrentHashMap<>();

    /** Adds to counter {@code name{label="value"}} (label may be null). */
    public void add(String name, String label, String value, long n) {
        counters.computeIfAbsent(key(name, label, value), k -> new LongAdder()).add(n);
    }

    public void increment(String name, String label, String value) {
        add(name, label, value, 1);
    }

    public long get(String name, String label, String value) {
        LongAdder a = counters.get(key(name, label, value));
        return a == null ? 0 : a.sum();
    }

    /** A gauge family whose samples (label set text to value) are computed at scrape time. */
    public void gauge(String name, String helpText, Supplier<Map<String, Double>> samples) {
        gauges.put(name, samples);
        help.put(name, helpText);
    }

    private static String key(String name, String label, String value) {
        if (label == null) {
            return name;
        }
        return name + "{" + label + "=\"" + escape(value) + "\"}";
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** The Prometheus text exposition of everything. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        Map<String, Map<String, Long>> byName = new TreeMap<>();
        counters.forEach((k, v) -> {
            int brace = k.indexOf('{');
            String name = brace < 0 ? k : k.substring(0, brace);
            byName.computeIfAbsent(name, n -> new TreeMap<>()).put(k, v.sum());
        });
        byName.forEach((name, samples) -> {
            sb.append("# TYPE ").append(name).append(" counter\n");
            samples.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        });
        new TreeMap<>(gauges).forEach((name, supplier) -> {
            sb.append("# HELP ").append(name).append(' ').append(help.get(name)).append('\n');
            sb.append("# TYPE ").append(name).append(" gauge\n");
            supplier.get().forEach((labels, v) -> sb.append(name).append(labels).append(' ').append(v).append('\n'));
        });
        return sb.toString();
    }
}
