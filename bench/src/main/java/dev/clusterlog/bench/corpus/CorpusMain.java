package dev.clusterlog.bench.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run corpus --size 1GiB --seed S --out DIR [--from DIR] [--datasets DIR]
 * [--containers N] [--rotate-size 10MiB] [--verify]}: generates a corpus and prints one summary
 * line. Exit codes: 0 ok, 1 an error (message on stderr), 2 usage error.
 */
public final class CorpusMain {
    private CorpusMain() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("corpus: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("corpus: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(String[] args) throws IOException {
        long size = parseSize("100MiB");
        long seed = 1;
        Path out = null;
        Path from = null;
        Path datasets = defaultDatasets();
        int containers = CorpusSpec.DEFAULT_CONTAINERS;
        long rotate = CorpusSpec.DEFAULT_ROTATE_BYTES;
        boolean verify = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--size" -> size = parseSize(value(args, ++i, a));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--from" -> from = Path.of(value(args, ++i, a));
                case "--datasets" -> datasets = Path.of(value(args, ++i, a));
                case "--containers" -> containers = Integer.parseInt(value(args, ++i, a));
                case "--rotate-size" -> rotate = parseSize(value(args, ++i, a));
                case "--verify" -> verify = true;
                default -> throw new IllegalArgumentException("unknown option " + a + "; expected --size --seed --out "
                        + "--from --datasets --containers --rotate-size --verify");
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        SeedLibrary library = SeedLibrary.load(from, datasets);
        CorpusSpec spec = CorpusSpec.defaults(size, seed, out).withContainers(containers).withRotateBytes(rotate);
        long start = System.nanoTime();
        CorpusManifest m = new CorpusGenerator(spec, library).generate();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "corpus %s: %d containers, %d logical lines, %d records, %.1f MiB in %d files"
                + " (%d gzipped), raw %.1f MiB, from %s (%d sources), seed %d, %.1f s%n", out, m.containers().size(),
                m.logicalLines(), m.records(), m.fileBytes() / 1048576.0,
                m.containers().stream().mapToInt(c -> c.files().size()).sum(),
                m.containers().stream().flatMap(c -> c.files().stream()).filter(CorpusManifest.FileEntry::compressed).count(),
                m.rawBytes() / 1048576.0, library.origin(), library.size(), seed, seconds);
        if (verify) {
            List<String> problems = CorpusVerifier.verify(out);
            problems.forEach(System.err::println);
            System.out.println(problems.isEmpty() ? "verify: the files match the manifest"
                    : "verify: " + problems.size() + " mismatches");
            return problems.isEmpty() ? 0 : 1;
        }
        return 0;
    }

    /** {@code CLUSTERLOG_SHARED/datasets}, else {@code ../shared/datasets} from the working directory. */
    public static Path defaultDatasets() {
        String shared = System.getenv("CLUSTERLOG_SHARED");
        return shared != null ? Path.of(shared, "datasets") : Path.of("..", "shared", "datasets");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** {@code 123}, {@code 100MiB}, {@code 1GiB}, {@code 10KiB}, {@code 5MB}, {@code 1GB}. */
    public static long parseSize(String text) {
        String t = text.trim();
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("invalid size " + text + ": expected a number with an optional unit "
                    + "like 100MiB or 1GiB");
        }
        double n = Double.parseDouble(t.substring(0, i));
        long unit = switch (t.substring(i).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k", "kib" -> 1L << 10;
            case "m", "mib" -> 1L << 20;
            case "g", "gib" -> 1L << 30;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            default -> throw new IllegalArgumentException("invalid size " + text + ": unknown unit; expected B, KiB, "
                    + "MiB, GiB, KB, MB or GB");
        };
        return (long) (n * unit);
    }
}
