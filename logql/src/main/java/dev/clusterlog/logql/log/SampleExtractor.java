package dev.clusterlog.logql.log;

import dev.clusterlog.logql.syntax.ByteSizes;
import dev.clusterlog.logql.syntax.Durations;
import dev.clusterlog.logql.syntax.Unwrap;

/**
 * The value of an entry for {@code | unwrap}: the label converted (plain float, {@code bytes()},
 * {@code duration()}/{@code duration_seconds()} in seconds). A value that does not convert gives
 * {@code __error__=SampleExtractionErr}; the unwrapped label is removed from the series labels.
 * Post-filters run afterwards.
 */
public final class SampleExtractor {
    private final Unwrap unwrap;
    private final LabelFilterStep[] post;

    public SampleExtractor(Unwrap unwrap) {
        this.unwrap = unwrap;
        this.post = unwrap.postFilters().stream().map(LabelFilterStep::new).toArray(LabelFilterStep[]::new);
    }

    private double value;

    /** The value of the last {@link #extract} call. */
    public double value() {
        return value;
    }

    /** Extracts the sample value; false when a post filter dropped the entry. */
    public boolean extract(LogEntry e) {
        String raw = e.labels().remove(unwrap.label());
        value = 0;
        if (!e.hasError()) {
            String v = raw == null ? "" : raw.trim();
            switch (unwrap.conversion()) {
                case NONE -> {
                    try {
                        value = Double.parseDouble(v);
                    } catch (NumberFormatException ex) {
                        e.setError("SampleExtractionErr", "strconv.ParseFloat: parsing \"" + v + "\": invalid syntax");
                    }
                }
                case BYTES -> {
                    long b = ByteSizes.parse(v);
                    if (b < 0) {
                        e.setError("SampleExtractionErr", "strconv.ParseFloat: parsing \"" + v + "\": invalid syntax");
                    } else {
                        value = b;
                    }
                }
                case DURATION, DURATION_SECONDS -> {
                    long n = Durations.parse(v);
                    if (n == Long.MIN_VALUE) {
                        e.setError("SampleExtractionErr", "time: invalid duration \"" + v + "\"");
                    } else {
                        value = n / 1e9;
                    }
                }
            }
        }
        for (LabelFilterStep f : post) {
            if (!f.apply(e)) {
                return false;
            }
        }
        return true;
    }

}
