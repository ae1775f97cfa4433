package dev.clusterlog.agent.enrich;

import dev.clusterlog.agent.metrics.AgentMetrics;
import dev.clusterlog.agent.multiline.MultilineRules;
import dev.clusterlog.agent.tail.SourceHandler;
import dev.clusterlog.agent.tail.TailedSource;
import dev.clusterlog.core.kubernetes.PodLogPath;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts the pod annotations of a {@link PodMetadataCache} between a tailer and its handler: the
 * lines of a pod annotated {@code clusterlog.dev/exclude: "true"} are not passed on (the handler
 * sees the offset move over them, so the checkpoint advances; counted in
 * {@code clusterlog_agent_dropped_lines_total{reason="excluded"}}), and while a source opens,
 * {@link #multilineRules} tells the handler's grouper factory the pod's
 * {@code clusterlog.dev/multiline} rule. A source is opened at the handler when its first lines
 * come (the tailer knows its path only then). Called on the tailer's thread only.
 */
public final class PodAwareHandler implements SourceHandler {
    private final SourceHandler delegate;
    private final PodMetadataCache cache;
    private final AgentMetrics metrics;
    private final Map<String, String> uidBySource = new HashMap<>();
    /** Sources the tailer opened and the handler not yet, with their restored state. */
    private final Map<String, byte[]> pending = new HashMap<>();
    private static final byte[] NO_STATE = new byte[0];
    private TailedSource opening;

    public PodAwareHandler(SourceHandler delegate, PodMetadataCache cache, AgentMetrics metrics) {
        this.delegate = delegate;
        this.cache = cache;
        this.metrics = metrics;
    }

    /** The pod UID of a file of the kubelet layout, or null. */
    static String podUid(TailedSource source) {
        return source.path() == null ? null : PodLogPath.parse(source.path().toString()).map(PodLogPath::podUid).orElse(null);
    }

    /**
     * While a source opens: the multi-line rules its pod's annotation chose, {@code fallback} when
     * it chose none or the pod is unknown, null for "none".
     */
    public MultilineRules multilineRules(MultilineRules fallback) {
        PodMetadataCache.Pod pod = opening == null ? null : cache.get(uidBySource.get(opening.id()));
        if (pod == null || pod.multilineName() == null) {
            return fallback;
        }
        return pod.multiline();
    }

    @Override
    public void open(TailedSource source, byte[] restoredState) {
        pending.put(source.id(), restoredState == null ? NO_STATE : restoredState);
    }

    private void openNow(TailedSource source) {
        byte[] state = pending.remove(source.id());
        if (state == null) {
            return;
        }
        uidBySource.put(source.id(), podUid(source));
        opening = source;
        try {
            delegate.open(source, state == NO_STATE ? null : state);
        } finally {
            opening = null;
        }
    }

    @Override
    public void lines(TailedSource source, byte[] buf, int off, int len, long startOffset) {
        openNow(source);
        PodMetadataCache.Pod pod = cache.get(uidBySource.get(source.id()));
        if (pod != null && pod.excluded()) {
            int lines = 0;
            for (int i = off, end = off + len; i < end; i++) {
                if (buf[i] == '\n') {
                    lines++;
                }
            }
            metrics.add("clusterlog_agent_dropped_lines_total", "reason", "excluded", lines);
            delegate.lines(source, buf, off, 0, startOffset);
            return;
        }
        delegate.lines(source, buf, off, len, startOffset);
    }

    @Override
    public void close(TailedSource source) {
        openNow(source);
        delegate.close(source);
        uidBySource.remove(source.id());
    }

    @Override
    public boolean canAccept() {
        return delegate.canAccept();
    }
}
