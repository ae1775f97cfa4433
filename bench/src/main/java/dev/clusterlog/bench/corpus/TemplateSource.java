package dev.clusterlog.bench.corpus;

import dev.clusterlog.core.io.ByteWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Lines resampled from a loghub {@code *_structured.csv}: each row gives a header (the columns
 * between {@code LineId} and {@code Content}, as the original line had them), a template
 * ({@code EventTemplate}, parameters written {@code <*>}) and the parameter values, recovered by
 * aligning {@code Content} against the template's literal pieces. An event picks a template with
 * the frequency it had in the real log, a header of a real row, and fills every {@code <*>} with
 * a value seen at that position in any row of the template: new lines, real vocabulary.
 */
final class TemplateSource implements LineSource {
    private static final String SLOT = "<*>";

    private record Template(byte[][] pieces, byte[][][] slotValues) {
    }

    private final String name;
    private final Template[] templates;
    /** Cumulative row counts per template, for sampling by real frequency. */
    private final int[] cumulative;
    private final byte[][] headers;

    private TemplateSource(String name, Template[] templates, int[] cumulative, byte[][] headers) {
        this.name = name;
        this.templates = templates;
        this.cumulative = cumulative;
        this.headers = headers;
    }

    /** Loads one structured CSV; null when it has no usable rows (wrong columns, no templates). */
    static TemplateSource load(String name, Path structuredCsv) throws IOException {
        List<List<String>> rows = SimpleCsv.parse(Files.readString(structuredCsv, StandardCharsets.UTF_8));
        if (rows.size() < 2) {
            return null;
        }
        List<String> head = rows.get(0);
        int content = head.indexOf("Content");
        int template = head.indexOf("EventTemplate");
        if (content < 0 || template < 0) {
            return null;
        }
        Map<String, List<List<String>>> valuesByTemplate = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<byte[]> headers = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.size() != head.size()) {
                continue;
            }
            String t = row.get(template).replace('\n', ' ');
            String c = row.get(content).replace('\n', ' ');
            counts.merge(t, 1, Integer::sum);
            List<String> values = align(t, c);
            if (values != null) {
                valuesByTemplate.computeIfAbsent(t, k -> new ArrayList<>()).add(values);
            }
            StringBuilder h = new StringBuilder();
            for (int i = 1; i < content; i++) {
                if (!row.get(i).isEmpty()) {
                    h.append(row.get(i)).append(' ');
                }
            }
            headers.add(h.toString().replace('\n', ' ').getBytes(StandardCharsets.UTF_8));
        }
        List<Template> ts = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            String[] pieces = e.getKey().split(Pattern.quote(SLOT), -1);
            List<List<String>> seen = valuesByTemplate.getOrDefault(e.getKey(), List.of());
            int slots = pieces.length - 1;
            byte[][][] slotValues = new byte[slots][][];
            boolean usable = true;
            for (int s = 0; s < slots; s++) {
                List<byte[]> pool = new ArrayList<>();
                for (List<String> values : seen) {
                    pool.add(values.get(s).getBytes(StandardCharsets.UTF_8));
                }
                if (pool.isEmpty()) {
                    usable = false;
                    break;
                }
                slotValues[s] = pool.toArray(byte[][]::new);
            }
            if (!usable) {
                continue;
            }
            byte[][] pieceBytes = new byte[pieces.length][];
            for (int i = 0; i < pieces.length; i++) {
                pieceBytes[i] = pieces[i].getBytes(StandardCharsets.UTF_8);
            }
            ts.add(new Template(pieceBytes, slotValues));
            weights.add(e.getValue());
        }
        if (ts.isEmpty()) {
            return null;
        }
        int[] cumulative = new int[ts.size()];
        int sum = 0;
        for (int i = 0; i < cumulative.length; i++) {
            sum += weights.get(i);
            cumulative[i] = sum;
        }
        return new TemplateSource(name, ts.toArray(Template[]::new), cumulative, headers.toArray(byte[][]::new));
    }

    /** The values of the template's slots in {@code content}, or null when it does not align. */
    static List<String> align(String template, String content) {
        String[] pieces = template.split(Pattern.quote(SLOT), -1);
        if (!content.startsWith(pieces[0])) {
            return null;
        }
        List<String> values = new ArrayList<>();
        int pos = pieces[0].length();
        for (int i = 1; i < pieces.length; i++) {
            String piece = pieces[i];
            int at;
            if (i == pieces.length - 1) {
                at = content.endsWith(piece) ? content.length() - piece.length() : -1;
            } else {
                at = piece.isEmpty() ? pos : content.indexOf(piece, pos);
            }
            if (at < pos) {
                return null;
            }
            values.add(content.substring(pos, at));
            pos = at + piece.length();
        }
        return values;
    }

    @Override
    public int distinctEvents() {
        return cumulative[cumulative.length - 1];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void appendEvent(SplittableRandom random, ByteWriter out) {
        int total = cumulative[cumulative.length - 1];
        int pick = Arrays.binarySearch(cumulative, random.nextInt(total) + 1);
        Template t = templates[pick < 0 ? -pick - 1 : pick];
        out.writeBytes(headers[random.nextInt(headers.length)]);
        out.writeBytes(t.pieces[0]);
        for (int s = 0; s < t.slotValues.length; s++) {
            byte[][] pool = t.slotValues[s];
            out.writeBytes(pool[random.nextInt(pool.length)]);
            out.writeBytes(t.pieces[s + 1]);
        }
        out.writeByte((byte) '\n');
    }
}
