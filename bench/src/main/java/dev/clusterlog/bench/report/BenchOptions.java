package dev.clusterlog.bench.report;

import dev.clusterlog.bench.corpus.CorpusMain;
import java.nio.file.Path;

/**
 * The command line of {@code bench/run --quick | --full | --smoke}: what to run, on which corpus,
 * where. Errors are {@link IllegalArgumentException}s that {@link BenchMain} turns into exit code 2.
 *
 * @param size the corpus size in bytes, or null for the mode's
 */
record BenchOptions(Mode mode, Long size, long seed, Path work, Path datasets, Path from, Path syslogNgRoot,
        String commit, boolean jmh, boolean withOpenSearch, Path openSearchLib, Path openSearchNode) {

    /** {@code --quick}: 100 MiB, short JMH; {@code --full}: 1 GiB, full JMH; {@code --smoke}: 8 MiB, no JMH. */
    enum Mode { QUICK, FULL, SMOKE }

    static BenchOptions parse(String[] args) {
        Mode mode = null;
        Long size = null;
        long seed = 1;
        Path work = Path.of("bench", "target", "bench-work");
        Path datasets = CorpusMain.defaultDatasets();
        Path from = null;
        Path syslogNgRoot = Path.of("bench", "target", "peers", "syslog-ng");
        String commit = "unknown";
        boolean jmh = true;
        boolean withOpenSearch = true;
        Path openSearchLib = Path.of("bench", "target", "opensearch-lib");
        Path openSearchNode = Path.of("bench", "opensearch", "OpenSearchNodeMain.java");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> mode = Mode.QUICK;
                case "--full" -> mode = Mode.FULL;
                case "--smoke" -> mode = Mode.SMOKE;
                case "--size" -> size = CorpusMain.parseSize(value(args, ++i));
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                case "--work" -> work = Path.of(value(args, ++i));
                case "--datasets" -> datasets = Path.of(value(args, ++i));
                case "--from" -> from = Path.of(value(args, ++i));
                case "--syslog-ng-root" -> syslogNgRoot = Path.of(value(args, ++i));
                case "--commit" -> commit = value(args, ++i);
                case "--no-jmh" -> jmh = false;
                case "--no-opensearch" -> withOpenSearch = false;
                case "--opensearch-lib" -> openSearchLib = Path.of(value(args, ++i));
                case "--opensearch-node" -> openSearchNode = Path.of(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; expected --quick, --full,"
                        + " --smoke, --size, --seed, --work, --datasets, --from, --syslog-ng-root, --commit, --no-jmh,"
                        + " --no-opensearch, --opensearch-lib, --opensearch-node");
            }
        }
        if (mode == null) {
            throw new IllegalArgumentException("one of --quick, --full, --smoke is required");
        }
        return new BenchOptions(mode, size, seed, work, datasets, from, syslogNgRoot, commit, jmh, withOpenSearch,
                openSearchLib, openSearchNode);
    }

    long corpusBytes() {
        return size != null ? size : switch (mode) {
            case QUICK -> 100L << 20;
            case FULL -> 1L << 30;
            case SMOKE -> 8L << 20;
        };
    }

    boolean smoke() {
        return mode == Mode.SMOKE;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
