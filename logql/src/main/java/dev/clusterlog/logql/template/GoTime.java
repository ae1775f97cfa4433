package dev.clusterlog.logql.template;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Go's reference-time layouts ({@code 2006-01-02T15:04:05.999999999Z07:00}) for formatting and
 * parsing, as sprig's {@code date} and {@code toDate} use them.
 */
final class GoTime {
    private GoTime() {
    }

    private record Chunk(String std, String literal) {
    }

    private static final String[] STD = {"January", "Jan", "Monday", "Mon", "MST", "2006", "002", "01", "02", "03",
        "04", "05", "06", "15", "_2", "1", "2", "3", "4", "5", "PM", "pm", "-07:00:00", "-070000", "-07:00", "-0700",
        "-07", "Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07"};

    private static List<Chunk> chunks(String layout) {
        List<Chunk> out = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        outer:
        while (i < layout.length()) {
            char c = layout.charAt(i);
            if ((c == '.' || c == ',') && i + 1 < layout.length()
                    && (layout.charAt(i + 1) == '0' || layout.charAt(i + 1) == '9')) {
                char d = layout.charAt(i + 1);
                int j = i + 1;
                while (j < layout.length() && layout.charAt(j) == d) {
                    j++;
                }
                if (j >= layout.length() || !Character.isDigit(layout.charAt(j))) {
                    flush(out, lit);
                    out.add(new Chunk(layout.substring(i, j), null));
                    i = j;
                    continue;
                }
            }
            for (String s : STD) {
                if (layout.startsWith(s, i)) {
                    if (s.equals("Jan") && layout.startsWith("January", i)) {
                        continue;
                    }
                    if (s.equals("Mon") && layout.startsWith("Monday", i)) {
                        continue;
                    }
                    if (s.equals("1") && layout.startsWith("15", i)) {
                        continue;
                    }
                    if (s.equals("2") && layout.startsWith("2006", i)) {
                        continue;
                    }
                    flush(out, lit);
                    out.add(new Chunk(s, null));
                    i += s.length();
                    continue outer;
                }
            }
            lit.append(c);
            i++;
        }
        flush(out, lit);
        return out;
    }

    private static void flush(List<Chunk> out, StringBuilder lit) {
        if (!lit.isEmpty()) {
            out.add(new Chunk(null, lit.toString()));
            lit.setLength(0);
        }
    }

