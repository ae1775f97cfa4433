package dev.clusterlog.logql.log;

import dev.clusterlog.core.entry.LabelSet;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The mutable state of one entry while it runs through a {@link Pipeline}: the line as a byte slice
 * (owned by the caller until a stage replaces it), the stream and structured-metadata labels, and —
 * only when the pipeline changes labels — a working label map. One instance is reused for every
 * entry of a query; not thread-safe.
 */
public final class LogEntry {
    public static final String ERROR = "__error__";
    public static final String ERROR_DETAILS = "__error_details__";

    long timestamp;
    byte[] buf;
    int off;
    int len;
    private String lineString;
    LabelSet stream = LabelSet.EMPTY;
    LabelSet metadata = LabelSet.EMPTY;
    final Map<String, String> labels = new HashMap<>();
    /** Names present before any parser ran (stream and metadata), for the {@code _extracted} rule. */
    final Map<String, String> base = new HashMap<>();
    boolean labelsLoaded;

    /** Starts a new entry; {@code buf[off, off+len)} must stay valid until the pipeline returns. */
    public void reset(LabelSet stream, LabelSet metadata, long timestamp, byte[] buf, int off, int len) {
        this.stream = stream;
        this.metadata = metadata == null ? LabelSet.EMPTY : metadata;
        this.timestamp = timestamp;
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.lineString = null;
        this.labelsLoaded = false;
    }

    public long timestamp() {
        return timestamp;
    }

    public byte[] lineBuffer() {
        return buf;
    }

    public int lineOffset() {
        return off;
    }

    public int lineLength() {
        return len;
    }

    /** The line as a String, decoded once. */
    public String line() {
        if (lineString == null) {
            lineString = new String(buf, off, len, StandardCharsets.UTF_8);
        }
        return lineString;
    }

    void setLine(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        this.buf = b;
        this.off = 0;
        this.len = b.length;
        this.lineString = line;
    }

    /** The working labels, loaded from stream and metadata on first use. */
    Map<String, String> labels() {
        if (!labelsLoaded) {
            labels.clear();
            base.clear();
            for (int i = 0; i < stream.size(); i++) {
                labels.put(stream.name(i), stream.value(i));
            }
            for (int i = 0; i < metadata.size(); i++) {
                labels.put(metadata.name(i), metadata.value(i));
            }
            base.putAll(labels);
            labelsLoaded = true;
        }
        return labels;
    }

    String label(String name) {
        String v = labels().get(name);
        return v == null ? "" : v;
    }

    boolean hasError() {
        return labelsLoaded && labels.containsKey(ERROR);
    }

    void setError(String error, String details) {
        Map<String, String> l = labels();
        if (!l.containsKey(ERROR)) {
            l.put(ERROR, error);
            if (details != null && !details.isEmpty()) {
                l.put(ERROR_DETAILS, details);
            }
        }
    }

    /** Adds a parsed label: sanitized name, {@code _extracted} suffix on clash with stream/metadata, first wins. */
    void addParsed(String rawName, String value, java.util.Set<String> seenThisStage) {
        String name = sanitize(rawName);
        if (name.isEmpty()) {
            return;
        }
        Map<String, String> l = labels();
        if (base.containsKey(name)) {
            name = name + "_extracted";
        }
        if (!seenThisStage.add(name)) {
            return;
        }
        l.put(name, value);
    }

    static String sanitize(String key) {
        StringBuilder sb = null;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= '0' && c <= '9';
            if (!ok) {
                if (sb == null) {
                    sb = new StringBuilder(key.substring(0, i));
                }
                sb.append('_');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        String s = sb == null ? key : sb.toString();
        if (!s.isEmpty() && Character.isDigit(s.charAt(0))) {
            s = "_" + s;
        }
        return s;
    }

    /** The labels the entry ends with. */
    public LabelSet finalLabels() {
        if (!labelsLoaded) {
            if (metadata.size() == 0) {
                return stream;
            }
            labels();
        }
        return LabelSet.of(labels);
    }
}
