package dev.clusterlog.agent.enrich;

import dev.clusterlog.agent.metrics.AgentMetrics;
import dev.clusterlog.agent.pipeline.Batch;
import dev.clusterlog.agent.pipeline.BatchBuilder;
import dev.clusterlog.core.entry.LabelSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Adds the pod labels of a {@link PodMetadataCache} to each batch of a pod's stream on its way to
 * delivery (by the batch's {@code pod_uid} label), at the time it is cut: a pod the API has not
 * told about yet (or while the API is down) ships with the path labels only, counted in
 * {@code clusterlog_agent_kubernetes_unlabelled_batches_total}, and gets its labels on the first
 * batch after the API answered. A pod label never replaces a label the agent set. One copy of
 * the batch's columns per relabelled batch, none when there is nothing to add.
 */
public final class PodLabelEnricher implements Consumer<Batch> {
    private final Consumer<Batch> next;
    private final PodMetadataCache cache;
    private final AgentMetrics metrics;

    public PodLabelEnricher(Consumer<Batch> next, PodMetadataCache cache, AgentMetrics metrics) {
        this.next = next;
        this.cache = cache;
        this.metrics = metrics;
    }

    @Override
    public void accept(Batch batch) {
        String uid = batch.labels.get("pod_uid");
        if (uid == null) {
            next.accept(batch);
            return;
        }
        PodMetadataCache.Pod pod = cache.get(uid);
        if (pod == null) {
            if (batch.size() > 0) {
                metrics.increment("clusterlog_agent_kubernetes_unlabelled_batches_total", null, null);
            }
            next.accept(batch);
            return;
        }
        if (pod.labels().isEmpty() || batch.size() == 0) {
            next.accept(batch);
            return;
        }
        Map<String, String> labels = new TreeMap<>(batch.labels.toMap());
        boolean added = false;
        for (Map.Entry<String, String> e : pod.labels().entrySet()) {
            added |= labels.putIfAbsent(e.getKey(), e.getValue()) == null;
        }
        if (!added) {
            next.accept(batch);
            return;
        }
        BatchBuilder b = new BatchBuilder(batch.sourceId, batch.input, LabelSet.of(labels), batch.startOffset);
        for (int i = 0; i < batch.size(); i++) {
            b.add(batch.epochNanos(i), batch.stream(i), batch.data(), batch.lineOffset(i), batch.lineLength(i),
                    batch.metadata(i));
        }
        next.accept(b.build(batch.endOffset, batch.stateAfter));
    }
}