    static String format(ZonedDateTime t, String layout) {
        StringBuilder sb = new StringBuilder();
        for (Chunk c : chunks(layout)) {
            if (c.literal() != null) {
                sb.append(c.literal());
                continue;
            }
            String s = c.std();
            int offset = t.getOffset().getTotalSeconds();
            switch (s) {
                case "January" -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case "Jan" -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case "Monday" -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case "Mon" -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case "MST" -> sb.append(zoneAbbreviation(t));
                case "2006" -> sb.append(String.format("%04d", t.getYear()));
                case "06" -> sb.append(String.format("%02d", t.getYear() % 100));
                case "002" -> sb.append(String.format("%03d", t.getDayOfYear()));
                case "01" -> sb.append(String.format("%02d", t.getMonthValue()));
                case "1" -> sb.append(t.getMonthValue());
                case "02" -> sb.append(String.format("%02d", t.getDayOfMonth()));
                case "_2" -> sb.append(String.format("%2d", t.getDayOfMonth()));
                case "2" -> sb.append(t.getDayOfMonth());
                case "15" -> sb.append(String.format("%02d", t.getHour()));
                case "03" -> sb.append(String.format("%02d", hour12(t)));
                case "3" -> sb.append(hour12(t));
                case "04" -> sb.append(String.format("%02d", t.getMinute()));
                case "4" -> sb.append(t.getMinute());
                case "05" -> sb.append(String.format("%02d", t.getSecond()));
                case "5" -> sb.append(t.getSecond());
                case "PM" -> sb.append(t.getHour() >= 12 ? "PM" : "AM");
                case "pm" -> sb.append(t.getHour() >= 12 ? "pm" : "am");
                default -> {
                    if (s.charAt(0) == '.' || s.charAt(0) == ',') {
                        fraction(sb, s, t.getNano());
                    } else {
                        zone(sb, s, offset);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static int hour12(ZonedDateTime t) {
        int h = t.getHour() % 12;
        return h == 0 ? 12 : h;
    }

    private static String zoneAbbreviation(ZonedDateTime t) {
        if (t.getZone().equals(ZoneOffset.UTC) || t.getZone().getId().equals("UTC")) {
            return "UTC";
        }
        if (t.getZone() instanceof ZoneOffset o) {
            int secs = o.getTotalSeconds();
            return String.format("%s%02d%02d", secs < 0 ? "-" : "+", Math.abs(secs) / 3600, Math.abs(secs) % 3600 / 60);
        }
        return t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }

    private static void fraction(StringBuilder sb, String s, int nanos) {
        int digits = s.length() - 1;
        String all = String.format("%09d", nanos).substring(0, Math.min(9, digits));
        if (s.charAt(1) == '9') {
            all = all.replaceAll("0+$", "");
            if (all.isEmpty()) {
                return;
            }
        }
        sb.append(s.charAt(0)).append(all);
    }

    private static void zone(StringBuilder sb, String s, int offset) {
        if (s.charAt(0) == 'Z' && offset == 0) {
            sb.append('Z');
            return;
        }
        int a = Math.abs(offset);
        sb.append(offset < 0 ? '-' : '+').append(String.format("%02d", a / 3600));
        String body = s.substring(1);
        boolean colon = body.contains(":");
        if (body.length() > 3) {
            if (colon) {
                sb.append(':');
            }
            sb.append(String.format("%02d", a % 3600 / 60));
        }
        if (body.length() > 6) {
            if (colon) {
                sb.append(':');
            }
            sb.append(String.format("%02d", a % 60));
        }
    }

    /** Parses text with a Go layout; zone when the layout has none. */
    static ZonedDateTime parse(String layout, String text, ZoneId defaultZone) {
        int year = 1;
        int month = 1;
        int day = 1;
        int hour = 0;
        int minute = 0;
        int second = 0;
        int nanos = 0;
        boolean pm = false;
        boolean hasPm = false;
        ZoneId zone = defaultZone;
        int p = 0;
        for (Chunk c : chunks(layout)) {
            if (c.literal() != null) {
                if (!text.startsWith(c.literal(), p)) {
                    throw new TemplateException("parsing time \"" + text + "\" as \"" + layout + "\": cannot parse \""
                            + text.substring(Math.min(p, text.length())) + "\" as \"" + c.literal() + "\"");
                }
                p += c.literal().length();
                continue;
            }
            String s = c.std();
            int[] r;
            switch (s) {
                case "January", "Jan" -> {
                    int found = -1;
                    for (Month m : Month.values()) {
                        String name = m.getDisplayName(s.equals("Jan") ? TextStyle.SHORT : TextStyle.FULL, Locale.ENGLISH);
                        if (text.regionMatches(true, p, name, 0, name.length())) {
                            found = m.getValue();
                            p += name.length();
                            break;
                        }
                    }
                    if (found < 0) {
                        throw bad(layout, text, s);
                    }
                    month = found;
                }
                case "Monday", "Mon" -> {
                    boolean ok = false;
                    for (DayOfWeek d : DayOfWeek.values()) {
                        String name = d.getDisplayName(s.equals("Mon") ? TextStyle.SHORT : TextStyle.FULL, Locale.ENGLISH);
                        if (text.regionMatches(true, p, name, 0, name.length())) {
                            p += name.length();
                            ok = true;
                            break;
                        }
                    }
                    if (!ok) {
                        throw bad(layout, text, s);
                    }
                }
                case "MST" -> {
                    int j = p;
                    while (j < text.length() && Character.isUpperCase(text.charAt(j))) {
                        j++;
                    }
                    String abbr = text.substring(p, j);
                    p = j;
                    if (abbr.equals("UTC") || abbr.equals("GMT")) {
                        zone = ZoneOffset.UTC;
                    }
                }
                case "2006" -> {
                    r = digits(text, p, 4, 4, layout, s);
                    year = r[0];
                    p = r[1];
                }
                case "06" -> {
                    r = digits(text, p, 2, 2, layout, s);
                    year = r[0] >= 69 ? 1900 + r[0] : 2000 + r[0];
                    p = r[1];
                }
                case "01", "1" -> {
                    r = digits(text, p, s.length(), 2, layout, s);
                    month = r[0];
                    p = r[1];
                }
                case "02", "2", "_2" -> {
                    if (s.equals("_2") && p < text.length() && text.charAt(p) == ' ') {
                        p++;
                    }
                    r = digits(text, p, s.equals("02") ? 2 : 1, 2, layout, s);
                    day = r[0];
                    p = r[1];
                }
                case "002" -> {
                    r = digits(text, p, 3, 3, layout, s);
                    p = r[1];
                }
                case "15", "03", "3" -> {
                    r = digits(text, p, s.equals("3") ? 1 : 2, 2, layout, s);
                    hour = r[0];
                    p = r[1];
                }
                case "04", "4" -> {
                    r = digits(text, p, s.length(), 2, layout, s);
                    minute = r[0];
                    p = r[1];
                }
                case "05", "5" -> {
                    r = digits(text, p, s.length(), 2, layout, s);
                    second = r[0];
                    p = r[1];
                    if (p < text.length() && text.charAt(p) == '.' && !layout.contains(".0") && !layout.contains(".9")) {
                        int j = p + 1;
                        while (j < text.length() && Character.isDigit(text.charAt(j))) {
                            j++;
                        }
                        nanos = fractionNanos(text.substring(p + 1, j));
                        p = j;
                    }
                }
                case "PM", "pm" -> {
                    hasPm = true;
                    pm = text.regionMatches(true, p, "PM", 0, 2);
                    p += 2;
                }
                default -> {
                    if (s.charAt(0) == '.' || s.charAt(0) == ',') {
                        if (p < text.length() && (text.charAt(p) == '.' || text.charAt(p) == ',')) {
                            int j = p + 1;
                            while (j < text.length() && Character.isDigit(text.charAt(j))) {
                                j++;
                            }
                            nanos = fractionNanos(text.substring(p + 1, j));
                            p = j;
                        }
                    } else {
                        if (s.charAt(0) == 'Z' && p < text.length() && text.charAt(p) == 'Z') {
                            zone = ZoneOffset.UTC;
                            p++;
                        } else {
                            int j = p + 1;
                            while (j < text.length() && (Character.isDigit(text.charAt(j)) || text.charAt(j) == ':')) {
                                j++;
                            }
                            try {
                                zone = ZoneOffset.of(normalizeOffset(text.substring(p, j)));
                            } catch (RuntimeException e) {
                                throw bad(layout, text, s);
                            }
                            p = j;
                        }
                    }
                }
            }
        }
        if (p != text.length()) {
            throw new TemplateException("parsing time \"" + text + "\": extra text: \"" + text.substring(p) + "\"");
        }
        if (hasPm) {
            hour = hour % 12 + (pm ? 12 : 0);
        }
        try {
            return ZonedDateTime.of(LocalDateTime.of(LocalDate.of(year, month, day), LocalTime.of(hour, minute, second, nanos)), zone);
        } catch (java.time.DateTimeException e) {
            throw new TemplateException("parsing time \"" + text + "\": " + e.getMessage());
        }
    }

    private static String normalizeOffset(String o) {
        String body = o.substring(1).replace(":", "");
        if (body.length() == 2) {
            return o.charAt(0) + body;
        }
        if (body.length() == 4) {
            return o.charAt(0) + body.substring(0, 2) + ":" + body.substring(2);
        }
        return o.charAt(0) + body.substring(0, 2) + ":" + body.substring(2, 4) + ":" + body.substring(4);
    }

    private static int fractionNanos(String digits) {
        String d = (digits + "000000000").substring(0, 9);
        return digits.isEmpty() ? 0 : Integer.parseInt(d);
    }

    private static int[] digits(String text, int p, int min, int max, String layout, String std) {
        int j = p;
        while (j < text.length() && j - p < max && Character.isDigit(text.charAt(j))) {
            j++;
        }
        if (j - p < min) {
            throw bad(layout, text, std);
        }
        return new int[] {Integer.parseInt(text.substring(p, j)), j};
    }

    private static TemplateException bad(String layout, String text, String std) {
        return new TemplateException("parsing time \"" + text + "\" as \"" + layout + "\": cannot parse as \"" + std + "\"");
    }
}
