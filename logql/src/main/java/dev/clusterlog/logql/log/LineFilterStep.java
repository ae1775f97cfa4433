package dev.clusterlog.logql.log;

import dev.clusterlog.core.text.ByteSearch;

import dev.clusterlog.logql.syntax.IpPatterns;
import dev.clusterlog.logql.syntax.PatternSyntax;
import dev.clusterlog.logql.syntax.Regexes;
import dev.clusterlog.logql.syntax.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Line filters on bytes. {@code |=}/{@code !=} never decode the line; regex filters first look for
 * the literal every match needs ({@link RegexLiterals}) and decode only lines that have it; a regex
 * without metacharacters is a substring search.
 */
public final class LineFilterStep implements Step {
    /** One value's matcher. */
    private interface Matcher {
        boolean matches(LogEntry e);
    }

    private final boolean negated;
    private final Matcher[] alternatives;

    public LineFilterStep(Stage.LineFilter filter) {
        this.negated = filter.op().negated();
        List<Matcher> ms = new ArrayList<>();
        for (Stage.FilterValue v : filter.values()) {
            ms.add(compile(filter.op(), v));
        }
        this.alternatives = ms.toArray(new Matcher[0]);
    }

    private static Matcher compile(Stage.FilterOp op, Stage.FilterValue v) {
        if (v.ip()) {
            IpPatterns ip = IpPatterns.parse(v.value());
            return e -> IpScan.containsMatching(e.buf, e.off, e.len, ip);
        }
        return switch (op) {
            case CONTAINS, NOT_CONTAINS -> {
                ByteSearch s = new ByteSearch(v.value());
                yield e -> s.containedIn(e.buf, e.off, e.len);
            }
            case MATCHES, NOT_MATCHES -> regex(v.value());
            case PATTERN, NOT_PATTERN -> {
                PatternMatcher pm = new PatternMatcher(PatternSyntax.parse(v.value(), false));
                yield e -> pm.match(e.line(), null);
            }
        };
    }

    private static Matcher regex(String re) {
        String literal = RegexLiterals.pureLiteral(re);
        if (literal != null) {
            ByteSearch s = new ByteSearch(literal);
            return e -> s.containedIn(e.buf, e.off, e.len);
        }
        Pattern p = Regexes.compile(re, false).pattern();
        List<String> alternatives = RegexLiterals.literalAlternatives(re);
        if (alternatives != null) {
            ByteSearch[] any = alternatives.stream().map(ByteSearch::new).toArray(ByteSearch[]::new);
            return e -> {
                for (ByteSearch s : any) {
                    if (s.containedIn(e.buf, e.off, e.len)) {
                        return true;
                    }
                }
                return false;
            };
        }
        List<String> runs = RegexLiterals.requiredRuns(re);
        String longest = runs.stream().reduce("", (a, b) -> b.length() > a.length() ? b : a);
        if (longest.isEmpty()) {
            return e -> p.matcher(e.line()).find();
        }
        ByteSearch pre = new ByteSearch(longest);
        return e -> pre.containedIn(e.buf, e.off, e.len) && p.matcher(e.line()).find();
    }

    @Override
    public boolean apply(LogEntry e) {
        boolean any = false;
        for (Matcher m : alternatives) {
            if (m.matches(e)) {
                any = true;
                break;
            }
        }
        return negated != any;
    }
}
