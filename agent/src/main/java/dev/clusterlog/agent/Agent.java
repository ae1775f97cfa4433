package dev.clusterlog.agent;

import dev.clusterlog.agent.checkpoint.CheckpointStore;
import dev.clusterlog.agent.config.AgentConfig;
import dev.clusterlog.agent.enrich.KubernetesPodWatcher;
import dev.clusterlog.agent.enrich.PathLabels;
import dev.clusterlog.agent.enrich.PodAwareHandler;
import dev.clusterlog.agent.enrich.PodLabelEnricher;
import dev.clusterlog.agent.enrich.PodMetadataCache;
import dev.clusterlog.agent.metrics.AgentMetrics;
import dev.clusterlog.agent.metrics.MetricsServer;
import dev.clusterlog.agent.output.HttpPushOutput;
import dev.clusterlog.agent.output.JsonLinesOutput;
import dev.clusterlog.agent.output.Output;
import dev.clusterlog.agent.output.Shipper;
import dev.clusterlog.agent.pipeline.Batch;
import dev.clusterlog.agent.pipeline.LineParser;
import dev.clusterlog.agent.pipeline.Pipeline;
import dev.clusterlog.agent.pipeline.TailHandler;
import dev.clusterlog.agent.source.SourceFactory;
import dev.clusterlog.agent.source.journald.JournaldCheckpoint;
import dev.clusterlog.agent.source.journald.JournaldSource;
import dev.clusterlog.agent.tail.FileDiscovery;
import dev.clusterlog.agent.tail.FileTailer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The node agent: one tailer per configured source (checkpoint {@code <state>/<source>.checkpoint}),
 * one pipeline, one output behind a {@link Shipper}. A polling thread reads every poll interval
 * and scans for new files at least once a second, earlier when the watch service reports a
 * change in a watched directory (new pods, containers, restarts, rotations). Checkpoints are
 * written before every batch is sent (its end as in flight) and after every acknowledged batch. {@link #close()} stops gracefully: open batches are
 * cut, delivered (bounded wait) and checkpointed.
 */
public final class Agent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Agent.class.getName());
    private static final long SCAN_INTERVAL_NANOS = 500_000_000L;

    private final AgentConfig config;
    private final AgentMetrics metrics = new AgentMetrics();
    private final List<FileTailer> tailers = new ArrayList<>();
    private final List<TailHandler> handlers = new ArrayList<>();
    private final List<FileDiscovery> discoveries = new ArrayList<>();
    /** The configured name of each tailer's source, index-aligned with {@link #tailers}. */
    private final List<String> tailerNames = new ArrayList<>();
    private final List<JournaldSource> journals = new ArrayList<>();
    private final PodMetadataCache pods;
    private final KubernetesPodWatcher podWatcher;
    private final Map<String, FileTailer> tailerBySource = new HashMap<>();
    private final Shipper shipper;
    private final dev.clusterlog.agent.buffer.DiskBuffer disk;
    private final MetricsServer metricsServer;
    private final WatchService watch;
    private final Set<Path> watched = new HashSet<>();
    private final Thread loop;
    private volatile boolean stopping;
    /** Set by {@link #halt()}: nothing is written or acknowledged any more. */
    private volatile boolean halted;

    public Agent(AgentConfig config) throws IOException {
        this(config, null);
    }

    /** With an explicit output (tests, the stream command); null means the configured one. */
    public Agent(AgentConfig config, Output outputOverride) throws IOException {
        this.config = config;
        Output output = outputOverride != null ? outputOverride : output(config);
        this.disk = config.output().buffer().equals("disk")
                ? new dev.clusterlog.agent.buffer.DiskBuffer(config.stateDir().resolve("buffer"), config.output().bufferQuota())
                : null;
        this.shipper = new Shipper(output, this::acknowledged, metrics,
                disk != null ? Math.min(config.output().bufferQuota(), 64L << 20) : config.output().bufferQuota(),
                config.output().retryMinNanos(), config.output().retryMaxNanos(), System.nanoTime(), disk);
        AgentConfig.KubernetesConfig k8s = config.kubernetes();
        this.pods = k8s.enabled() ? new PodMetadataCache(k8s.labels(), k8s.labelPrefix(), System::nanoTime) : null;
        this.podWatcher = pods == null ? null : startWatcher(k8s, pods);
        for (AgentConfig.Source source : config.sources()) {
            Pipeline pipeline = pipeline(config, source);
            if (source.type().equals("journald")) {
                journals.add(new JournaldSource(new JournaldSource.Options(source.name(), source.journalctl(), source.units(),
                        source.journalDirectory(), source.journalFile(), source.startAtEnd(), config.node(),
                        SourceFactory.staticLabels(source), (int) Math.min(Integer.MAX_VALUE, config.output().batchSize()),
                        config.output().batchWaitNanos(), (int) config.pipeline().lineLimit()),
                        new JournaldCheckpoint(config.stateDir().resolve(source.name() + ".journald")), pipeline,
                        shipper::enqueue, shipper::hasRoom, System::nanoTime, metrics));
                continue;
            }
            FileDiscovery discovery = SourceFactory.discovery(source);
            AtomicReference<PodAwareHandler> podAware = new AtomicReference<>();
            TailHandler handler = new TailHandler(source.name(), SourceFactory.mode(source),
                    new PathLabels(source.type().equals("file") ? null : config.node(),
                            SourceFactory.staticLabels(source)),
                    pipeline, new TailHandler.Limits((int) Math.min(Integer.MAX_VALUE, config.output().batchSize()),
                            config.output().batchWaitNanos(), (int) config.pipeline().lineLimit()),
                    sinkFor(source.name()), shipper::hasRoom, System::nanoTime, Agent::wallNanos, metrics,
                    groupers(config, source, podAware));
            if (pods != null) {
                podAware.set(new PodAwareHandler(handler, pods, metrics));
            }
            FileTailer tailer = new FileTailer(discovery,
                    new CheckpointStore(config.stateDir().resolve(source.name() + ".checkpoint")),
                    pods == null ? handler : podAware.get(),
                    new FileTailer.Options((int) config.pipeline().lineLimit(), source.startAtEnd(), 60_000_000_000L,
                            1_000_000_000L),
                    System::nanoTime);
            tailers.add(tailer);
            tailerBySource.put(source.name(), tailer);
            tailerNames.add(source.name());
            handlers.add(handler);
            discoveries.add(discovery);
        }
        shipper.onOverlap((sourceId, mark) -> {
            for (FileTailer t : tailers) {
                t.requestRewind(sourceId, mark);
            }
        });
        registerGauges();
        for (FileTailer t : tailers) {
            t.start();
        }
        for (JournaldSource j : journals) {
            j.start();
        }
        this.watch = FileSystems.getDefault().newWatchService();
        this.metricsServer = config.metricsListen().isEmpty() ? null
                : new MetricsServer(address(config.metricsListen()), metrics);
        LOG.log(System.Logger.Level.INFO, "agent " + config.id() + " started: " + config.sources().size()
                + " source(s), output " + output.name() + (output.name().equals("http") ? " " + config.output().url() : "")
                + ", state " + config.stateDir() + (metricsServer == null ? "" : ", metrics on port " + metricsServer.port()));
        this.loop = Thread.ofPlatform().name("clusterlog-agent-poll").start(this::run);
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    /** The port /metrics listens on, or -1. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    private static long wallNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static InetSocketAddress address(String listen) {
        int colon = listen.lastIndexOf(':');
        return new InetSocketAddress(listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1)));
    }

    static Output output(AgentConfig config) throws IOException {
        AgentConfig.OutputConfig o = config.output();
        return switch (o.type()) {
            case "http" -> new HttpPushOutput(URI.create(o.url()), config.id(), o.tenant(), Duration.ofNanos(o.timeoutNanos()));
            case "file" -> JsonLinesOutput.file(Path.of(o.path()));
            default -> JsonLinesOutput.stdout();
        };
    }

    private Pipeline pipeline(AgentConfig config, AgentConfig.Source source) {
        AgentConfig.PipelineConfig p = config.pipeline();
        List<Pipeline.Mask> masks = p.mask().stream()
                .map(m -> new Pipeline.Mask(Pattern.compile(m.get("pattern")), m.get("replacement"))).toList();
        LineParser parser = new LineParser(LineParser.Kind.valueOf(source.parser().toUpperCase(Locale.ROOT)), source.regex());
        return new Pipeline(parser, p.keep().stream().map(Pattern::compile).toList(),
                p.drop().stream().map(Pattern::compile).toList(), masks, p.rateLimit(), metrics);
    }

    /**
     * The multi-line grouper of each stream of a source: the source's rule, or with the Kubernetes
     * API the rule its pod's annotation chose (asked of the {@link PodAwareHandler} while the
     * stream opens); null when a stream has none.
     */
    private java.util.function.Supplier<dev.clusterlog.agent.multiline.MultilineGrouper> groupers(AgentConfig config,
            AgentConfig.Source source, AtomicReference<PodAwareHandler> podAware) {
        dev.clusterlog.agent.multiline.MultilineRules rules = source.multiline().equals("custom")
                ? dev.clusterlog.agent.multiline.MultilineRules.custom(source.multilineStart(), source.multilineContinue())
                : dev.clusterlog.agent.multiline.MultilineRules.named(source.multiline());
        if (pods == null) {
            if (rules == null) {
                return null;
            }
            return () -> new dev.clusterlog.agent.multiline.MultilineGrouper(rules, source.multilineTimeoutNanos(),
                    (int) config.pipeline().lineLimit());
        }
        return () -> {
            PodAwareHandler p = podAware.get();
            dev.clusterlog.agent.multiline.MultilineRules r = p == null ? rules : p.multilineRules(rules);
            return r == null ? null : new dev.clusterlog.agent.multiline.MultilineGrouper(r, source.multilineTimeoutNanos(),
                    (int) config.pipeline().lineLimit());
        };
    }

    private KubernetesPodWatcher startWatcher(AgentConfig.KubernetesConfig k8s, PodMetadataCache cache) {
        KubernetesPodWatcher w = new KubernetesPodWatcher(k8s, cache, metrics);
        try {
            w.start(3000);
            return w;
        } catch (IOException | RuntimeException e) {
            metrics.increment("clusterlog_agent_kubernetes_watch_errors_total", null, null);
            LOG.log(System.Logger.Level.ERROR, "Kubernetes API enrichment not started (" + e.getMessage()
                    + "): logs are shipped with path labels only");
            w.close();
            return null;
        }
    }

    private void registerGauges() {
        metrics.gauge("clusterlog_agent_bytes_behind", "bytes in a file not yet read",
                () -> {
                    Map<String, Double> out = new java.util.TreeMap<>();
                    for (FileTailer t : tailers) {
                        for (FileTailer.SourceStatus s : t.status()) {
                            if (s.size() >= 0 && s.path() != null) {
                                out.put("{file=\"" + s.path().toString().replace("\"", "\\\"") + "\"}",
                                        (double) Math.max(0, s.size() - s.readOffset()));
                            }
                        }
                    }
                    return out;
                });
        metrics.gauge("clusterlog_agent_checkpoint_age_seconds", "seconds since each source's checkpoint was written",
                () -> {
                    Map<String, Double> out = new java.util.TreeMap<>();
                    for (int i = 0; i < tailers.size(); i++) {
                        long last = tailers.get(i).lastCheckpointNanos();
                        out.put("{source=\"" + tailerNames.get(i) + "\"}",
                                last == 0 ? -1.0 : (System.nanoTime() - last) / 1e9);
                    }
                    for (JournaldSource j : journals) {
                        long last = j.lastCheckpointNanos();
                        out.put("{source=\"" + j.name() + "\"}", last == 0 ? -1.0 : (System.nanoTime() - last) / 1e9);
                    }
                    return out;
                });
        metrics.gauge("clusterlog_agent_tail_events", "tailer events by kind (truncations, vanished, cut lines, read errors)",
                () -> {
                    Map<String, Double> out = new java.util.TreeMap<>();
                    for (int i = 0; i < tailers.size(); i++) {
                        FileTailer t = tailers.get(i);
                        String s = tailerNames.get(i);
                        out.put("{source=\"" + s + "\",kind=\"truncation\"}", (double) t.truncations.get());
                        out.put("{source=\"" + s + "\",kind=\"vanished\"}", (double) t.vanishedSources.get());
                        out.put("{source=\"" + s + "\",kind=\"cut_line\"}", (double) t.linesCut.get());
                        out.put("{source=\"" + s + "\",kind=\"read_error\"}", (double) t.readErrors.get());
                        out.put("{source=\"" + s + "\",kind=\"deleted_unread_bytes\"}", (double) t.deletedUnreadBytes.get());
                    }
                    return out;
                });
    }

    /**
     * A cut batch: its end is recorded as in flight in the source's checkpoint, durably, before it
     * can be sent; after a crash the batches are cut at the same ends again, so the store sees the
     * same ranges (duplicates) instead of overlapping ones it would refuse.
     */
    /** Where a file source's batches go: pod labels (when enabled), then {@link #send}. */
    private java.util.function.Consumer<Batch> sinkFor(String sourceName) {
        java.util.function.Consumer<Batch> toShipper = batch -> send(tailerBySource.get(sourceName), batch);
        return pods == null ? toShipper : new PodLabelEnricher(toShipper, pods, metrics);
    }

    private void send(FileTailer tailer, Batch batch) {
        if (halted) {
            return;
        }
        // a batch without entries is not sent (only acknowledged in its turn): nothing to record
        if (batch.size() > 0 && tailer.inFlight(batch.sourceId, batch.endOffset)) {
            try {
                tailer.writeCheckpoint();
            } catch (IOException e) {
                metrics.increment("clusterlog_agent_checkpoint_errors_total", null, null);
                LOG.log(System.Logger.Level.WARNING, "writing checkpoint before sending " + batch + ": " + e);
            }
        }
        shipper.enqueue(batch);
    }

    private void acknowledged(Batch batch) {
        if (halted) {
            return;
        }
        for (JournaldSource j : journals) {
            j.acknowledged(batch);
        }
        for (FileTailer t : tailers) {
            t.acknowledge(batch.sourceId, batch.endOffset, batch.stateAfter);
            try {
                t.writeCheckpoint();
            } catch (IOException e) {
                metrics.increment("clusterlog_agent_checkpoint_errors_total", null, null);
                LOG.log(System.Logger.Level.WARNING, "writing checkpoint: " + e);
            }
        }
    }

    private void run() {
        long lastScan = 0;
        while (!stopping) {
            try {
                boolean changed = false;
                var key = watch.poll(config.pollIntervalNanos(), TimeUnit.NANOSECONDS);
                while (key != null) {
                    changed |= !key.pollEvents().isEmpty();
                    key.reset();
                    key = watch.poll();
                }
                long now = System.nanoTime();
                boolean scan = changed || now - lastScan >= SCAN_INTERVAL_NANOS;
                for (int i = 0; i < tailers.size(); i++) {
                    if (scan) {
                        tailers.get(i).poll();
                        registerWatches(discoveries.get(i));
                    } else {
                        tailers.get(i).readOnly();
                    }
                    handlers.get(i).flushAged();
                }
                for (JournaldSource j : journals) {
                    j.flushAged();
                }
                if (scan) {
                    lastScan = now;
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (IOException | RuntimeException e) {
                metrics.increment("clusterlog_agent_poll_errors_total", null, null);
                LOG.log(System.Logger.Level.WARNING, "poll: " + e);
            }
        }
    }

    private void registerWatches(FileDiscovery discovery) {
        for (Path dir : discovery.watchedDirectories()) {
            if (watched.add(dir)) {
                try {
                    dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
                } catch (IOException e) {
                    watched.remove(dir); // gone already; the periodic scan covers it
                }
            }
        }
    }

    /**
     * Stops at once what a crash (SIGKILL) would stop: no batch is cut, sent, acknowledged or
     * checkpointed any more, whatever was in flight is abandoned. For crash tests in one JVM.
     */
    void halt() throws IOException {
        halted = true;
        stopLoop();
        for (JournaldSource j : journals) {
            j.close();
        }
        release(false);
    }

    @Override
    public void close() throws IOException {
        stopLoop();
        for (JournaldSource j : journals) {
            j.close();
        }
        synchronized (this) {
            for (TailHandler h : handlers) {
                h.flushAll();
            }
            for (JournaldSource j : journals) {
                j.flushAll();
            }
        }
        try {
            shipper.drain(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        release(true);
        LOG.log(System.Logger.Level.INFO, "agent " + config.id() + " stopped");
    }

    private void stopLoop() {
        stopping = true;
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes outputs, tailers and watchers; a graceful stop writes the checkpoints first, a halt does not. */
    private void release(boolean writeCheckpoints) throws IOException {
        shipper.close();
        if (disk != null) {
            disk.close();
        }
        for (FileTailer t : tailers) {
            if (writeCheckpoints) {
                t.writeCheckpoint();
            }
            t.close();
        }
        watch.close();
        if (podWatcher != null) {
            podWatcher.close();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
    }
}
