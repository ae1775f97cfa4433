package dev.clusterlog.server.podlog;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.time.Rfc3339;
import dev.clusterlog.server.http.Tenants;
import dev.clusterlog.store.Direction;
import dev.clusterlog.store.EntryCursor;
import dev.clusterlog.store.LogEntry;
import dev.clusterlog.store.LogStore;
import dev.clusterlog.store.SelectRequest;
import dev.clusterlog.store.Subscription;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/v1/namespaces/{ns}/pods/{pod}/log}: a container's log answered from the store
 * with the Kubernetes API's parameters, semantics and error texts, for pods, containers and nodes
 * that are gone too.
 *
 * <p>Implementation notes. A pod is the set of streams labelled {@code namespace} and {@code pod};
 * several pods of one name are told apart by {@code pod_uid}, and the newest (the one with the
 * latest entry) is answered. A container instance is a {@code restart} value: the highest is the
 * current one, the one below it the previous ({@code previous=true}), and {@code previous=N} reaches
 * N back. Entries are the agent's logical lines (partial pieces already joined), written with a
 * trailing newline; {@code tailLines} counts them. The {@code stream} structured metadata of an
 * entry (stdout/stderr) serves the {@code stream} parameter. Follow subscribes before the initial
 * read, so no entry falls between the two, and skips what the read already returned.
 */
public final class PodLogHandler {
    private static final long FOLLOW_POLL_MILLIS = 500;

    private final LogStore store;
    private final Tenants tenants;

    public PodLogHandler(LogStore store, Tenants tenants) {
        this.store = store;
        this.tenants = tenants;
    }

    public void handle(Context ctx) throws IOException, InterruptedException {
        try {
            serve(ctx);
        } catch (KubernetesStatus.Failure f) {
            f.send(ctx);
        }
    }

    private void serve(Context ctx) throws IOException, InterruptedException {
        String tenant = tenants.of(ctx);
        PodLogRequest req = PodLogRequest.parse(ctx, System.currentTimeMillis() * 1_000_000L);
        List<LabelMatcher> matchers = instanceMatchers(tenant, req);
        ctx.contentType("text/plain");
        ctx.status(200);
        OutputStream out = ctx.res().getOutputStream();
        EntryWriter writer = new EntryWriter(out, req);
        Subscription subscription = null;
        LinkedBlockingQueue<LogEntry> arrivals = new LinkedBlockingQueue<>(100_000);
        if (req.follow()) {
            subscription = store.subscribe(tenant, matchers, new QueueingListener(arrivals));
        }
        try {
            long[] last = readExisting(tenant, req, matchers, writer);
            out.flush();
            if (subscription != null && !writer.exhausted()) {
                follow(arrivals, writer, out, last);
            }
        } finally {
            if (subscription != null) {
                subscription.close();
            }
        }
    }

    /** Writes what the store has; returns {latest timestamp written, entries written at it}. */
    private long[] readExisting(String tenant, PodLogRequest req, List<LabelMatcher> matchers, EntryWriter writer)
            throws IOException {
        if (req.tailLines() == 0) {
            return new long[] {Long.MAX_VALUE, 0};
        }
        long start = req.sinceNanos() == Long.MIN_VALUE ? Long.MIN_VALUE : req.sinceNanos();
        SelectRequest.Builder b = SelectRequest.builder(matchers).range(start, Long.MAX_VALUE);
        long[] last = {Long.MIN_VALUE, 0};
        if (req.tailLines() > 0) {
            ArrayDeque<dev.clusterlog.store.StoredEntry> tail = new ArrayDeque<>();
            try (EntryCursor c = store.select(tenant, b.direction(Direction.BACKWARD).limit(req.tailLines()).build())) {
                while (c.next()) {
                    tail.addFirst(c.entry());
                }
            }
            for (var e : tail) {
                if (!writer.write(e.timestampNanos(), e.line(), 0, e.line().length, e.metadata())) {
                    break;
                }
                advance(last, e.timestampNanos());
            }
            return last;
        }
        try (EntryCursor c = store.select(tenant, b.direction(Direction.FORWARD).build())) {
            while (c.next()) {
                if (!writer.write(c.timestampNanos(), c.lineBuffer(), c.lineOffset(), c.lineLength(), c.metadata())) {
                    break;
                }
                advance(last, c.timestampNanos());
            }
        }
        return last;
    }

    private static void advance(long[] last, long ts) {
        if (ts == last[0]) {
            last[1]++;
        } else if (ts > last[0]) {
            last[0] = ts;
            last[1] = 1;
        }
    }

