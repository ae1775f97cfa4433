package dev.clusterlog.logql.template;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functions Loki's templates offer: Go's builtins ({@code and or not eq ne lt le gt ge len
 * printf print}), Loki's ({@code ToLower ToUpper Replace Trim* regexReplaceAll __line__
 * __timestamp__ unixEpoch unixToTime alignLeft alignRight count bytes duration ...}) and the sprig
 * ones Loki allows ({@code lower upper title trunc substr contains hasPrefix hasSuffix replace
 * repeat trim* indent nindent default date toDate now add sub mul div mod max min *f ceil floor
 * round int float64 b64enc b64dec urlencode urldecode}). As in Go, a piped value is the last argument.
 */
final class Functions {
    @FunctionalInterface
    interface Fn {
        Object apply(List<Object> a, Template.Context ctx);
    }

    private static final Map<String, Fn> FNS = new HashMap<>();

    static {
        FNS.put("__line__", (a, c) -> c.line());
        FNS.put("__timestamp__", (a, c) -> time(c.timestampNanos()));
        FNS.put("ToLower", (a, c) -> s(a, 0).toLowerCase(Locale.ROOT));
        FNS.put("ToUpper", (a, c) -> s(a, 0).toUpperCase(Locale.ROOT));
        FNS.put("lower", FNS.get("ToLower"));
        FNS.put("upper", FNS.get("ToUpper"));
        FNS.put("title", (a, c) -> title(s(a, 0)));
        FNS.put("Replace", (a, c) -> goReplace(s(a, 0), s(a, 1), s(a, 2), a.size() > 3 ? (int) Values.toLong(a.get(3)) : -1));
        FNS.put("replace", (a, c) -> s(a, 2).replace(s(a, 0), s(a, 1)));
        FNS.put("Trim", (a, c) -> trimSet(s(a, 0), s(a, 1), true, true));
        FNS.put("TrimLeft", (a, c) -> trimSet(s(a, 0), s(a, 1), true, false));
        FNS.put("TrimRight", (a, c) -> trimSet(s(a, 0), s(a, 1), false, true));
        FNS.put("TrimPrefix", (a, c) -> trimPrefix(s(a, 0), s(a, 1)));
        FNS.put("TrimSuffix", (a, c) -> trimSuffix(s(a, 0), s(a, 1)));
        FNS.put("TrimSpace", (a, c) -> s(a, 0).strip());
        FNS.put("trim", (a, c) -> s(a, 0).strip());
        FNS.put("trimAll", (a, c) -> trimSet(s(a, 1), s(a, 0), true, true));
        FNS.put("trimPrefix", (a, c) -> trimPrefix(s(a, 1), s(a, 0)));
        FNS.put("trimSuffix", (a, c) -> trimSuffix(s(a, 1), s(a, 0)));
        FNS.put("trunc", (a, c) -> trunc(s(a, 1), (int) Values.toLong(a.get(0))));
        FNS.put("substr", (a, c) -> substr(s(a, 2), (int) Values.toLong(a.get(0)), (int) Values.toLong(a.get(1))));
        FNS.put("contains", (a, c) -> s(a, 1).contains(s(a, 0)));
        FNS.put("hasPrefix", (a, c) -> s(a, 1).startsWith(s(a, 0)));
        FNS.put("hasSuffix", (a, c) -> s(a, 1).endsWith(s(a, 0)));
        FNS.put("repeat", (a, c) -> s(a, 1).repeat((int) Math.max(0, Values.toLong(a.get(0)))));
        FNS.put("indent", (a, c) -> indent((int) Values.toLong(a.get(0)), s(a, 1)));
        FNS.put("nindent", (a, c) -> "\n" + indent((int) Values.toLong(a.get(0)), s(a, 1)));
        FNS.put("regexReplaceAll", (a, c) -> {
            var compiled = compiled(s(a, 0));
            return compiled.pattern().matcher(s(a, 1)).replaceAll(goReplacement(s(a, 2), compiled.names()));
        });
        FNS.put("regexReplaceAllLiteral", (a, c) -> regex(s(a, 0)).matcher(s(a, 1)).replaceAll(Matcher.quoteReplacement(s(a, 2))));
        FNS.put("count", (a, c) -> (long) count(s(a, 1), regex(s(a, 0))));
        FNS.put("alignLeft", (a, c) -> align(s(a, 1), (int) Values.toLong(a.get(0)), true));
        FNS.put("alignRight", (a, c) -> align(s(a, 1), (int) Values.toLong(a.get(0)), false));
        FNS.put("default", (a, c) -> {
            need(a, 2, "default");
            Object v = a.get(a.size() - 1);
            return Values.truth(v) ? v : a.get(0);
        });
        FNS.put("urlencode", (a, c) -> URLEncoder.encode(s(a, 0), StandardCharsets.UTF_8));
        FNS.put("urldecode", (a, c) -> URLDecoder.decode(s(a, 0), StandardCharsets.UTF_8));
        FNS.put("b64enc", (a, c) -> Base64.getEncoder().encodeToString(s(a, 0).getBytes(StandardCharsets.UTF_8)));
        FNS.put("b64dec", (a, c) -> {
            try {
                return new String(Base64.getDecoder().decode(s(a, 0)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
        FNS.put("add", (a, c) -> {
            long sum = 0;
            for (Object o : a) {
                sum += Values.toLong(o);
            }
            return sum;
        });
        FNS.put("sub", (a, c) -> Values.toLong(arg(a, 0)) - Values.toLong(arg(a, 1)));
        FNS.put("mul", (a, c) -> {
            long p = 1;
            for (Object o : a) {
                p *= Values.toLong(o);
            }
            return p;
        });
        FNS.put("div", (a, c) -> {
            long d = Values.toLong(arg(a, 1));
            if (d == 0) {
                throw new TemplateException("error calling div: integer divide by zero");
            }
            return Values.toLong(arg(a, 0)) / d;
        });
        FNS.put("mod", (a, c) -> {
            long d = Values.toLong(arg(a, 1));
            if (d == 0) {
                throw new TemplateException("error calling mod: integer divide by zero");
            }
            return Values.toLong(arg(a, 0)) % d;
        });
        FNS.put("addf", (a, c) -> {
            double sum = 0;
            for (Object o : a) {
                sum += Values.toDouble(o);
            }
            return sum;
        });
        FNS.put("subf", (a, c) -> Values.toDouble(arg(a, 0)) - Values.toDouble(arg(a, 1)));
        FNS.put("mulf", (a, c) -> {
            double p = 1;
            for (Object o : a) {
                p *= Values.toDouble(o);
            }
            return p;
        });
        FNS.put("divf", (a, c) -> Values.toDouble(arg(a, 0)) / Values.toDouble(arg(a, 1)));
        FNS.put("max", (a, c) -> a.stream().mapToLong(Values::toLong).max().orElse(0));
        FNS.put("min", (a, c) -> a.stream().mapToLong(Values::toLong).min().orElse(0));
        FNS.put("maxf", (a, c) -> a.stream().mapToDouble(Values::toDouble).max().orElse(0));
        FNS.put("minf", (a, c) -> a.stream().mapToDouble(Values::toDouble).min().orElse(0));
        FNS.put("ceil", (a, c) -> Math.ceil(Values.toDouble(arg(a, 0))));
        FNS.put("floor", (a, c) -> Math.floor(Values.toDouble(arg(a, 0))));
        FNS.put("round", (a, c) -> {
            double v = Values.toDouble(arg(a, 0));
            int places = a.size() > 1 ? (int) Values.toLong(a.get(1)) : 0;
            double f = Math.pow(10, places);
            return Math.round(v * f) / f;
        });
        FNS.put("int", (a, c) -> Values.toLong(arg(a, 0)));
        FNS.put("float64", (a, c) -> Values.toDouble(arg(a, 0)));
        FNS.put("now", (a, c) -> ZonedDateTime.now(ZoneOffset.UTC));
        FNS.put("date", (a, c) -> GoTime.format(toTime(arg(a, 1)), s(a, 0)));
        FNS.put("toDate", (a, c) -> GoTime.parse(s(a, 0), s(a, 1), ZoneId.systemDefault()));
        FNS.put("toDateInZone", (a, c) -> GoTime.parse(s(a, 0), s(a, 1), ZoneId.of(s(a, 2))));
        FNS.put("unixEpoch", (a, c) -> toTime(arg(a, 0)).toEpochSecond());
        FNS.put("unixEpochMillis", (a, c) -> toTime(arg(a, 0)).toInstant().toEpochMilli());
        FNS.put("unixEpochNanos", (a, c) -> {
            Instant i = toTime(arg(a, 0)).toInstant();
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        });
        FNS.put("unixToTime", (a, c) -> unixToTime(s(a, 0)));
        FNS.put("bytes", (a, c) -> {
            long b = dev.clusterlog.logql.syntax.ByteSizes.parse(s(a, 0));
            return b < 0 ? 0L : b;
        });
        FNS.put("duration", (a, c) -> durationSeconds(s(a, 0)));
        FNS.put("duration_seconds", FNS.get("duration"));
        FNS.put("and", (a, c) -> {
            for (Object o : a) {
                if (!Values.truth(o)) {
                    return o;
                }
            }
            return a.isEmpty() ? null : a.get(a.size() - 1);
        });
        FNS.put("or", (a, c) -> {
            for (Object o : a) {
                if (Values.truth(o)) {
                    return o;
                }
            }
            return a.isEmpty() ? null : a.get(a.size() - 1);
        });
        FNS.put("not", (a, c) -> !Values.truth(arg(a, 0)));
        FNS.put("eq", (a, c) -> {
            for (int i = 1; i < a.size(); i++) {
                if (compare(a.get(0), a.get(i)) == 0) {
                    return true;
                }
            }
            return false;
        });
        FNS.put("ne", (a, c) -> compare(arg(a, 0), arg(a, 1)) != 0);
        FNS.put("lt", (a, c) -> compare(arg(a, 0), arg(a, 1)) < 0);
        FNS.put("le", (a, c) -> compare(arg(a, 0), arg(a, 1)) <= 0);
        FNS.put("gt", (a, c) -> compare(arg(a, 0), arg(a, 1)) > 0);
        FNS.put("ge", (a, c) -> compare(arg(a, 0), arg(a, 1)) >= 0);
        FNS.put("len", (a, c) -> (long) s(a, 0).length());
        FNS.put("printf", (a, c) -> GoFormat.sprintf(s(a, 0), a.subList(1, a.size())));
        FNS.put("print", (a, c) -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < a.size(); i++) {
                boolean bothNonString = i > 0 && !(a.get(i) instanceof String) && !(a.get(i - 1) instanceof String);
                if (bothNonString) {
                    sb.append(' ');
                }
                sb.append(Values.print(a.get(i)));
            }
            return sb.toString();
        });
        FNS.put("println", (a, c) -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(Values.print(a.get(i)));
            }
            return sb.append('\n').toString();
        });
    }

    private Functions() {
    }

    static boolean exists(String name) {
        return FNS.containsKey(name);
    }

    static Object call(String name, List<Object> args, Template.Context ctx) {
        try {
            return FNS.get(name).apply(args, ctx);
        } catch (IndexOutOfBoundsException e) {
            throw new TemplateException("error calling " + name + ": wrong number of args: " + args.size());
        } catch (TemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TemplateException("error calling " + name + ": " + e.getMessage());
        }
    }

    private static Object arg(List<Object> a, int i) {
        return a.get(i);
    }

    private static void need(List<Object> a, int n, String fn) {
        if (a.size() < n) {
            throw new TemplateException("error calling " + fn + ": wrong number of args: want " + n + " got " + a.size());
        }
    }

    private static String s(List<Object> a, int i) {
        return Values.str(a.get(i));
    }

    static ZonedDateTime time(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                .atZone(ZoneOffset.UTC);
    }

    private static ZonedDateTime toTime(Object v) {
        if (v instanceof ZonedDateTime t) {
            return t;
        }
        if (v instanceof Long || v instanceof Double) {
            return time(Values.toLong(v) * 1_000_000_000L).withZoneSameInstant(ZoneId.systemDefault());
        }
        if (v instanceof String s) {
            try {
                return time(Long.parseLong(s.trim()) * 1_000_000_000L);
            } catch (NumberFormatException e) {
                throw new TemplateException("cannot use " + s + " as a time");
            }
        }
        return ZonedDateTime.now(ZoneOffset.UTC);
    }

    /** Epoch in seconds, milliseconds, microseconds or nanoseconds, told apart by digit count as Loki does. */
    private static ZonedDateTime unixToTime(String epoch) {
        String e = epoch.trim();
        long v;
        try {
            v = Long.parseLong(e);
        } catch (NumberFormatException ex) {
            throw new TemplateException("unable to parse \"" + epoch + "\" as a unix epoch");
        }
        return switch (e.replace("-", "").length()) {
            case 10 -> time(v * 1_000_000_000L);
            case 13 -> time(v * 1_000_000L);
            case 16 -> time(v * 1_000L);
            case 19 -> time(v);
            default -> throw new TemplateException("unable to parse \"" + epoch + "\" as a unix epoch: length "
                    + e.length() + " is not seconds, milliseconds, microseconds or nanoseconds");
        };
    }

    private static double durationSeconds(String s) {
        long n = dev.clusterlog.logql.syntax.Durations.parse(s.trim());
        if (n == Long.MIN_VALUE) {
            return 0;
        }
        return n / 1e9;
    }

    private static int compare(Object x, Object y) {
        if ((x instanceof Long || x instanceof Double) && (y instanceof Long || y instanceof Double)) {
            return Double.compare(Values.toDouble(x), Values.toDouble(y));
        }
        if (x instanceof Boolean && y instanceof Boolean) {
            return Objects.equals(x, y) ? 0 : 1;
        }
        return Values.str(x).compareTo(Values.str(y));
    }

    private static String goReplace(String s, String old, String replacement, int n) {
        if (n < 0) {
            if (old.isEmpty()) {
                return s;
            }
            return s.replace(old, replacement);
        }
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (int i = 0; i < n; i++) {
            int at = s.indexOf(old, from);
            if (at < 0 || old.isEmpty()) {
                break;
            }
            sb.append(s, from, at).append(replacement);
            from = at + old.length();
        }
        return sb.append(s.substring(from)).toString();
    }

    private static String trimSet(String s, String cutset, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && cutset.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (right && end > start && cutset.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String trimPrefix(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    private static String trimSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    private static String trunc(String s, int n) {
        if (n < 0) {
            return s.length() + n > 0 ? s.substring(s.length() + n) : "";
        }
        return s.length() > n ? s.substring(0, n) : s;
    }

    private static String substr(String s, int start, int end) {
        if (start < 0) {
            return s.substring(0, Math.min(s.length(), Math.max(0, end)));
        }
        if (end < 0 || end > s.length()) {
            return start > s.length() ? "" : s.substring(start);
        }
        return start > end ? "" : s.substring(start, end);
    }

    private static String indent(int n, String s) {
        String pad = " ".repeat(Math.max(0, n));
        return pad + s.replace("\n", "\n" + pad);
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (char ch : s.toCharArray()) {
            sb.append(start ? Character.toUpperCase(ch) : ch);
            start = !Character.isLetterOrDigit(ch) && ch != '_' && ch != '\'';
        }
        return sb.toString();
    }

    private static String align(String s, int width, boolean left) {
        int cps = s.codePointCount(0, s.length());
        if (cps >= width) {
            return left ? s.substring(0, s.offsetByCodePoints(0, width)) : s.substring(s.offsetByCodePoints(0, cps - width));
        }
        String pad = " ".repeat(width - cps);
        return left ? s + pad : pad + s;
    }

    private static int count(String s, Pattern p) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static final Map<String, dev.clusterlog.logql.syntax.Regexes.Compiled> COMPILED_CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Pattern regex(String re) {
        return compiled(re).pattern();
    }

    private static dev.clusterlog.logql.syntax.Regexes.Compiled compiled(String re) {
        return COMPILED_CACHE.computeIfAbsent(re, r -> dev.clusterlog.logql.syntax.Regexes.compile(r, false));
    }

    /** Go's {@code $1} / {@code ${1}} / {@code ${name}} expansion into Java's replacement syntax. */
    private static String goReplacement(String repl, List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < repl.length(); i++) {
            char c = repl.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c == '$' && i + 1 < repl.length() && repl.charAt(i + 1) == '{') {
                int close = repl.indexOf('}', i);
                String name = repl.substring(i + 2, close);
                sb.append(name.matches("\\d+") ? "$" + name : names.contains(name) ? "${g" + names.indexOf(name) + "}" : "");
                i = close;
            } else if (c == '$' && i + 1 < repl.length() && Character.isDigit(repl.charAt(i + 1))) {
                int j = i + 1;
                while (j < repl.length() && Character.isDigit(repl.charAt(j))) {
                    j++;
                }
                sb.append('$').append(repl, i + 1, j);
                i = j - 1;
            } else if (c == '$') {
                sb.append("\\$");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
