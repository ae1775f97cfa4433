package dev.clusterlog.bench.corpus;

import java.nio.file.Path;

/**
 * What to generate. {@code sizeBytes} counts the uncompressed container log bytes (CRI and
 * Docker records as written, before rotation's gzip).
 *
 * @param containers simulated containers, spread over pods of one to three containers
 * @param zipfExponent skew of the per-container rates: container {@code k} (1-based) writes with
 *     weight {@code 1/k^s}
 * @param longLineShare share of logical lines longer than 16 KiB (split into CRI {@code P} pieces)
 * @param traceShare share of events that are a multi-line trace on stderr
 * @param dockerShare share of containers written in Docker json-file format
 * @param rotateBytes kubelet's {@code --container-log-max-size}: the live file is rotated once it
 *     reaches this size
 * @param gzipLevel the deflate level of rotated files (kubelet uses Go's default, 6; the default
 *     here is 1, to keep generation fast; the readers do not care)
 */
public record CorpusSpec(long sizeBytes, long seed, Path outputDirectory, int containers, double zipfExponent,
        double longLineShare, double traceShare, double dockerShare, long rotateBytes, int gzipLevel) {

    public static final int DEFAULT_CONTAINERS = 200;
    public static final long DEFAULT_ROTATE_BYTES = 10L * 1024 * 1024;

    public CorpusSpec {
        require(sizeBytes > 0, "size must be positive: " + sizeBytes);
        require(containers > 0, "containers must be positive: " + containers);
        require(zipfExponent >= 0, "zipf exponent must not be negative: " + zipfExponent);
        require(longLineShare >= 0 && longLineShare < 1, "long-line share must be in [0, 1): " + longLineShare);
        require(traceShare >= 0 && traceShare < 1, "trace share must be in [0, 1): " + traceShare);
        require(dockerShare >= 0 && dockerShare <= 1, "docker share must be in [0, 1]: " + dockerShare);
        require(rotateBytes >= 64 * 1024, "rotation size must be at least 64 KiB: " + rotateBytes);
        require(gzipLevel >= 1 && gzipLevel <= 9, "gzip level must be 1..9: " + gzipLevel);
    }

    /** The defaults: 200 containers, Zipf 1.0, 0.5% long lines, 1% traces, 10% Docker, 10 MiB rotation. */
    public static CorpusSpec defaults(long sizeBytes, long seed, Path outputDirectory) {
        return new CorpusSpec(sizeBytes, seed, outputDirectory, DEFAULT_CONTAINERS, 1.0, 0.005, 0.01, 0.1,
                DEFAULT_ROTATE_BYTES, 1);
    }

    public CorpusSpec withContainers(int n) {
        return new CorpusSpec(sizeBytes, seed, outputDirectory, n, zipfExponent, longLineShare, traceShare,
                dockerShare, rotateBytes, gzipLevel);
    }

    public CorpusSpec withRotateBytes(long n) {
        return new CorpusSpec(sizeBytes, seed, outputDirectory, containers, zipfExponent, longLineShare, traceShare,
                dockerShare, n, gzipLevel);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
