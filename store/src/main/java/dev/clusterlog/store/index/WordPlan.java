package dev.clusterlog.store.index;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Turns required substrings into block-index clauses that every block holding a matching line must
 * satisfy. In a substring, a word bounded by non-word bytes on both sides inside the substring is a
 * whole word of the line: a term. The word that runs to the substring's end but starts after a
 * non-word byte is the start of a line word: a prefix. A word that touches the substring's start is
 * the tail (suffix) or, touching both ends, any part (infix) of a line word: a wildcard over the
 * block dictionary, or a block with a word too long to index whole. Words under 3 bytes or with
 * non-ASCII bytes in a suffix/infix position get no clause (the scan confirms them).
 */
public final class WordPlan {
    private WordPlan() {
    }

    private static boolean ascii(byte[] s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s[i] < 0) {
                return false;
            }
        }
        return true;
    }

    public static List<Query> clauses(List<byte[]> substrings) {
        List<Query> out = new ArrayList<>();
        List<Query> wildcards = new ArrayList<>();
        for (byte[] s : substrings) {
            int i = 0;
            while (i < s.length) {
                while (i < s.length && !Tokenizer.isWordByte(s[i])) {
                    i++;
                }
                int start = i;
                while (i < s.length && Tokenizer.isWordByte(s[i])) {
                    i++;
                }
                if (i == start) {
                    continue;
                }
                boolean leftBound = start > 0;
                boolean rightBound = i < s.length;
                int len = Math.min(i - start, Tokenizer.MAX_TOKEN);
                BytesRef word = new BytesRef(s, start, len);
                if (leftBound && rightBound && i - start <= Tokenizer.MAX_TOKEN) {
                    out.add(new TermQuery(new Term(BlockIndex.TOKEN, BytesRef.deepCopyOf(word))));
                } else if (leftBound) {
                    out.add(new PrefixQuery(new Term(BlockIndex.TOKEN, BytesRef.deepCopyOf(word))));
                } else if (i - start >= 3 && ascii(s, start, i)) {
                    String w = new String(s, start, i - start, StandardCharsets.US_ASCII);
                    String pattern = rightBound ? "*" + w : "*" + w + "*";
                    wildcards.add(new BooleanQuery.Builder()
                            .add(new WildcardQuery(new Term(BlockIndex.TOKEN, pattern)), BooleanClause.Occur.SHOULD)
                            .add(new TermQuery(new Term(BlockIndex.TOKEN, new BytesRef(Tokenizer.LONG_WORD_MARKER))),
                                    BooleanClause.Occur.SHOULD)
                            .build());
                }
            }
        }
        // a wildcard walks the whole block dictionary: only worth it when nothing cheaper narrows the blocks
        return out.isEmpty() ? wildcards : out;
    }
}
