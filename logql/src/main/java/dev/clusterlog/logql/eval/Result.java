package dev.clusterlog.logql.eval;

import dev.clusterlog.core.entry.LabelSet;
import java.util.List;

/** Query results in Loki's four shapes. */
public sealed interface Result {
    String resultType();

    /** One log line. */
    record LogLine(long timestampNanos, String line) {
    }

    record Stream(LabelSet labels, List<LogLine> values) {
    }

    record Streams(List<Stream> streams) implements Result {
        @Override
        public String resultType() {
            return "streams";
        }
    }

    record Point(long timestampNanos, double value) {
    }

    record Series(LabelSet labels, List<Point> points) {
    }

    record Matrix(List<Series> series) implements Result {
        @Override
        public String resultType() {
            return "matrix";
        }
    }

    record Sample(LabelSet labels, long timestampNanos, double value) {
    }

    record Vector(List<Sample> samples) implements Result {
        @Override
        public String resultType() {
            return "vector";
        }
    }

    record Scalar(long timestampNanos, double value) implements Result {
        @Override
        public String resultType() {
            return "scalar";
        }
    }
}
