package dev.clusterlog.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ByteSearchTest {

    @Property(tries = 2000)
    void agreesWithStringIndexOf(@ForAll long seed) {
        Random rnd = new Random(seed);
        String hay = random(rnd, rnd.nextInt(rnd.nextBoolean() ? 60 : 200));
        String needle = rnd.nextBoolean() && hay.length() > 2
                ? hay.substring(rnd.nextInt(hay.length() / 2), hay.length() / 2 + rnd.nextInt(hay.length() / 2))
                : random(rnd, rnd.nextInt(rnd.nextBoolean() ? 5 : 24));
        byte[] h = ("##" + hay + "##").getBytes(StandardCharsets.ISO_8859_1);
        int got = new ByteSearch(needle.getBytes(StandardCharsets.ISO_8859_1)).indexIn(h, 2, hay.length());
        assertThat(got == -1 ? -1 : got - 2).as("%s in %s", needle, hay).isEqualTo(hay.indexOf(needle));
    }

    private static String random(Random rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("abc#"

                    .charAt(rnd.nextInt(4)));
        }
        return sb.toString();
    }

}
