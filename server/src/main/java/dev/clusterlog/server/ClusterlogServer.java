package dev.clusterlog.server;

import dev.clusterlog.server.http.ApiErrors;
import dev.clusterlog.server.http.Tenants;
import dev.clusterlog.server.podlog.PodLogHandler;
import dev.clusterlog.server.push.PushHandler;
import dev.clusterlog.server.query.QueryHandler;
import dev.clusterlog.server.query.TailHandler;
import dev.clusterlog.store.LogStore;
import dev.clusterlog.store.StoreConfig;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The clusterlog server: the embedded store behind Loki's HTTP API, the Kubernetes pod-log
 * endpoint, {@code /metrics} and {@code /ready}, on Javalin (Jetty 12) with virtual threads, so
 * a blocking handler (an fsync, a follow) costs no platform thread.
 *
 * <p>Lifecycle: {@link #start} opens the store and binds the port; {@link #close} stops
 * accepting, then closes the store (which flushes). Thread-safe.
 */
public final class ClusterlogServer implements AutoCloseable {
    private final ServerConfig config;
    private final LogStore store;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClusterlogServer(ServerConfig config, LogStore store) {
        this.config = config;
        this.store = store;
        Tenants tenants = new Tenants(config.defaultTenant());
        PushHandler push = new PushHandler(store, tenants, config.maxPushBytes(), config.maxLineBytes(), metrics);
        PodLogHandler podLog = new PodLogHandler(store, tenants);
        QueryHandler query = new QueryHandler(store, tenants, config, metrics);
        TailHandler tail = new TailHandler(store, tenants);
        InetSocketAddress listen = config.listenAddress();
        this.app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.maxRequestSize = config.maxPushBytes();
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = listen.getHostString();
            cfg.jetty.port = listen.getPort();
            cfg.jetty.modifyServer(server -> server.setStopTimeout(2_000));
            cfg.jetty.modifyHttpConfiguration(http -> http.setIdleTimeout(config.requestTimeout().toMillis()));
            cfg.routes.post("/loki/api/v1/push", push::handle);
            cfg.routes.get("/api/v1/namespaces/{namespace}/pods/{pod}/log", podLog::handle);
            cfg.routes.get("/loki/api/v1/query_range", query::queryRange);
            cfg.routes.post("/loki/api/v1/query_range", query::queryRange);
            cfg.routes.get("/loki/api/v1/query", query::query);
            cfg.routes.post("/loki/api/v1/query", query::query);
            cfg.routes.get("/loki/api/v1/labels", query::labels);
            cfg.routes.get("/loki/api/v1/label", query::labels);
            cfg.routes.get("/loki/api/v1/label/{name}/values", query::labelValues);
            cfg.routes.get("/loki/api/v1/series", query::series);
            cfg.routes.post("/loki/api/v1/series", query::series);
            cfg.routes.ws("/loki/api/v1/tail", tail::configure);
            cfg.routes.get("/ready", ctx -> ctx.result(closed.get() ? "stopping" : "ready").status(closed.get() ? 503 : 200));
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.render(store)));
            cfg.routes.exception(ApiErrors.HttpError.class, (e, ctx) -> {
                metrics.queriesRejected.increment();
                ApiErrors.send(ctx, e.status(), e.getMessage(), e.detail());
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                metrics.requestErrors.increment();
                ApiErrors.send(ctx, 500, "internal error: " + e, null);
            });
        });
    }

    /** Opens the store in {@code config.dataDir()} and starts serving. */
    public static ClusterlogServer start(ServerConfig config, StoreConfig storeConfig) throws IOException {
        LogStore store = LogStore.open(config.dataDir(), storeConfig);
        try {
            ClusterlogServer server = new ClusterlogServer(config, store);
            server.app.start();
            return server;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The port actually bound (the configured one, or the one picked for port 0). */
    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    /** {@code http://host:port} of the running server. */
    public String url() {
        String host = config.listenAddress().getHostString();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        }
        return "http://" + host + ":" + port();
    }

    public LogStore store() {
        return store;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            app.stop();
            store.close();
        }
    }
}
