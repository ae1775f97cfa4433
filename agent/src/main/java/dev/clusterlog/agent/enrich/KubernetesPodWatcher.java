package dev.clusterlog.agent.enrich;

import dev.clusterlog.agent.config.AgentConfig;
import dev.clusterlog.agent.metrics.AgentMetrics;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One watch per node on the Kubernetes API: a pod informer with the field selector
 * {@code spec.nodeName=<node>} (list, then watch, re-listed by the client after a lost watch),
 * feeding a {@link PodMetadataCache}. Configuration: {@code api_server} (a URL, no credentials),
 * {@code kubeconfig} (a file), or neither (in-cluster service account, else the client's usual
 * discovery). When the API is unreachable the agent goes on without pod labels: one WARN line when
 * it is first seen (checked once a second), {@code clusterlog_agent_kubernetes_watch_errors_total}
 * per failure or lost watch, one INFO line when it is back; the informer keeps retrying;
 * {@code clusterlog_agent_kubernetes_watching} says whether it is connected.
 */
public final class KubernetesPodWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(KubernetesPodWatcher.class.getName());

    private final AgentConfig.KubernetesConfig config;
    private final PodMetadataCache cache;
    private final AgentMetrics metrics;
    private KubernetesClient client;
    private SharedIndexInformer<Pod> informer;
    private volatile boolean downSaid;
    private java.util.concurrent.ScheduledExecutorService checker;

    public KubernetesPodWatcher(AgentConfig.KubernetesConfig config, PodMetadataCache cache, AgentMetrics metrics) {
        this.config = config;
        this.cache = cache;
        this.metrics = metrics;
    }

    static Config clientConfig(AgentConfig.KubernetesConfig c) throws IOException {
        if (c.kubeconfig() != null) {
            return Config.fromKubeconfig(Files.readString(Path.of(c.kubeconfig())));
        }
        if (c.apiServer() != null) {
            return new ConfigBuilder(Config.empty()).withMasterUrl(c.apiServer()).build();
        }
        return Config.autoConfigure(null);
    }

    /**
     * Starts the watch and waits up to {@code waitMillis} for the first list, so that exclusions
     * and multi-line rules hold from the first line; returns whether it synced in time (the watch
     * keeps trying either way).
     */
    public boolean start(long waitMillis) throws IOException {
        client = new KubernetesClientBuilder().withConfig(clientConfig(config)).build();
        informer = client.pods().inAnyNamespace().withField("spec.nodeName", config.nodeName()).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<Pod>() {
            @Override
            public void onAdd(Pod pod) {
                put(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                put(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                cache.remove(pod.getMetadata().getUid());
            }
        });
        informer.exceptionHandler((started, t) -> {
            metrics.increment("clusterlog_agent_kubernetes_watch_errors_total", null, null);
            if (!downSaid) {
                downSaid = true;
                LOG.log(System.Logger.Level.WARNING, "Kubernetes API " + client.getMasterUrl() + " not reachable ("
                        + t.getMessage() + "): pod labels, exclusions and multi-line annotations are missing until it is"
                        + " back (retrying; further failures counted in clusterlog_agent_kubernetes_watch_errors_total)");
            }
            return true;
        });
        metrics.gauge("clusterlog_agent_kubernetes_watching", "1 while the pod watch on the Kubernetes API is connected",
                () -> Map.of("", informer.isWatching() ? 1.0 : 0.0));
        metrics.gauge("clusterlog_agent_kubernetes_pods", "pods of this node known from the Kubernetes API",
                () -> Map.of("", (double) cache.size()));
        checker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("clusterlog-k8s-watch-check").daemon().unstarted(r));
        checker.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
        try {
            informer.start().toCompletableFuture().get(waitMillis, TimeUnit.MILLISECONDS);
            LOG.log(System.Logger.Level.INFO, "watching the pods of node " + config.nodeName() + " on "
                    + client.getMasterUrl() + ": " + cache.size() + " pod(s)");
            return true;
        } catch (TimeoutException | ExecutionException e) {
            if (!downSaid) {
                downSaid = true;
                LOG.log(System.Logger.Level.WARNING, "Kubernetes API " + client.getMasterUrl() + ": no pod list within "
                        + waitMillis + " ms (" + e + "); going on without pod labels until it answers");
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Once a second: a watch lost (the client reconnects by itself) is said once and counted; its return too. */
    private void check() {
        if (!informer.hasSynced() && !downSaid) {
            return; // still listing for the first time: start() waits for that and says when it fails
        }
        boolean watching = informer.isWatching();
        if (!watching && !downSaid) {
            downSaid = true;
            metrics.increment("clusterlog_agent_kubernetes_watch_errors_total", null, null);
            LOG.log(System.Logger.Level.WARNING, "Kubernetes API " + client.getMasterUrl() + ": pod watch lost; new pods"
                    + " ship without their labels and annotations until it is back (reconnecting)");
        } else if (watching && downSaid) {
            downSaid = false;
            LOG.log(System.Logger.Level.INFO, "Kubernetes API " + client.getMasterUrl() + ": pod watch back");
        }
    }

    private void put(Pod pod) {
        var m = pod.getMetadata();
        if (pod.getSpec() == null || !config.nodeName().equals(pod.getSpec().getNodeName())) {
            return; // the field selector already keeps other nodes' pods out; this holds without it too
        }
        cache.put(m.getUid(), m.getNamespace(), m.getName(), m.getLabels(), m.getAnnotations());
    }

    @Override
    public void close() {
        if (checker != null) {
            checker.shutdownNow();
        }
        if (informer != null) {
            informer.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
