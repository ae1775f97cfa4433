package dev.clusterlog.runtime.pod;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a pod's request directory ({@link PodControl}) and hands each request to the runner.
 * A {@link WatchService} reacts at once where the platform supports it; a poll every
 * {@code poll} is the backstop (a missed or overflowed event, a polling WatchService).
 *
 * <p>Thread-safety: one daemon thread calls the handler, one request at a time.
 */
final class PodRequestWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodRequestWatcher.class);

    private final Path directory;
    private final Duration poll;
    private final Consumer<String> handler;
    private final Consumer<String> warnings;
    private final Thread thread;
    private volatile boolean closed;
    private WatchService watch;

    private PodRequestWatcher(Path directory, Duration poll, Consumer<String> handler, Consumer<String> warnings) {
        this.directory = directory;
        this.poll = poll;
        this.handler = handler;
        this.warnings = warnings;
        this.thread = Thread.ofPlatform().name("pod-requests").daemon(true).unstarted(this::loop);
    }

    static PodRequestWatcher start(Path directory, Duration poll, Consumer<String> handler,
            Consumer<String> warnings) throws IOException {
        Files.createDirectories(directory);
        PodRequestWatcher w = new PodRequestWatcher(directory, poll, handler, warnings);
        try {
            w.watch = FileSystems.getDefault().newWatchService();
            directory.register(w.watch, StandardWatchEventKinds.ENTRY_CREATE);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("no WatchService for {} ({}): polling every {} ms", directory, e.toString(), poll.toMillis());
            w.watch = null; // the poll alone serves
        }
        w.thread.start();
        return w;
    }

    private void loop() {
        while (!closed) {
            try {
                for (String request : PodControl.takeRequests(directory)) {
                    handler.accept(request);
                }
                if (watch != null) {
                    var key = watch.poll(poll.toMillis(), TimeUnit.MILLISECONDS);
                    if (key != null) {
                        key.pollEvents();
                        key.reset();
                    }
                } else {
                    Thread.sleep(poll.toMillis());
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (IOException | RuntimeException e) {
                warnings.accept("reading requests from " + directory + " failed: " + e.getMessage());
                sleepQuietly();
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (watch != null) {
                watch.close();
            }
        } catch (IOException e) {
            // closing; nothing left to do
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(poll.toMillis() * 4 + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
