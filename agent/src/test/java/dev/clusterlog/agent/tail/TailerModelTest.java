package dev.clusterlog.agent.tail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.agent.checkpoint.CheckpointStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.stateful.Action;
import net.jqwik.api.stateful.ActionSequence;

/**
 * The tailer against a model: two writers append lines to {@code a.log} and {@code b.log} in one
 * directory while files are rename-rotated, copytruncated, gzipped (kubelet style: {@code .gz}
 * written, original deleted) and deleted, and the agent polls, acknowledges, or crashes (the
 * tailer is dropped without writing anything unacknowledged) and restarts from its checkpoint.
 * Every acknowledged line must be the next line of its writer (no loss, no repeat, in order);
 * at the end, after draining, every written line has arrived.
 */
class TailerModelTest {

    @Property(tries = 150)
    void everyLineArrivesExactlyOnceInOrder(@ForAll("actions") ActionSequence<World> actions) throws Exception {
        World world = new World();
        try {
            actions.run(world);
            world.drainAndCheck();
        } finally {
            world.cleanup();
        }
    }

    @Provide
    Arbitrary<ActionSequence<World>> actions() {
        Arbitrary<String> stream = Arbitraries.of("a", "b");
        Arbitrary<Action<World>> write = stream.flatMap(s -> Arbitraries.integers().between(1, 6)
                .flatMap(n -> Arbitraries.integers().between(0, 40).map(pad -> new Write(s, n, pad))));
        Arbitrary<Action<World>> partial = stream.map(WritePartial::new);
        Arbitrary<Action<World>> rename = stream.map(RenameRotate::new);
        Arbitrary<Action<World>> copy = stream.map(CopyTruncate::new);
        Arbitrary<Action<World>> simple = Arbitraries.of(new Poll(), new Ack(), new Gzip(), new Delete(), new Crash());
        return Arbitraries.sequences(Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, write), net.jqwik.api.Tuple.of(1, partial), net.jqwik.api.Tuple.of(2, rename),
                net.jqwik.api.Tuple.of(1, copy), net.jqwik.api.Tuple.of(8, simple))).ofSize(40);
    }

    /** A file on disk in the model: the line numbers it holds, per its writer. */
    static final class ModelFile {
        final String stream;
        final List<Integer> lines = new ArrayList<>();
        /** Written since the agent last polled: kubelet compresses only files rotated a monitor interval ago. */
        boolean writtenSincePoll = true;

        ModelFile(String stream) {
            this.stream = stream;
        }
    }

    static final class World {
        final Path dir;
        final Path state;
        final AtomicLong clock = new AtomicLong(1);
        final Map<String, Integer> written = new HashMap<>();
        final Map<String, Integer> received = new HashMap<>();
        final Map<String, Boolean> partialPending = new HashMap<>();
        /** Files on disk by name, with their lines; gz files hold the same lines as the original. */
        final Map<String, ModelFile> files = new LinkedHashMap<>();
        final List<ModelFile> deleted = new ArrayList<>();
        int rotation;
        final List<Object[]> pending = new ArrayList<>();
        FileTailer tailer;

        World() throws IOException {
            dir = Files.createTempDirectory("tailer-model");
            state = Files.createTempDirectory("tailer-state").resolve("checkpoint");
            for (String s : List.of("a", "b")) {
                written.put(s, 0);
                received.put(s, 0);
                partialPending.put(s, false);
            }
            startTailer();
        }

        void startTailer() throws IOException {
            SourceHandler handler = new SourceHandler() {
                @Override
                public void open(TailedSource source, byte[] restoredState) {
                }

                @Override
                public void lines(TailedSource source, byte[] buf, int off, int len, long startOffset) {
                    pending.add(new Object[] {source.id(), startOffset + len,
                            new String(buf, off, len, StandardCharsets.UTF_8)});
                }

                @Override
                public void close(TailedSource source) {
                }
            };
            tailer = new FileTailer(new GlobDiscovery(List.of(dir + "/*.log*")), new CheckpointStore(state), handler,
                    new FileTailer.Options(1 << 20, false, Long.MAX_VALUE / 4, 1), clock::get);
            tailer.start();
        }

        void append(String stream, String text) throws IOException {
            Path live = dir.resolve(stream + ".log");
            Files.writeString(live, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            files.computeIfAbsent(stream + ".log", k -> new ModelFile(stream)).writtenSincePoll = true;
        }

        void ack() throws IOException {
            for (Object[] p : pending) {
                for (String line : ((String) p[2]).split("\n")) {
                    String stream = line.substring(0, 1);
                    int n = Integer.parseInt(line.substring(2, 8));
                    assertThat(n).as("line %s of %s after %s received", n, stream, received.get(stream))
                            .isEqualTo(received.get(stream));
                    received.put(stream, n + 1);
                }
                tailer.acknowledge((String) p[0], (Long) p[1], null);
            }
            pending.clear();
            tailer.writeCheckpoint();
        }

        boolean safeToRemove(String name) throws IOException {
            ModelFile f = files.get(name);
            if (f.lines.isEmpty() || received.get(f.stream) > f.lines.get(f.lines.size() - 1)) {
                return true;
            }
            FileKey key = FileKey.of(dir.resolve(name));
            return tailer.status().stream().anyMatch(s -> s.open() && key.equals(s.key()));
        }

        boolean crashLosesNothing() {
            for (ModelFile f : deleted) {
                if (!f.lines.isEmpty() && received.get(f.stream) <= f.lines.get(f.lines.size() - 1)) {
                    return false;
                }
            }
            return true;
        }

        void drainAndCheck() throws IOException {
            for (String s : List.of("a", "b")) {
                if (partialPending.get(s)) {
                    append(s, "\n");
                    partialPending.put(s, false);
                }
            }
            for (int i = 0; i < 6; i++) {
                tailer.poll();
                ack();
            }
            assertThat(received).as("lines received per writer").isEqualTo(written);
        }

        void cleanup() throws IOException {
            tailer.close();
            for (Path root : List.of(dir, state.getParent())) {
                try (var walk = Files.walk(root)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }

        List<String> rotated() {
            return files.keySet().stream().filter(n -> !n.endsWith(".log")).sorted().toList();
        }
    }

    record Write(String stream, int count, int pad) implements Action<World> {
        @Override
        public World run(World w) {
            try {
                StringBuilder sb = new StringBuilder();
                boolean continuing = w.partialPending.get(stream);
                for (int i = 0; i < count; i++) {
                    if (continuing) {
                        sb.append(" continued\n");
                        continuing = false;
                        continue;
                    }
                    int n = w.written.get(stream);
                    sb.append(stream).append(':').append(String.format("%06d", n)).append(' ').append("x".repeat(pad + i)).append('\n');
                    w.written.put(stream, n + 1);
                    w.files.computeIfAbsent(stream + ".log", k -> new ModelFile(stream)).lines.add(n);
                }
                w.partialPending.put(stream, false);
                w.append(stream, sb.toString());
                return w;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    record WritePartial(String stream) implements Action<World> {
        @Override
        public boolean precondition(World w) {
            return !w.partialPending.get(stream);
        }

        @Override
        public World run(World w) {
            try {
                int n = w.written.get(stream);
                w.written.put(stream, n + 1);
                w.files.computeIfAbsent(stream + ".log", k -> new ModelFile(stream)).lines.add(n);
                w.append(stream, stream + ":" + String.format("%06d", n) + " half");
                w.partialPending.put(stream, true);
                return w;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    record RenameRotate(String stream) implements Action<World> {
        @Override
        public boolean precondition(World w) {
            return !w.partialPending.get(stream) && w.files.containsKey(stream + ".log");
        }

        @Override
        public World run(World w) {
            try {
                String target = stream + ".log.20240501-" + String.format("%06d", w.rotation++); // kubelet's names sort in time order
                Files.move(w.dir.resolve(stream + ".log"), w.dir.resolve(target));
                w.files.put(target, w.files.remove(stream + ".log"));
                Files.createFile(w.dir.resolve(stream + ".log"));
                w.files.put(stream + ".log", new ModelFile(stream));
                return w;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    record CopyTruncate(String stream) implements Action<World> {
        @Override
        public boolean precondition(World w) {
            ModelFile live = w.files.get(stream + ".log");
            return !w.partialPending.get(stream) && live != null && !live.lines.isEmpty();
        }

        @Override
        public World run(World w) {
            try {
                String target = stream + ".log.20240501-" + String.format("%06d", w.rotation++); // kubelet's names sort in time order
                Path live = w.dir.resolve(stream + ".log");
                Files.copy(live, w.dir.resolve(target));
                try (FileChannel ch = FileChannel.open(live, StandardOpenOption.WRITE)) {
                    ch.truncate(0);
                }
                w.files.put(target, w.files.remove(stream + ".log"));
                w.files.put(stream + ".log", new ModelFile(stream));
                return w;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    static final class Gzip implements Action<World> {
        @Override
        public boolean precondition(World w) {
            return w.rotated().stream().anyMatch(n -> !n.endsWith(".gz"));
        }

        @Override
        public World run(World w) {
            try {
                String name = w.rotated().stream().filter(n -> !n.endsWith(".gz")).findFirst().orElseThrow();
                if (!w.safeToRemove(name) || w.files.get(name).writtenSincePoll) {
                    return w; // kubelet compresses only files rotated a while ago: the agent has seen them
                }
                Path src = w.dir.resolve(name);
                Path tmp = w.dir.resolve(name + ".tmp");
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
                    Files.copy(src, out);
                }
                Files.move(tmp, w.dir.resolve(name + ".gz"), StandardCopyOption.ATOMIC_MOVE);
                Files.delete(src);
                w.files.put(name + ".gz", w.files.remove(name));
                return w;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "Gzip";
        }
    }

    static final class Delete implements Action<World> {
        @Override
        public boolean precondition(World w) {
            return !w.rotated().isEmpty();
        }

        @Override
        public World run(World w) {
            try {
                String name = w.rotated().getFirst();
                if (!w.safeToRemove(name)) {
                    return w;
                }
                Files.delete(w.dir.resolve(name));
                w.deleted.add(w.files.remove(name));
                return w;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "Delete";
        }
    }

    static final class Poll implements Action<World> {
        @Override
        public World run(World w) {
            try {
                w.clock.addAndGet(100_000_000L);
                w.tailer.poll();
                w.files.values().forEach(f -> f.writtenSincePoll = false);
                return w;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "Poll";
        }
    }

    static final class Ack implements Action<World> {
        @Override
        public World run(World w) {
            try {
                w.ack();
                return w;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "Ack";
        }
    }

    static final class Crash implements Action<World> {
        @Override
        public boolean precondition(World w) {
            return w.crashLosesNothing();
        }

        @Override
        public World run(World w) {
            try {
                w.tailer.close();
                w.pending.clear();
                w.startTailer();
                return w;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "Crash";
        }
    }
}
