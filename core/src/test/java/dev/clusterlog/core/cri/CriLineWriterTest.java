package dev.clusterlog.core.cri;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.entry.LogStream;
import dev.clusterlog.core.docker.DockerJsonLineWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The writers grow their record buffer on a long first record and write the grown one. */
class CriLineWriterTest {

    @Test
    void aRecordLongerThanTheInitialBufferIsWrittenWhole() throws Exception {
        byte[] content = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CriLineWriter(out).write(0, 0, LogStream.STDOUT, false, content, 0, content.length);
        assertThat(out.toByteArray()).isEqualTo(CriLineWriter.encodeRecord(0, 0, LogStream.STDOUT, false, content));

        ByteArrayOutputStream json = new ByteArrayOutputStream();
        new DockerJsonLineWriter(json).write(0, LogStream.STDOUT, content, 0, content.length);
        assertThat(json.toByteArray()).isEqualTo(DockerJsonLineWriter.encodeRecord(0, LogStream.STDOUT, content));
    }
}
