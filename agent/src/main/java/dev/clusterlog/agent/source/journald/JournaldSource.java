package dev.clusterlog.agent.source.journald;

import dev.clusterlog.agent.assemble.LineSink;
import dev.clusterlog.agent.metrics.AgentMetrics;
import dev.clusterlog.agent.pipeline.Batch;
import dev.clusterlog.agent.pipeline.BatchBuilder;
import dev.clusterlog.agent.pipeline.Pipeline;
import dev.clusterlog.agent.pipeline.RateLimiter;
import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.entry.LogStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The {@code journald} source: runs {@code journalctl -o json --follow --all --no-tail} (with
 * {@code --after-cursor=<cursor>} after a restart, {@code --lines=0} for {@code read_from: end},
 * {@code --directory=DIR} or {@code --file=GLOB}, and one {@code -u UNIT} per configured unit) and
 * turns each entry into a log entry: time from {@code __REALTIME_TIMESTAMP}, line = {@code MESSAGE}
 * (binary kept as bytes), stream labels {@code unit} ({@code _SYSTEMD_UNIT}), {@code source="journald"},
 * {@code node} and the source's static labels; structured metadata {@code priority}, {@code level}
 * (its syslog name), {@code syslog_identifier}, {@code pid}, {@code hostname}, {@code boot_id}.
 *
 * <p>Delivery and checkpoint. Entries are grouped: one batch per unit's label set, all of a group
 * cut together by size or age. A batch's source id is {@code journald/<seqnum id>/<unit>} and its
 * range {@code [first, last+1)} in the journal's sequence numbers ({@code __SEQNUM}, else the
 * cursor's {@code i=}) of the whole group, so ranges grow per source id. The group's last batch
 * carries the cursor of its last entry; once the output acknowledged it (batches are acknowledged
 * in order) the cursor is written to the {@link JournaldCheckpoint}. The cut point of every group is
 * written there before the group is sent, so that after a crash the entries after the cursor are
 * cut at the same points again and a re-sent batch has the same range (dropped by the store as a
 * duplicate): nothing is lost or repeated.
 *
 * <p>A missing {@code journalctl} is said in one ERROR line and counted
 * ({@code clusterlog_agent_journalctl_missing_total{source}}; exits: {@code clusterlog_agent_journalctl_exits_total}); the rest of the
 * agent goes on and the start is retried every minute. A journalctl that exits is restarted after
 * the last entry read, with back-off. Thread-safety: one reader thread; {@link #flushAged},
 * {@link #flushAll} and {@link #acknowledged} from any thread.
 */
public final class JournaldSource implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JournaldSource.class.getName());
    private static final String[] NO_META = new String[0];

    /** What to read and how to cut. {@code directory} and {@code fileGlob} may be null (system journal). */
    public record Options(String name, String journalctl, List<String> units, String directory, String fileGlob,
            boolean startAtEnd, String node, Map<String, String> staticLabels, int batchBytes, long batchWaitNanos,
            int lineLimit) {
    }

    private final Options options;
    private final JournaldCheckpoint checkpoint;
    private final Pipeline pipeline;
    private final Consumer<Batch> sink;
    private final BooleanSupplier hasRoom;
    private final LongSupplier nanoClock;
    private final AgentMetrics metrics;
    private final JournalEntry entry = new JournalEntry();
    private final Map<String, LabelSet> labelsByUnit = new HashMap<>();
    private final Map<String, RateLimiter> limiters = new HashMap<>();
    /** The open group: builders by unit, in first-entry order. */
    private final LinkedHashMap<String, BatchBuilder> group = new LinkedHashMap<>();
    private String groupSeqnumId;
    private long groupFirst = -1;
    private long groupLast = -1;
    private String groupLastCursor;
    private long groupStartNanos;
    private int groupBytes;
    /** Cuts written to the checkpoint and not yet acknowledged, oldest first. */
    private final ArrayDeque<JournaldCheckpoint.Cut> unacknowledged = new ArrayDeque<>();
    /** How many of {@link #unacknowledged} are still to be replayed (after a restart). */
    private int replay;
    private String ackedCursor = "";
    private String lastReadCursor;
    private long lastEntryNanos;
    private long lastWarnNanos = Long.MIN_VALUE;
    private volatile boolean closed;
    private volatile Process process;
    private volatile String lastStderr = "";
    private Thread reader;
    private volatile long lastCheckpointNanos;

    public JournaldSource(Options options, JournaldCheckpoint checkpoint, Pipeline pipeline, Consumer<Batch> sink,
            BooleanSupplier hasRoom, LongSupplier nanoClock, AgentMetrics metrics) {
        this.options = options;
        this.checkpoint = checkpoint;
        this.pipeline = pipeline;
        this.sink = sink;
        this.hasRoom = hasRoom;
        this.nanoClock = nanoClock;
        this.metrics = metrics;
    }

    public String name() {
        return options.name();
    }

    /** Reads the checkpoint (a corrupt one is set aside and reading starts over, said in one WARN line) and starts reading. */
    public synchronized void start() {
        JournaldCheckpoint.State state;
        try {
            state = checkpoint.read();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; set aside as .corrupt, reading the journal from "
                    + (options.startAtEnd() ? "its end" : "the start"));
            metrics.increment("clusterlog_agent_checkpoint_errors_total", null, null);
            try {
                java.nio.file.Files.move(checkpoint.file(), checkpoint.file().resolveSibling(checkpoint.file().getFileName()
                        + ".corrupt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                LOG.log(System.Logger.Level.WARNING, "setting aside " + checkpoint.file() + ": " + moveFailed);
            }
            state = new JournaldCheckpoint.State("", List.of());
        }
        ackedCursor = state.cursor();
        lastReadCursor = ackedCursor.isEmpty() ? null : ackedCursor;
        unacknowledged.addAll(state.cuts());
        replay = unacknowledged.size();
        reader = Thread.ofPlatform().name("clusterlog-journald-" + options.name()).daemon().start(() -> {
            try {
                run();
            } catch (RuntimeException e) {
                metrics.increment("clusterlog_agent_poll_errors_total", null, null);
                LOG.log(System.Logger.Level.ERROR, "source " + options.name() + ": reader stopped: " + e, e);
            }
        });
    }

    /** The journalctl command line, continuing after {@code cursor} (null: from the start or the end). */
    public List<String> command(String cursor) {
        List<String> cmd = new ArrayList<>(List.of(options.journalctl(), "-o", "json", "--follow", "--all", "--no-pager"));
        // --no-tail also with a cursor: --follow implies --lines=10, which after a cursor shows ten
        // entries and then skips to new ones
        if (cursor != null) {
            cmd.add("--after-cursor=" + cursor);
            cmd.add("--no-tail");
        } else if (options.startAtEnd()) {
            cmd.add("--lines=0");
        } else {
            cmd.add("--no-tail");
        }
        if (options.directory() != null) {
            cmd.add("--directory=" + options.directory());
        }
        if (options.fileGlob() != null) {
            cmd.add("--file=" + options.fileGlob());
        }
        for (String unit : options.units()) {
            cmd.add("-u");
            cmd.add(unit);
        }
        return cmd;
    }

    /** Nanos (System.nanoTime) of the last checkpoint write, 0 when none yet. */
    public long lastCheckpointNanos() {
        return lastCheckpointNanos;
    }

    private void run() {
        long backoffMillis = 1000;
        boolean missingSaid = false;
        while (!closed) {
            String cursor;
            synchronized (this) {
                cursor = lastReadCursor;
            }
            List<String> cmd = command(cursor);
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            } catch (IOException e) {
                metrics.increment("clusterlog_agent_journalctl_missing_total", "source", options.name());
                if (!missingSaid) {
                    missingSaid = true;
                    LOG.log(System.Logger.Level.ERROR, "source " + options.name() + ": cannot run " + options.journalctl()
                            + " (" + e.getMessage() + "): journald entries are not read; install systemd's journalctl"
                            + " or set the source's journalctl path (retrying every minute, the other sources go on)");
                }
                if (!pause(60_000)) {
                    return;
                }
                continue;
            }
            missingSaid = false;
            process = p;
            try {
                p.getOutputStream().close();
            } catch (IOException ignored) {
                // nothing was written to it
            }
            Thread stderr = Thread.ofPlatform().name("clusterlog-journald-stderr").daemon().start(() -> drainStderr(p));
            long read = 0;
            try {
                read = readLines(p.getInputStream());
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "source " + options.name() + ": reading journalctl: " + e);
                }
            }
            p.destroy();
            try {
                p.waitFor();
                stderr.join(1000);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            metrics.increment("clusterlog_agent_journalctl_exits_total", "source", options.name());
            LOG.log(System.Logger.Level.WARNING, "source " + options.name() + ": journalctl exited with status " + p.exitValue()
                    + (lastStderr.isEmpty() ? "" : " (" + lastStderr + ")") + "; restarting in " + backoffMillis + " ms");
            backoffMillis = read > 0 ? 1000 : Math.min(30_000, backoffMillis * 2);
            if (!pause(backoffMillis)) {
                return;
            }
        }
    }

    private boolean pause(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (!closed && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(Math.min(200, Math.max(1, deadline - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                return false;
            }
        }
        return !closed;
    }

    private void drainStderr(Process p) {
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    lastStderr = line.length() > 300 ? line.substring(0, 300) : line;
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Reads journalctl's output line by line until it ends; returns the number of lines. */
    private long readLines(InputStream in) throws IOException {
        int max = options.lineLimit() * 5 + 65536; // a binary MESSAGE of lineLimit bytes as numbers
        byte[] buf = new byte[65536];
        int start = 0;
        int end = 0;
        boolean skipping = false;
        long lines = 0;
        while (!closed) {
            while (!hasRoom.getAsBoolean() && !closed) {
                pause(50);
            }
            if (end == buf.length) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                } else if (buf.length < max) {
                    buf = java.util.Arrays.copyOf(buf, Math.min(max, buf.length * 2));
                } else {
                    skipping = true; // an entry longer than any sane one: dropped, counted
                    metrics.increment("clusterlog_agent_dropped_lines_total", "reason", "journal_entry_too_long");
                    warn("an entry of journalctl's output is over " + max + " bytes; dropped");
                    start = 0;
                    end = 0;
                }
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                return lines;
            }
            int scan = end;
            end += n;
            for (int i = scan; i < end; i++) {
                if (buf[i] == '\n') {
                    if (!skipping) {
                        entry(buf, start, i - start);
                        lines++;
                    }
                    skipping = false;
                    start = i + 1;
                }
            }
            if (start == end) {
                start = 0;
                end = 0;
            }
        }
        return lines;
    }

    private void warn(String message) {
        long now = nanoClock.getAsLong();
        if (lastWarnNanos == Long.MIN_VALUE || now - lastWarnNanos > 60_000_000_000L) {
            lastWarnNanos = now;
            LOG.log(System.Logger.Level.WARNING, "source " + options.name() + ": " + message
                    + " (further warnings throttled for 60 s)");
        }
    }

    private synchronized void entry(byte[] buf, int off, int len) {
        if (len == 0) {
            return;
        }
        metrics.add("clusterlog_agent_read_bytes_total", "source", options.name(), len);
        try {
            entry.parse(buf, off, len);
        } catch (IOException e) {
            metrics.increment("clusterlog_agent_unparsed_lines_total", "source", options.name());
            warn("journalctl line not understood: " + e.getMessage() + ": "
                    + new String(buf, off, Math.min(len, 120), StandardCharsets.UTF_8));
            return;
        }
        String seqnumId = entry.seqnumId != null ? entry.seqnumId : entry.bootId != null ? entry.bootId : "unknown";
        long seq = entry.seqnum >= 0 ? entry.seqnum : Math.max(0, entry.realtimeMicros);
        if (!group.isEmpty() && !seqnumId.equals(groupSeqnumId)) {
            cut(); // the sequence numbers start over: a new range space
        }
        if (replay > 0) {
            JournaldCheckpoint.Cut next = unacknowledged.stream().skip(unacknowledged.size() - replay).findFirst().orElseThrow();
            if (!group.isEmpty() && next.seqnumId().equals(groupSeqnumId) && seq > next.lastSeqnum()) {
                replayCut(); // the cut's own entry is gone (journal vacuumed or filtered): cut where it would have been
            }
        }
        add(seqnumId, seq);
        lastReadCursor = entry.cursor;
        lastEntryNanos = nanoClock.getAsLong();
        if (replay > 0) {
            JournaldCheckpoint.Cut next = unacknowledged.stream().skip(unacknowledged.size() - replay).findFirst().orElseThrow();
            if (next.seqnumId().equals(groupSeqnumId) && seq >= next.lastSeqnum()) {
                replayCut();
            }
        } else if (groupBytes >= options.batchBytes()) {
            cut();
        }
    }

    private void add(String seqnumId, long seq) {
        String unit = entry.unit == null ? "" : entry.unit;
        LabelSet labels = labelsByUnit.computeIfAbsent(unit, this::labels);
        if (group.isEmpty()) {
            groupSeqnumId = seqnumId;
            groupFirst = seq;
            groupStartNanos = nanoClock.getAsLong();
            groupBytes = 0;
        }
        groupLast = seq;
        groupLastCursor = entry.cursor;
        BatchBuilder builder = group.get(unit);
        if (builder == null) {
            builder = new BatchBuilder("journald/" + seqnumId + "/" + (unit.isEmpty() ? "-" : unit), options.name(), labels,
                    groupFirst);
            group.put(unit, builder);
        }
        byte[] line = entry.message;
        int len = line.length;
        while (len > 0 && line[len - 1] == '\n') {
            len--;
        }
        int flags = 0;
        if (entry.messageTooLarge || len > options.lineLimit()) {
            flags = LineSink.TRUNCATED;
            len = Math.min(len, options.lineLimit());
            metrics.increment("clusterlog_agent_cut_lines_total", "source", options.name());
        }
        long nanos = entry.realtimeMicros >= 0 ? entry.realtimeMicros * 1000 : wallNanos();
        int before = builder.bytes();
        pipeline.process(nanos, LogStream.STDOUT, line, 0, len, flags, metadata(),
                limiters.computeIfAbsent(unit, u -> pipeline.newRateLimiter()), nanoClock.getAsLong(), builder);
        groupBytes += builder.bytes() - before;
    }

    private static long wallNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private LabelSet labels(String unit) {
        Map<String, String> l = new TreeMap<>(options.staticLabels());
        l.put("source", "journald");
        if (options.node() != null && !options.node().isEmpty()) {
            l.put("node", options.node());
        }
        if (!unit.isEmpty()) {
            l.put("unit", unit);
        }
        return LabelSet.of(l);
    }

    private String[] metadata() {
        int n = 0;
        String level = JournalEntry.levelName(entry.priority);
        String[] m = new String[12];
        n = put(m, n, "priority", entry.priority);
        n = put(m, n, "level", level);
        n = put(m, n, "syslog_identifier", entry.identifier);
        n = put(m, n, "pid", entry.pid);
        n = put(m, n, "hostname", entry.hostname);
        n = put(m, n, "boot_id", entry.bootId);
        return n == 0 ? NO_META : n == m.length ? m : java.util.Arrays.copyOf(m, n);
    }

    private static int put(String[] m, int n, String name, String value) {
        if (value == null || value.isEmpty()) {
            return n;
        }
        m[n] = name;
        m[n + 1] = value;
        return n + 2;
    }

    /** Cuts the open group at a cut point being replayed (already in the checkpoint). */
    private void replayCut() {
        replay--;
        emit();
    }

    /** Cuts the open group: its cut point enters the checkpoint first, then its batches go out. */
    private void cut() {
        if (group.isEmpty()) {
            return;
        }
        if (replay > 0) {
            // cutting elsewhere than the recorded points: those left are abandoned
            List<JournaldCheckpoint.Cut> kept = new ArrayList<>(unacknowledged).subList(0, unacknowledged.size() - replay);
            unacknowledged.clear();
            unacknowledged.addAll(kept);
            replay = 0;
        }
        unacknowledged.addLast(new JournaldCheckpoint.Cut(groupSeqnumId, groupLast));
        writeCheckpoint();
        emit();
    }

    private void emit() {
        List<BatchBuilder> builders = new ArrayList<>(group.values());
        group.clear();
        // the group's last batch carries lastSeqnum:u64 cursor:UTF-8 (the others null: no checkpoint)
        byte[] cursor = groupLastCursor.getBytes(StandardCharsets.UTF_8);
        byte[] state = ByteBuffer.allocate(8 + cursor.length).putLong(groupLast).put(cursor).array();
        for (int i = 0; i < builders.size(); i++) {
            Batch batch = builders.get(i).build(groupLast + 1, i == builders.size() - 1 ? state : null);
            metrics.add("clusterlog_agent_read_lines_total", "source", options.name(), batch.size());
            sink.accept(batch);
        }
    }

    /** Cuts the open group when it is older than the batch wait (call periodically). */
    public synchronized void flushAged() {
        if (group.isEmpty()) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (replay > 0) {
            // a replayed cut point waits for its entry unless journalctl has been quiet for 5 s more
            if (now - lastEntryNanos >= options.batchWaitNanos() + 5_000_000_000L) {
                cut();
            }
            return;
        }
        if (now - groupStartNanos >= options.batchWaitNanos()) {
            cut();
        }
    }

    /** Cuts the open group now (before a graceful stop). */
    public synchronized void flushAll() {
        cut();
    }

    /**
     * Called for every acknowledged batch: a batch of this source carrying a cursor (the last of
     * its group) advances the checkpoint.
     */
    public void acknowledged(Batch batch) {
        if (batch.stateAfter == null || !batch.input.equals(options.name()) || !batch.sourceId.startsWith("journald/")) {
            return;
        }
        synchronized (this) {
            ByteBuffer bb = ByteBuffer.wrap(batch.stateAfter);
            long last = bb.getLong();
            ackedCursor = new String(batch.stateAfter, 8, batch.stateAfter.length - 8, StandardCharsets.UTF_8);
            while (!unacknowledged.isEmpty() && unacknowledged.size() > replay) {
                JournaldCheckpoint.Cut c = unacknowledged.pollFirst();
                if (c.lastSeqnum() == last) {
                    break;
                }
            }
            writeCheckpoint();
        }
    }

    private void writeCheckpoint() {
        try {
            checkpoint.write(new JournaldCheckpoint.State(ackedCursor, List.copyOf(unacknowledged)));
            lastCheckpointNanos = System.nanoTime();
        } catch (IOException e) {
            metrics.increment("clusterlog_agent_checkpoint_errors_total", null, null);
            warn("writing checkpoint " + checkpoint.file() + ": " + e);
        }
    }

    /** The acknowledged cursor ("" when none). */
    public synchronized String acknowledgedCursor() {
        return ackedCursor;
    }

    /** Stops journalctl and the reader; the open group stays for {@link #flushAll}. */
    @Override
    public void close() {
        closed = true;
        Process p = process;
        if (p != null) {
            p.destroy();
        }
        if (reader != null) {
            reader.interrupt();
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
