package dev.clusterlog.server.push;

import dev.clusterlog.core.entry.LabelSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.xerial.snappy.Snappy;

/**
 * Reads Loki's protobuf {@code PushRequest} ({@code pkg/push/push.proto}), snappy block
 * compressed as Loki clients send it by default:
 * <pre>
 * PushRequest      { repeated StreamAdapter streams = 1; }
 * StreamAdapter    { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
 * EntryAdapter     { Timestamp timestamp = 1; string line = 2; repeated LabelPair structuredMetadata = 3; }
 * Timestamp        { int64 seconds = 1; int32 nanos = 2; }
 * LabelPair        { string name = 1; string value = 2; }
 * </pre>
 * A hand-written wire-format reader: five message types do not justify a protobuf runtime and
 * generated code. Unknown fields are skipped as the wire format allows.
 */
final class PushProtobufReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    private PushProtobufReader(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    static List<PushStream> read(byte[] body, boolean snappyCompressed) throws BadPushException {
        byte[] plain = body;
        if (snappyCompressed) {
            try {
                plain = Snappy.uncompress(body);
            } catch (IOException e) {
                throw new BadPushException("body", "cannot snappy-decompress the protobuf body: " + e.getMessage());
            }
        }
        try {
            return new PushProtobufReader(plain, 0, plain.length).pushRequest();
        } catch (IndexOutOfBoundsException e) {
            throw new BadPushException("body", "truncated protobuf PushRequest");
        }
    }

    private List<PushStream> pushRequest() throws BadPushException {
        List<PushStream> streams = new ArrayList<>();
        while (pos < end) {
            long key = varint();
            if (key == (1 << 3 | 2)) {
                int len = length();
                streams.add(new PushProtobufReader(buf, pos, pos + len).stream("streams[" + streams.size() + "]"));
                pos += len;
            } else {
                skip(key);
            }
        }
        return streams;
    }

    private PushStream stream(String where) throws BadPushException {
        String labels = null;
        List<int[]> entries = new ArrayList<>();
        while (pos < end) {
            long key = varint();
            switch ((int) key) {
                case 1 << 3 | 2 -> labels = string();
                case 2 << 3 | 2 -> {
                    int len = length();
                    entries.add(new int[] {pos, pos + len});
                    pos += len;
                }
                default -> skip(key);
            }
        }
        if (labels == null) {
            throw new BadPushException(where + ".labels", "the stream has no labels");
        }
        PushStream stream = new PushStream(parseLabels(labels, where + ".labels"));
        for (int i = 0; i < entries.size(); i++) {
            int[] e = entries.get(i);
            new PushProtobufReader(buf, e[0], e[1]).entry(stream);
        }
        return stream;
    }

    private void entry(PushStream stream) {
        long seconds = 0;
        long nanos = 0;
        byte[] line = new byte[0];
        List<String> metadata = null;
        while (pos < end) {
            long key = varint();
            switch ((int) key) {
                case 1 << 3 | 2 -> {
                    int len = length();
                    PushProtobufReader ts = new PushProtobufReader(buf, pos, pos + len);
                    while (ts.pos < ts.end) {
                        long k = ts.varint();
                        if (k == (1 << 3)) {
                            seconds = ts.varint();
                        } else if (k == (2 << 3)) {
                            nanos = ts.varint();
                        } else {
                            ts.skip(k);
                        }
                    }
                    pos += len;
                }
                case 2 << 3 | 2 -> {
                    int len = length();
                    line = Arrays.copyOfRange(buf, pos, pos + len);
                    pos += len;
                }
                case 3 << 3 | 2 -> {
                    int len = length();
                    PushProtobufReader pair = new PushProtobufReader(buf, pos, pos + len);
                    String name = "";
                    String value = "";
                    while (pair.pos < pair.end) {
                        long k = pair.varint();
                        if (k == (1 << 3 | 2)) {
                            name = pair.string();
                        } else if (k == (2 << 3 | 2)) {
                            value = pair.string();
                        } else {
                            pair.skip(k);
                        }
                    }
                    if (metadata == null) {
                        metadata = new ArrayList<>();
                    }
                    metadata.add(name);
                    metadata.add(value);
                    pos += len;
                }
                default -> skip(key);
            }
        }
        stream.add(seconds * 1_000_000_000L + nanos, line, metadata == null ? null : metadata.toArray(String[]::new));
    }

    /** Parses Prometheus label text {@code {a="b", c="d"}} (values Go-quoted). */
    static LabelSet parseLabels(String text, String where) throws BadPushException {
        TreeMap<String, String> m = new TreeMap<>();
        String s = text.trim();
        if (!s.startsWith("{") || !s.endsWith("}")) {
            throw new BadPushException(where, "labels " + PushDecoder.quote(text) + ": expected {name=\"value\", ...}");
        }
        int i = 1;
        int last = s.length() - 1;
        while (i < last) {
            while (i < last && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
                i++;
            }
            if (i >= last) {
                break;
            }
            int nameStart = i;
            while (i < last && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':'
                    || s.charAt(i) == '.')) {
                i++;
            }
            String name = s.substring(nameStart, i);
            while (i < last && s.charAt(i) == ' ') {
                i++;
            }
            if (name.isEmpty() || i >= last || s.charAt(i) != '=') {
                throw new BadPushException(where, "labels " + PushDecoder.quote(text) + ": expected name=\"value\" at offset " + i);
            }
            i++;
            while (i < last && s.charAt(i) == ' ') {
                i++;
            }
            if (i >= last || s.charAt(i) != '"') {
                throw new BadPushException(where, "labels " + PushDecoder.quote(text) + ": expected a quoted value at offset " + i);
            }
            StringBuilder v = new StringBuilder();
            i++;
            while (i < last && s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\' && i < last) {
                    char e = s.charAt(i++);
                    v.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> e;
                    });
                } else {
                    v.append(c);
                }
            }
            if (i >= last) {
                throw new BadPushException(where, "labels " + PushDecoder.quote(text) + ": unterminated value");
            }
            i++;
            m.put(name, v.toString());
        }
        if (m.isEmpty()) {
            throw new BadPushException(where, "error at least one label pair is required per stream");
        }
        return LabelSet.of(m);
    }

    private long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buf[pos++];
            v |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IndexOutOfBoundsException("varint too long");
    }

    private int length() {
        long n = varint();
        if (n < 0 || pos + n > end) {
            throw new IndexOutOfBoundsException("length " + n + " past the end");
        }
        return (int) n;
    }

    private String string() {
        int len = length();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    private void skip(long key) {
        switch ((int) (key & 7)) {
            case 0 -> varint();
            case 1 -> pos += 8;
            case 2 -> pos += length();
            case 5 -> pos += 4;
            default -> throw new IndexOutOfBoundsException("unsupported wire type " + (key & 7));
        }
        if (pos > end) {
            throw new IndexOutOfBoundsException("field past the end");
        }
    }
}
