package dev.clusterlog.logql.template;

import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.util.Map;

/** Go's view of template values: printing as {@code fmt %v}, truth, and sprig's conversions. */
final class Values {
    private Values() {
    }

    static String print(Object v) {
        if (v == null) {
            return "<no value>";
        }
        if (v instanceof Double d) {
            return formatFloat(d);
        }
        if (v instanceof ZonedDateTime t) {
            return GoTime.format(t, "2006-01-02 15:04:05.999999999 -0700 MST");
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("map[");
            boolean first = true;
            for (Map.Entry<?, ?> e : new java.util.TreeMap<>(m).entrySet()) {
                if (!first) {
                    sb.append(' ');
                }
                first = false;
                sb.append(e.getKey()).append(':').append(e.getValue());
            }
            return sb.append(']').toString();
        }
        return v.toString();
    }

    /** Go's {@code strconv.FormatFloat(f, 'g', -1, 64)} as {@code %v} prints a float64. */
    static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 21) {
            String digits = bd.unscaledValue().abs().toString();
            StringBuilder sb = new StringBuilder();
            if (d < 0) {
                sb.append('-');
            }
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                sb.append('0');
            }
            return sb.append(a).toString();
        }
        return bd.toPlainString();
    }

    static boolean truth(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    static String str(Object v) {
        return v == null ? "" : v instanceof String s ? s : print(v);
    }

    /** sprig's toInt64: numbers truncate, strings parse (else 0), bools 1/0. */
    static long toLong(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d) {
            return (long) (double) d;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                try {
                    return (long) Double.parseDouble(s.trim());
                } catch (NumberFormatException e2) {
                    return 0;
                }
            }
        }
        if (v instanceof ZonedDateTime t) {
            return t.toEpochSecond();
        }
        return 0;
    }

    /** sprig's toFloat64. */
    static double toDouble(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
