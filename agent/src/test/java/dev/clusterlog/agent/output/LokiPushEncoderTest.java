package dev.clusterlog.agent.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlog.agent.pipeline.Batch;
import dev.clusterlog.core.entry.LabelSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class LokiPushEncoderTest {
    @Property(tries = 300)
    void anyLineRoundTripsThroughTheJsonBody(@ForAll String line, @ForAll long nanos) throws Exception {
        Batch b = Batch.of("s", LabelSet.of("pod", "p\"q"), 0, 10, List.of(Map.entry(nanos, line)));
        JsonNode body = new ObjectMapper().readTree(LokiPushEncoder.encode(b));
        JsonNode v = body.get("streams").get(0).get("values").get(0);
        assertThat(body.get("streams").get(0).get("stream").get("pod").asText()).isEqualTo("p\"q");
        assertThat(v.get(0).asText()).isEqualTo(Long.toString(nanos));
        // what Java's own encoder makes of the line (lone surrogates become '?') is what must arrive
        assertThat(v.get(1).asText()).isEqualTo(new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertThat(v.get(2).get("stream").asText()).isEqualTo("stdout");
    }

    @Property(tries = 300)
    void utf8CheckAgreesWithTheJdkDecoder(@ForAll byte[] bytes) {
        boolean jdk;
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            jdk = true;
        } catch (java.nio.charset.CharacterCodingException e) {
            jdk = false;
        }
        assertThat(JsonBytes.validUtf8(bytes, 0, bytes.length)).isEqualTo(jdk);
    }
}
