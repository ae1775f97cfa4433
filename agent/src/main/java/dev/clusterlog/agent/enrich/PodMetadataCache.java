package dev.clusterlog.agent.enrich;

import dev.clusterlog.agent.multiline.MultilineRules;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.PatternSyntaxException;

/**
 * What the Kubernetes API says about the pods of this node, by pod UID, reduced to what the agent
 * uses: the allowed pod labels as stream labels (prefixed and made valid label names,
 * {@code [a-zA-Z_][a-zA-Z0-9_]*}), the exclusion annotation and the multi-line annotation (its
 * rules compiled once per pod update). Filled by {@link KubernetesPodWatcher}, read on the tailer
 * and shipper threads, never a request per line. A deleted pod stays for {@link #DELETED_GRACE_NANOS}
 * (its files are still read to their end). Thread-safe.
 */
public final class PodMetadataCache {
    public static final String EXCLUDE_ANNOTATION = "clusterlog.dev/exclude";
    public static final String MULTILINE_ANNOTATION = "clusterlog.dev/multiline";
    static final long DELETED_GRACE_NANOS = 600_000_000_000L;
    private static final System.Logger LOG = System.getLogger(PodMetadataCache.class.getName());

    /**
     * One pod: its shipped labels, whether its logs are excluded, and its multi-line rules (null:
     * the source's own; {@link #multilineName} says what the annotation asked for).
     */
    public record Pod(String uid, String namespace, String name, Map<String, String> labels, boolean excluded,
            String multilineName, MultilineRules multiline) {
    }

    private final List<String> allowed;
    private final String prefix;
    private final LongSupplier nanoClock;
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private final Map<String, Long> deleted = new ConcurrentHashMap<>();
    private volatile long version;

    public PodMetadataCache(List<String> allowedLabels, String labelPrefix, LongSupplier nanoClock) {
        this.allowed = List.copyOf(allowedLabels);
        this.prefix = labelPrefix == null ? "" : labelPrefix;
        this.nanoClock = nanoClock;
    }

    /** Adds or replaces a pod from its metadata. */
    public void put(String uid, String namespace, String name, Map<String, String> labels, Map<String, String> annotations) {
        Map<String, String> shipped = new TreeMap<>();
        if (labels != null) {
            for (String key : allowed) {
                String v = labels.get(key);
                if (v != null && !v.isEmpty()) {
                    shipped.put(labelName(prefix + key), v);
                }
            }
        }
        Map<String, String> a = annotations == null ? Map.of() : annotations;
        boolean excluded = "true".equalsIgnoreCase(a.getOrDefault(EXCLUDE_ANNOTATION, "").trim());
        String ml = a.get(MULTILINE_ANNOTATION);
        MultilineRules rules = null;
        if (ml != null && !ml.isBlank()) {
            ml = ml.trim();
            rules = MultilineRules.named(ml);
            if (rules == null && !ml.equals("none")) {
                try {
                    rules = MultilineRules.custom(ml, null);
                } catch (PatternSyntaxException e) {
                    LOG.log(System.Logger.Level.WARNING, "pod " + namespace + "/" + name + ": annotation "
                            + MULTILINE_ANNOTATION + " \"" + ml + "\" is neither java, go, python, auto, none nor a valid"
                            + " regex (" + e.getDescription() + "); the source's multi-line rule applies");
                    ml = null;
                }
            }
        } else {
            ml = null;
        }
        pods.put(uid, new Pod(uid, namespace, name, Map.copyOf(shipped), excluded, ml, rules));
        deleted.remove(uid);
        version++;
        evictDeleted();
    }

    /** A pod is gone from the API; its metadata stays a while for its files' last lines. */
    public void remove(String uid) {
        if (pods.containsKey(uid)) {
            deleted.put(uid, nanoClock.getAsLong());
        }
        evictDeleted();
    }

    private void evictDeleted() {
        long now = nanoClock.getAsLong();
        deleted.entrySet().removeIf(e -> {
            if (now - e.getValue() >= DELETED_GRACE_NANOS) {
                pods.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    /** The pod with this UID, or null when the API has not said (yet). */
    public Pod get(String uid) {
        return uid == null ? null : pods.get(uid);
    }

    public int size() {
        return pods.size();
    }

    /** Changes with every update (lets readers skip work when nothing changed). */
    public long version() {
        return version;
    }

    /** A Loki label name: invalid characters become {@code _}, a leading digit gets one before it. */
    public static String labelName(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 1);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || i > 0 && c >= '0' && c <= '9';
            if (i == 0 && c >= '0' && c <= '9') {
                sb.append('_').append(c);
            } else {
                sb.append(ok ? c : '_');
            }
        }
        return sb.isEmpty() ? "_" : sb.toString();
    }
}