    private void follow(LinkedBlockingQueue<LogEntry> arrivals, EntryWriter writer, OutputStream out, long[] last)
            throws IOException, InterruptedException {
        long skipAtLast = last[1];
        while (!writer.exhausted()) {
            LogEntry entry = arrivals.poll(FOLLOW_POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (entry == null) {
                out.flush(); // also finds out when the client has gone: the write fails
                continue;
            }
            if (entry == QueueingListener.CLOSED) {
                return;
            }
            long ts = entry.timestampNanos();
            if (ts < last[0] || (ts == last[0] && skipAtLast-- > 0)) {
                continue; // already written by the initial read
            }
            writer.write(ts, entry.line(), 0, entry.line().length, entry.metadata());
            if (arrivals.isEmpty()) {
                out.flush();
            }
        }
    }

    /** The matchers of the requested container instance, after the API's pod and container checks. */
    private List<LabelMatcher> instanceMatchers(String tenant, PodLogRequest req) throws IOException {
        List<LabelMatcher> podMatchers = List.of(LabelMatcher.eq("namespace", req.namespace()),
                LabelMatcher.eq("pod", req.pod()));
        List<LabelSet> streams = store.streams(tenant, podMatchers, Long.MIN_VALUE, Long.MAX_VALUE);
        if (streams.isEmpty()) {
            throw KubernetesStatus.Failure.notFound(req.pod());
        }
        String uid = newestPodUid(tenant, podMatchers, streams);
        TreeMap<String, TreeSet<Integer>> containers = new TreeMap<>();
        for (LabelSet s : streams) {
            if (uid.equals(valueOrEmpty(s, "pod_uid")) && s.get("container") != null) {
                containers.computeIfAbsent(s.get("container"), k -> new TreeSet<>(Comparator.reverseOrder()))
                        .add(restartOf(s));
            }
        }
        String container = req.container();
        if (container == null) {
            if (containers.size() != 1) {
                throw PodLogRequest.invalid("a container name must be specified for pod " + req.pod()
                        + ", choose one of: [" + String.join(" ", containers.keySet()) + "]");
            }
            container = containers.firstKey();
        }
        TreeSet<Integer> instances = containers.get(container);
        if (instances == null) {
            throw PodLogRequest.invalid("container " + container + " is not valid for pod " + req.pod());
        }
        List<Integer> newestFirst = new ArrayList<>(instances);
        if (req.previous() >= newestFirst.size()) {
            throw PodLogRequest.invalid("previous terminated container \"" + container + "\" in pod \"" + req.pod()
                    + "\" not found");
        }
        int restart = newestFirst.get(req.previous());
        List<LabelMatcher> m = new ArrayList<>(podMatchers);
        m.add(LabelMatcher.eq("pod_uid", uid));
        m.add(LabelMatcher.eq("container", container));
        m.add(restart < 0 ? LabelMatcher.eq("restart", "") : LabelMatcher.eq("restart", Integer.toString(restart)));
        return m;
    }

    private String newestPodUid(String tenant, List<LabelMatcher> podMatchers, List<LabelSet> streams)
            throws IOException {
        TreeSet<String> uids = new TreeSet<>();
        streams.forEach(s -> uids.add(valueOrEmpty(s, "pod_uid")));
        if (uids.size() == 1) {
            return uids.first();
        }
        String newest = null;
        long newestTs = Long.MIN_VALUE;
        for (String uid : uids) {
            List<LabelMatcher> m = new ArrayList<>(podMatchers);
            m.add(LabelMatcher.eq("pod_uid", uid));
            try (EntryCursor c = store.select(tenant, SelectRequest.builder(m).direction(Direction.BACKWARD).limit(1)
                    .build())) {
                if (c.next() && (newest == null || c.timestampNanos() > newestTs)) {
                    newest = uid;
                    newestTs = c.timestampNanos();
                }
            }
        }
        return newest == null ? uids.first() : newest;
    }

    private static int restartOf(LabelSet s) {
        String r = s.get("restart");
        if (r == null) {
            return -1;
        }
        try {
            return Integer.parseInt(r);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String valueOrEmpty(LabelSet s, String name) {
        String v = s.get(name);
        return v == null ? "" : v;
    }

    /** Kubelet's log writer over store entries: since, timestamps, the byte budget, the stream filter. */
    static final class EntryWriter {
        private final OutputStream out;
        private final PodLogRequest req;
        private long remaining;
        private final byte[] stamp = new byte[Rfc3339.MAX_FORMATTED_LENGTH + 1];

        EntryWriter(OutputStream out, PodLogRequest req) {
            this.out = out;
            this.req = req;
            this.remaining = req.limitBytes() < 0 ? Long.MAX_VALUE : req.limitBytes();
        }

        boolean exhausted() {
            return remaining <= 0;
        }

        /** Writes one entry and its newline; false once the budget is spent. */
        boolean write(long ts, byte[] line, int off, int len, List<LogEntry.MetadataPair> metadata) throws IOException {
            if (remaining <= 0) {
                return false;
            }
            if (ts < req.sinceNanos() || !streamWanted(metadata)) {
                return true;
            }
            if (req.timestamps()) {
                int n = Rfc3339.formatFixed(ts, 0, stamp, 0);
                stamp[n++] = ' ';
                if (!put(stamp, 0, n)) {
                    return false;
                }
            }
            return put(line, off, len) && put(NEWLINE, 0, 1);
        }

        private static final byte[] NEWLINE = {'\n'};

        private boolean streamWanted(List<LogEntry.MetadataPair> metadata) {
            if (req.stream().equals("All")) {
                return true;
            }
            String want = req.stream().equals("Stdout") ? "stdout" : "stderr";
            for (LogEntry.MetadataPair p : metadata) {
                if (p.name().equals("stream")) {
                    return p.value().equals(want);
                }
            }
            return want.equals("stdout");
        }

        private boolean put(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, remaining);
            out.write(b, off, n);
            remaining -= n;
            return remaining > 0;
        }
    }

    /** Moves store deliveries onto the request's thread; a full queue ends the follow. */
    static final class QueueingListener implements dev.clusterlog.store.EntryListener {
        static final LogEntry CLOSED = new LogEntry(Long.MIN_VALUE, new byte[0]);
        private final LinkedBlockingQueue<LogEntry> queue;

        QueueingListener(LinkedBlockingQueue<LogEntry> queue) {
            this.queue = queue;
        }

        @Override
        public void onEntries(LabelSet labels, List<LogEntry> entries) {
            for (LogEntry e : entries) {
                if (!queue.offer(e)) {
                    queue.clear();
                    queue.offer(CLOSED);
                    return;
                }
            }
        }

        @Override
        public void onClose(String reason) {
            queue.offer(CLOSED);
        }
    }
}
