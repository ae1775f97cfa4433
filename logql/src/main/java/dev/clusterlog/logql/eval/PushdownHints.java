package dev.clusterlog.logql.eval;

import dev.clusterlog.logql.log.RegexLiterals;
import dev.clusterlog.logql.syntax.LogSelectorExpr;
import dev.clusterlog.logql.syntax.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * What every line a selector's pipeline keeps must contain, for a store's block index:
 * {@link #requiredAnyOf()} is a conjunction of disjunctions (each inner list: at least one of these
 * substrings is in the line); {@link #requiredWords()} are tokens that appear as whole words
 * (bounded by non-word bytes or the literal's inner boundaries) in every such line. Only line
 * filters before the first stage that rewrites the line ({@code line_format}, {@code decolorize},
 * {@code unpack}) count. Case-sensitive, as the filters are.
 */
public record PushdownHints(List<List<String>> requiredAnyOf, List<String> requiredWords) {
    public static final PushdownHints NONE = new PushdownHints(List.of(), List.of());

    public PushdownHints {
        requiredAnyOf = requiredAnyOf.stream().map(List::copyOf).toList();
        requiredWords = List.copyOf(requiredWords);
    }

    /** The leading line filters of a selector: the ones a store may apply to raw lines. */
    public static List<Stage.LineFilter> leadingLineFilters(LogSelectorExpr selector) {
        List<Stage.LineFilter> out = new ArrayList<>();
        for (Stage s : selector.stages()) {
            if (s instanceof Stage.LineFilter f) {
                out.add(f);
            } else if (s instanceof Stage.LineFormat || s instanceof Stage.Decolorize || s instanceof Stage.Unpack) {
                break;
            }
        }
        return out;
    }

    public static PushdownHints of(LogSelectorExpr selector) {
        List<List<String>> any = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (Stage.LineFilter f : leadingLineFilters(selector)) {
            if (f.op().negated() || f.values().stream().anyMatch(Stage.FilterValue::ip)) {
                continue;
            }
            switch (f.op()) {
                case CONTAINS -> {
                    List<String> alts = f.values().stream().map(Stage.FilterValue::value).toList();
                    if (alts.stream().noneMatch(String::isEmpty)) {
                        any.add(alts);
                        if (alts.size() == 1) {
                            words.addAll(innerWords(alts.get(0)));
                        }
                    }
                }
                case MATCHES -> {
                    if (f.values().size() != 1) {
                        continue;
                    }
                    String re = f.values().get(0).value();
                    String lit = RegexLiterals.pureLiteral(re);
                    List<String> alts = RegexLiterals.literalAlternatives(re);
                    if (lit != null && !lit.isEmpty()) {
                        any.add(List.of(lit));
                        words.addAll(innerWords(lit));
                    } else if (alts != null) {
                        any.add(alts);
                    } else {
                        for (String run : RegexLiterals.requiredRuns(re)) {
                            any.add(List.of(run));
                        }
                    }
                }
                case PATTERN -> {
                    for (var part : dev.clusterlog.logql.syntax.PatternSyntax.parse(f.values().get(0).value(), false)) {
                        if (!part.capture() && f.values().size() == 1) {
                            any.add(List.of(part.literal()));
                        }
                    }
                }
                default -> {
                }
            }
        }
        return new PushdownHints(any, words.stream().distinct().toList());
    }

    /** Words of a literal that are bounded by non-word characters inside it (so whole words of the line). */
    static List<String> innerWords(String literal) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = literal.length();
        while (i < n) {
            if (!isWord(literal.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isWord(literal.charAt(i))) {
                i++;
            }
            if (start > 0 && i < n) {
                out.add(literal.substring(start, i));
            }
        }
        return out;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
