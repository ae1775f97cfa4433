package dev.clusterlog.runtime.state;

import dev.clusterlog.core.io.ByteReader;
import dev.clusterlog.core.io.ByteWriter;
import dev.clusterlog.core.io.ChecksummedFile;
import dev.clusterlog.core.io.FileFormat;
import dev.clusterlog.runtime.state.ContainerState.Instance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a pod state file, in the binary convention of every clusterlog format
 * ({@link ByteWriter}: {@code varint} unsigned LEB128, {@code zigzag} signed varint, {@code string}
 * varint length + UTF-8), framed by {@link ChecksummedFile} (header {@code "CLPS"} version 2, CRC32C).
 * <pre>
 * body        := pod
 * pod         := namespace:string name:string uid:string labels:map annotations:map phase:string
 *                runnerPid:zigzag createdAtMillis:zigzag initContainers:containers containers:containers
 * map         := count:varint (key:string value:string)*          ; in the pod's order
 * containers  := count:varint container*                          ; in manifest order
 * container   := name:string state:string reason:optString restartCount:varint containerId:optString
 *                pid:optLong exitCode:optLong startedAtMillis:optLong finishedAtMillis:optLong
 *                lastTerminated:(0x00 | 0x01 instance)
 * instance    := restartCount:varint containerId:optString exitCode:optLong reason:optString
 *                startedAtMillis:optLong finishedAtMillis:optLong
 * optString   := 0x00 | 0x01 string                                ; 0x00: null
 * optLong     := 0x00 | 0x01 zigzag                                ; 0x00: null
 * </pre>
 * Version 1 (a text header line, one line of JSON and a {@code crc32c} footer line, written
 * without fsync) is not read: its files are refused as corrupt and {@code pod list} says so; such a
 * pod's runner belongs to an older clusterlog. Stateless, thread-safe.
 */
final class PodStateFormat {
    public static final FileFormat FORMAT = FileFormat.of("pod state file", "CLPS", 2);

    private static final int ABSENT = 0;
    private static final int PRESENT = 1;

    private PodStateFormat() {
    }

    public static ByteWriter encode(PodState pod) {
        ByteWriter w = new ByteWriter(256);
        w.writeString(pod.namespace());
        w.writeString(pod.name());
        w.writeString(pod.uid());
        writeMap(w, pod.labels());
        writeMap(w, pod.annotations());
        w.writeString(pod.phase());
        w.writeZigZag(pod.runnerPid());
        w.writeZigZag(pod.createdAtMillis());
        writeContainers(w, pod.initContainers());
        writeContainers(w, pod.containers());
        return w;
    }

    /** The pod of a body; {@link IllegalStateException} (from {@link ByteReader}) or {@link IllegalArgumentException} when the bytes do not follow the grammar. */
    public static PodState decode(int version, ByteReader r) {
        return new PodState(r.readString(), r.readString(), r.readString(), readMap(r), readMap(r), r.readString(),
                r.readZigZag(), r.readZigZag(), readContainers(r), readContainers(r));
    }

    private static void writeContainers(ByteWriter w, List<ContainerState> containers) {
        w.writeVarInt(containers.size());
        for (ContainerState c : containers) {
            w.writeString(c.name());
            w.writeString(c.state());
            writeOptional(w, c.reason());
            w.writeVarInt(c.restartCount());
            writeOptional(w, c.containerId());
            writeOptional(w, c.pid());
            writeOptional(w, c.exitCode() == null ? null : c.exitCode().longValue());
            writeOptional(w, c.startedAtMillis());
            writeOptional(w, c.finishedAtMillis());
            Instance last = c.lastTerminated();
            if (last == null) {
                w.writeByte(ABSENT);
            } else {
                w.writeByte(PRESENT);
                w.writeVarInt(last.restartCount());
                writeOptional(w, last.containerId());
                writeOptional(w, last.exitCode() == null ? null : last.exitCode().longValue());
                writeOptional(w, last.reason());
                writeOptional(w, last.startedAtMillis());
                writeOptional(w, last.finishedAtMillis());
            }
        }
    }

    private static List<ContainerState> readContainers(ByteReader r) {
        int n = count(r);
        List<ContainerState> containers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = r.readString();
            String state = r.readString();
            String reason = readOptionalString(r);
            int restartCount = r.readVarInt();
            String containerId = readOptionalString(r);
            Long pid = readOptionalLong(r);
            Integer exitCode = toInt(readOptionalLong(r));
            Long started = readOptionalLong(r);
            Long finished = readOptionalLong(r);
            Instance last = null;
            if (presence(r)) {
                last = new Instance(r.readVarInt(), readOptionalString(r), toInt(readOptionalLong(r)),
                        readOptionalString(r), readOptionalLong(r), readOptionalLong(r));
            }
            containers.add(new ContainerState(name, state, reason, restartCount, containerId, pid, exitCode, started,
                    finished, last));
        }
        return List.copyOf(containers);
    }

    private static void writeMap(ByteWriter w, Map<String, String> map) {
        Map<String, String> m = map == null ? Map.of() : map;
        w.writeVarInt(m.size());
        for (Map.Entry<String, String> e : m.entrySet()) {
            w.writeString(e.getKey());
            w.writeString(e.getValue());
        }
    }

    private static Map<String, String> readMap(ByteReader r) {
        int n = count(r);
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(r.readString(), r.readString());
        }
        return m;
    }

    private static void writeOptional(ByteWriter w, String s) {
        if (s == null) {
            w.writeByte(ABSENT);
        } else {
            w.writeByte(PRESENT);
            w.writeString(s);
        }
    }

    private static void writeOptional(ByteWriter w, Long v) {
        if (v == null) {
            w.writeByte(ABSENT);
        } else {
            w.writeByte(PRESENT);
            w.writeZigZag(v);
        }
    }

    private static String readOptionalString(ByteReader r) {
        return presence(r) ? r.readString() : null;
    }

    private static Long readOptionalLong(ByteReader r) {
        return presence(r) ? r.readZigZag() : null;
    }

    private static boolean presence(ByteReader r) {
        int b = r.readByte();
        if (b != ABSENT && b != PRESENT) {
            throw new IllegalArgumentException("presence byte " + b + ", expected 0 or 1");
        }
        return b == PRESENT;
    }

    /** A count no larger than the bytes left could hold (each item takes at least one byte). */
    private static int count(ByteReader r) {
        int n = r.readVarInt();
        if (n < 0 || n > r.remaining()) {
            throw new IllegalArgumentException("count " + Integer.toUnsignedString(n) + " exceeds the "
                    + r.remaining() + " bytes left");
        }
        return n;
    }

    private static Integer toInt(Long v) {
        if (v == null) {
            return null;
        }
        if (v != v.intValue()) {
            throw new IllegalArgumentException("exit code " + v + " is out of range");
        }
        return v.intValue();
    }
}
