package dev.clusterlog.logql.syntax;

import dev.clusterlog.logql.LogQL;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Bad input never crashes the parser: every failure is a {@link ParseException}. */
class ParserFuzzProperties {
    private static final String ALPHABET = "{}()[]|=~!<>\"`\\,-+*/%^ \n0123456789.abcsmhyBK_:#$µ";

    @Property(tries = 3000)
    void mutatedQueriesParseOrFailWithParseException(@ForAll long seed) {
        Random rnd = new Random(seed);
        StringBuilder text = new StringBuilder(Printer.print(new AstGenerator(seed).query()));
        int edits = 1 + rnd.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = rnd.nextInt(text.length() + 1);
            switch (rnd.nextInt(3)) {
                case 0 -> text.insert(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
                case 1 -> {
                    if (at < text.length()) {
                        text.deleteCharAt(at);
                    }
                }
                default -> text.setLength(Math.min(text.length(), at));
            }
        }
        try {
            LogQL.parse(text.toString());
        } catch (ParseException expected) {
            // the only acceptable failure
        } catch (RuntimeException e) {
            throw new AssertionError("seed " + seed + ": " + text + " threw " + e, e);
        }
    }
}
