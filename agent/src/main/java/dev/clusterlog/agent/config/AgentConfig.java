package dev.clusterlog.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The agent's configuration: one YAML file whose every key is listed, with its default, in
 * {@code agent-reference.yaml}. Unknown keys are rejected with the list of valid ones; a bad
 * value names the key, the value and what was expected. Immutable once loaded.
 */
public record AgentConfig(String id, String node, Path stateDir, long pollIntervalNanos, List<Source> sources,
        PipelineConfig pipeline, OutputConfig output, String metricsListen, KubernetesConfig kubernetes) {

    /** The journald units read when a journald source names none. */
    public static final List<String> DEFAULT_UNITS = List.of("kubelet", "containerd", "docker");
    /** The pod labels shipped as stream labels when {@code kubernetes.labels} is not given. */
    public static final List<String> DEFAULT_POD_LABELS = List.of("app", "app.kubernetes.io/name",
            "app.kubernetes.io/instance", "app.kubernetes.io/component");

    /** Before {@link #AgentConfig(String, String, Path, long, List, PipelineConfig, OutputConfig, String, KubernetesConfig)}: no Kubernetes API. */
    public AgentConfig(String id, String node, Path stateDir, long pollIntervalNanos, List<Source> sources,
            PipelineConfig pipeline, OutputConfig output, String metricsListen) {
        this(id, node, stateDir, pollIntervalNanos, sources, pipeline, output, metricsListen, KubernetesConfig.DISABLED);
    }

    /**
     * One input. {@code type}: kubernetes (a node root), docker, klog, file (glob paths) or journald
     * ({@code units}, {@code journalDirectory}, {@code journalFile}, {@code journalctl}).
     */
    public record Source(String name, String type, Path nodeRoot, List<String> paths, String tag,
            Map<String, String> labels, String parser, String regex, boolean startAtEnd, String multiline,
            String multilineStart, String multilineContinue, long multilineTimeoutNanos, List<String> units,
            String journalDirectory, String journalFile, String journalctl) {

        public Source(String name, String type, Path nodeRoot, List<String> paths, String tag,
                Map<String, String> labels, String parser, String regex, boolean startAtEnd, String multiline,
                String multilineStart, String multilineContinue, long multilineTimeoutNanos) {
            this(name, type, nodeRoot, paths, tag, labels, parser, regex, startAtEnd, multiline, multilineStart,
                    multilineContinue, multilineTimeoutNanos, DEFAULT_UNITS, null, null, "journalctl");
        }
    }

    /**
     * Pod labels and annotations from the Kubernetes API ({@code kubernetes:}): off by default;
     * {@code apiServer} and {@code kubeconfig} null mean in-cluster (service account) or the
     * client's usual discovery; {@code labels} is the allow-list of pod labels shipped as stream
     * labels, each prefixed with {@code labelPrefix} and made a valid label name.
     */
    public record KubernetesConfig(boolean enabled, String apiServer, String kubeconfig, String nodeName,
            List<String> labels, String labelPrefix) {
        public static final KubernetesConfig DISABLED = new KubernetesConfig(false, null, null, null, DEFAULT_POD_LABELS, "");
    }

    public record PipelineConfig(List<String> keep, List<String> drop, List<Map<String, String>> mask, double rateLimit,
            long lineLimit) {
    }

    public record OutputConfig(String type, String url, String path, String tenant, long batchSize, long batchWaitNanos,
            long retryMinNanos, long retryMaxNanos, long bufferQuota, long timeoutNanos, String buffer) {
    }

    /** Thrown for a configuration that cannot be used; the message says key, value and rule. */
    public static final class ConfigException extends Exception {
        public ConfigException(String message) {
            super(message);
        }
    }

    private static final Set<String> TOP = Set.of("agent", "sources", "pipeline", "output", "metrics", "kubernetes");
    private static final Set<String> AGENT = Set.of("id", "node", "state_dir", "poll_interval");
    private static final Set<String> SOURCE = Set.of("name", "type", "node_root", "paths", "tag", "labels", "parser",
            "regex", "read_from", "multiline", "multiline_start", "multiline_continue", "multiline_timeout", "units",
            "directory", "file", "journalctl");
    private static final Set<String> KUBERNETES = Set.of("enabled", "api_server", "kubeconfig", "node_name", "labels",
            "label_prefix");
    private static final Set<String> PIPELINE = Set.of("keep", "drop", "mask", "rate_limit", "line_limit");
    private static final Set<String> OUTPUT = Set.of("type", "url", "path", "tenant", "batch_size", "batch_wait",
            "retry_min", "retry_max", "buffer_quota", "timeout", "buffer");
    private static final Set<String> METRICS = Set.of("listen");

    public static AgentConfig load(Path file) throws IOException, ConfigException {
        try (InputStream in = Files.newInputStream(file)) {
            Object doc = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromInputStream(in);
            return parse(doc == null ? Map.of() : doc, file.toString());
        } catch (org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public static AgentConfig parse(String yaml) throws ConfigException {
        try {
            Object doc = new Load(LoadSettings.builder().build()).loadFromString(yaml);
            return parse(doc == null ? Map.of() : doc, "config");
        } catch (org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
            throw new ConfigException("config: not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The built-in defaults: the kubernetes source on /var/log, stdout output. */
    public static AgentConfig defaults() {
        try {
            return parse(Map.of(), "defaults");
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AgentConfig parse(Object doc, String where) throws ConfigException {
        Map<String, Object> top = map(doc, where, TOP);
        Map<String, Object> agent = map(top.getOrDefault("agent", Map.of()), "agent", AGENT);
        String host = hostname();
        String id = str(agent, "agent.id", host);
        String node = str(agent, "agent.node", host);
        Path state = Path.of(str(agent, "agent.state_dir", "/var/lib/clusterlog-agent"));
        long poll = duration(agent, "agent.poll_interval", "250ms");
        List<Source> sources = new ArrayList<>();
        Object srcs = top.get("sources");
        if (srcs == null) {
            sources.add(new Source("kubernetes", "kubernetes", Path.of("/var/log"), List.of(), null, Map.of(), "none", null,
                    false, "none", null, null, 1_000_000_000L));
        } else {
            if (!(srcs instanceof List<?> list)) {
                throw new ConfigException("Invalid value for configuration sources: expected a list of sources");
            }
            int i = 0;
            for (Object o : list) {
                String at = "sources[" + i++ + "]";
                Map<String, Object> s = map(o, at, SOURCE);
                String type = str(s, at + ".type", "file");
                if (!Set.of("file", "kubernetes", "docker", "klog", "journald").contains(type)) {
                    throw new ConfigException("Invalid value " + type + " for configuration " + at
                            + ".type: expected kubernetes, docker, klog, file or journald");
                }
                if (!type.equals("journald")) {
                    for (String k : List.of("units", "directory", "file", "journalctl")) {
                        if (s.containsKey(k)) {
                            throw new ConfigException("Invalid configuration " + at + "." + k
                                    + ": only a journald source has it (type is " + type + ")");
                        }
                    }
                }
                String journalDir = str(s, at + ".directory", null);
                String journalFile = str(s, at + ".file", null);
                if (journalDir != null && journalFile != null) {
                    throw new ConfigException("Invalid configuration " + at
                            + ": directory and file exclude each other (journalctl reads one or the other)");
                }
                List<String> units = s.containsKey("units") ? strings(s, at + ".units") : DEFAULT_UNITS;
                List<String> paths = strings(s, at + ".paths");
                if (type.equals("file") && paths.isEmpty()) {
                    throw new ConfigException("Missing configuration " + at + ".paths: a file source needs glob paths");
                }
                String parser = str(s, at + ".parser", type.equals("klog") ? "klog" : "none");
                if (!Set.of("none", "json", "logfmt", "klog", "regex").contains(parser)) {
                    throw new ConfigException("Invalid value " + parser + " for configuration " + at
                            + ".parser: expected none, json, logfmt, klog or regex");
                }
                String regex = str(s, at + ".regex", null);
                if (parser.equals("regex") && regex == null) {
                    throw new ConfigException("Missing configuration " + at + ".regex: parser regex needs a pattern");
                }
                String readFrom = str(s, at + ".read_from", "beginning");
                if (!readFrom.equals("beginning") && !readFrom.equals("end")) {
                    throw new ConfigException("Invalid value " + readFrom + " for configuration " + at
                            + ".read_from: expected beginning or end");
                }
                Map<String, String> labels = new LinkedHashMap<>();
                Object l = s.get("labels");
                if (l instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
                } else if (l != null) {
                    throw new ConfigException("Invalid value for configuration " + at + ".labels: expected a map");
                }
                String multiline = str(s, at + ".multiline", "none");
                if (!Set.of("none", "java", "python", "go", "auto", "custom").contains(multiline)) {
                    throw new ConfigException("Invalid value " + multiline + " for configuration " + at
                            + ".multiline: expected none, java, python, go, auto or custom");
                }
                String mlStart = str(s, at + ".multiline_start", null);
                if (multiline.equals("custom") && mlStart == null) {
                    throw new ConfigException("Missing configuration " + at + ".multiline_start: multiline custom needs a start pattern");
                }
                sources.add(new Source(str(s, at + ".name", type + (i - 1)), type,
                        Path.of(str(s, at + ".node_root", type.equals("docker") ? "/var/lib/docker/containers" : "/var/log")), paths, str(s, at + ".tag", null), labels, parser,
                        regex, readFrom.equals("end"), multiline, mlStart, str(s, at + ".multiline_continue", null),
                        duration(s, at + ".multiline_timeout", "1s"), units, journalDir, journalFile,
                        str(s, at + ".journalctl", "journalctl")));
            }
        }
        Map<String, Object> p = map(top.getOrDefault("pipeline", Map.of()), "pipeline", PIPELINE);
        List<Map<String, String>> masks = new ArrayList<>();
        Object mk = p.get("mask");
        if (mk instanceof List<?> ml) {
            int i = 0;
            for (Object o : ml) {
                Map<String, Object> m = map(o, "pipeline.mask[" + i + "]", Set.of("pattern", "replacement"));
                String pattern = str(m, "pipeline.mask[" + i + "].pattern", null);
                if (pattern == null) {
                    throw new ConfigException("Missing configuration pipeline.mask[" + i + "].pattern");
                }
                masks.add(Map.of("pattern", pattern, "replacement", str(m, "pipeline.mask[" + i + "].replacement", "****")));
                i++;
            }
        }
        PipelineConfig pipeline = new PipelineConfig(strings(p, "pipeline.keep"), strings(p, "pipeline.drop"), masks,
                number(p, "pipeline.rate_limit", 0), bytes(p, "pipeline.line_limit", "1MiB"));
        Map<String, Object> o = map(top.getOrDefault("output", Map.of()), "output", OUTPUT);
        String type = str(o, "output.type", "stdout");
        if (!Set.of("http", "stdout", "file").contains(type)) {
            throw new ConfigException("Invalid value " + type + " for configuration output.type: expected http, stdout or file");
        }
        OutputConfig output = new OutputConfig(type, str(o, "output.url", "http://127.0.0.1:3100"),
                str(o, "output.path", null), str(o, "output.tenant", ""), bytes(o, "output.batch_size", "1MiB"),
                duration(o, "output.batch_wait", "1s"), duration(o, "output.retry_min", "200ms"),
                duration(o, "output.retry_max", "30s"), bytes(o, "output.buffer_quota", "64MiB"),
                duration(o, "output.timeout", "10s"), str(o, "output.buffer", "memory"));
        if (!output.buffer().equals("memory") && !output.buffer().equals("disk")) {
            throw new ConfigException("Invalid value " + output.buffer() + " for configuration output.buffer: expected memory or disk");
        }
        if (type.equals("file") && output.path() == null) {
            throw new ConfigException("Missing configuration output.path: output type file needs a path");
        }
        Map<String, Object> m = map(top.getOrDefault("metrics", Map.of()), "metrics", METRICS);
        Map<String, Object> k = map(top.getOrDefault("kubernetes", Map.of()), "kubernetes", KUBERNETES);
        Object enabled = k.getOrDefault("enabled", false);
        if (!(enabled instanceof Boolean)) {
            throw new ConfigException("Invalid value " + enabled + " for configuration kubernetes.enabled: expected true or false");
        }
        KubernetesConfig kubernetes = new KubernetesConfig((Boolean) enabled, str(k, "kubernetes.api_server", null),
                str(k, "kubernetes.kubeconfig", null), str(k, "kubernetes.node_name", node),
                k.containsKey("labels") ? strings(k, "kubernetes.labels") : DEFAULT_POD_LABELS,
                str(k, "kubernetes.label_prefix", ""));
        return new AgentConfig(id, node, state, poll, List.copyOf(sources), pipeline, output,
                m.containsKey("listen") ? String.valueOf(m.get("listen") == null ? "" : m.get("listen")) : "127.0.0.1:9105",
                kubernetes);
    }

    public AgentConfig withOverrides(Path nodeRoot, String server, Path state) {
        List<Source> srcs = sources;
        if (nodeRoot != null) {
            srcs = sources.stream().map(s -> s.type().equals("kubernetes") ? new Source(s.name(), s.type(), nodeRoot,
                    s.paths(), s.tag(), s.labels(), s.parser(), s.regex(), s.startAtEnd(), s.multiline(),
                    s.multilineStart(), s.multilineContinue(), s.multilineTimeoutNanos(), s.units(), s.journalDirectory(),
                    s.journalFile(), s.journalctl()) : s).toList();
        }
        OutputConfig out = output;
        if (server != null) {
            out = new OutputConfig("http", server, output.path(), output.tenant(), output.batchSize(),
                    output.batchWaitNanos(), output.retryMinNanos(), output.retryMaxNanos(), output.bufferQuota(),
                    output.timeoutNanos(), output.buffer());
        }
        return new AgentConfig(id, node, state != null ? state : stateDir, pollIntervalNanos, srcs, pipeline, out,
                metricsListen, kubernetes);
    }

    private static String hostname() {
        String h = System.getenv("NODE_NAME");
        if (h != null && !h.isEmpty()) {
            return h;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String at, Set<String> valid) throws ConfigException {
        if (!(o instanceof Map<?, ?> m)) {
            throw new ConfigException("Invalid value for configuration " + at + ": expected a map with keys "
                    + new TreeSet<>(valid));
        }
        for (Object k : m.keySet()) {
            if (!valid.contains(String.valueOf(k))) {
                throw new ConfigException("Unknown configuration key " + (at.equals("config") || at.contains("/")
                        ? "" : at + ".") + k + ": valid keys are " + new TreeSet<>(valid));
            }
        }
        return (Map<String, Object>) m;
    }

    private static String str(Map<String, Object> m, String key, String def) {
        Object v = m.get(key.substring(key.lastIndexOf('.') + 1));
        return v == null || "".equals(v) ? def : String.valueOf(v);
    }

    private static List<String> strings(Map<String, Object> m, String key) throws ConfigException {
        Object v = m.get(key.substring(key.lastIndexOf('.') + 1));
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        if (!(v instanceof List<?> l)) {
            throw new ConfigException("Invalid value " + v + " for configuration " + key + ": expected a list of strings");
        }
        return l.stream().map(String::valueOf).toList();
    }

    private static double number(Map<String, Object> m, String key, double def) throws ConfigException {
        Object v = m.get(key.substring(key.lastIndexOf('.') + 1));
        if (v == null) {
            return def;
        }
        try {
            return Double.parseDouble(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new ConfigException("Invalid value " + v + " for configuration " + key + ": expected a number");
        }
    }

    /** Durations like 250ms, 1s, 5m, 1h. */
    static long duration(Map<String, Object> m, String key, String def) throws ConfigException {
        String v = str(m, key, def).trim();
        java.util.regex.Matcher x = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(v);
        if (!x.matches()) {
            throw new ConfigException("Invalid value " + v + " for configuration " + key
                    + ": expected a duration like 250ms, 1s, 5m or 1h");
        }
        long n = Long.parseLong(x.group(1));
        return switch (x.group(2)) {
            case "ms" -> n * 1_000_000L;
            case "s" -> n * 1_000_000_000L;
            case "m" -> n * 60_000_000_000L;
            default -> n * 3_600_000_000_000L;
        };
    }

    /** Sizes like 512, 64KiB, 1MiB, 1GiB (also KB/MB/GB as powers of 1000). */
    static long bytes(Map<String, Object> m, String key, String def) throws ConfigException {
        String v = str(m, key, def).trim();
        java.util.regex.Matcher x = java.util.regex.Pattern.compile("(\\d+)\\s*([KMG]i?B)?").matcher(v);
        if (!x.matches()) {
            throw new ConfigException("Invalid value " + v + " for configuration " + key
                    + ": expected a size like 512, 64KiB, 1MiB or 1GiB");
        }
        long n = Long.parseLong(x.group(1));
        String unit = x.group(2) == null ? "" : x.group(2).toUpperCase(Locale.ROOT);
        return switch (unit) {
            case "KIB" -> n << 10;
            case "MIB" -> n << 20;
            case "GIB" -> n << 30;
            case "KB" -> n * 1000;
            case "MB" -> n * 1_000_000;
            case "GB" -> n * 1_000_000_000;
            default -> n;
        };
    }
}
