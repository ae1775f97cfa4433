package dev.clusterlog.agent.source.journald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** journalctl's JSON shapes (PROTOCOLS.md §4.2), read from the shared vectors. */
class JournalEntryTest {
    private static final Path VECTORS = Path.of("/work/shared/vectors/journald");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JournalEntry parse(String json) throws IOException {
        JournalEntry e = new JournalEntry();
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        e.parse(b, 0, b.length);
        return e;
    }

    @Test
    void readsTheDocumentedEntries() throws Exception {
        List<String> lines = Files.readAllLines(VECTORS.resolve("export_example_as_journalctl_json.jsonl"));
        JournalEntry e = parse(lines.get(0));
        assertThat(e.realtimeMicros).isEqualTo(1342540861416409L);
        assertThat(e.seqnum).isEqualTo(0x4ece7L); // from the cursor's i=, no __SEQNUM field
        assertThat(e.seqnumId).isEqualTo("739ad463348b4ceca5a9e69c95a3c93f");
        assertThat(new String(e.message, StandardCharsets.UTF_8)).startsWith("AccountsService-DEBUG(+)");
        assertThat(e.priority).isEqualTo("4");
        assertThat(JournalEntry.levelName(e.priority)).isEqualTo("warning");
        assertThat(e.identifier).isEqualTo("gdm-password]");
        assertThat(e.pid).isEqualTo("587");
        assertThat(e.hostname).isEqualTo("epsilon");
        assertThat(e.bootId).isEqualTo("6c7c6013a26343b29e964691ff25d04c");
        assertThat(e.unit).isNull();
        assertThat(parse(lines.get(1)).seqnum).isEqualTo(0x4ece8L);
    }

    @Test
    void byteArraysNullsAndRepeatedFields() throws Exception {
        JsonNode expected = JSON.readTree(VECTORS.resolve("journal_json_format_example.json").toFile()).get("json_example_expected");
        ObjectNode entry = JSON.createObjectNode();
        entry.put("__CURSOR", "s=abc;i=1f;b=x");
        entry.put("__SEQNUM", "77");
        entry.set("MESSAGE", expected.get("BINARY"));
        entry.set("_SYSTEMD_UNIT", expected.get("_UDEV_DEVLINK"));
        entry.set("SYSLOG_IDENTIFIER", expected.get("LARGE"));
        JournalEntry e = parse(JSON.writeValueAsString(entry));
        assertThat(e.message).isEqualTo("this is a binary value \u0007".getBytes(StandardCharsets.US_ASCII));
        assertThat(e.unit).isEqualTo("/dev/alias1");
        assertThat(e.identifier).isNull();
        assertThat(e.seqnum).isEqualTo(77);
        assertThat(e.seqnumId).isEqualTo("abc");

        entry.set("MESSAGE", expected.get("LARGE"));
        JournalEntry large = parse(JSON.writeValueAsString(entry));
        assertThat(large.messageTooLarge).isTrue();
        assertThat(large.message).isEmpty();

        entry.set("MESSAGE", JSON.readTree("[[104,105,255],\"second\"]"));
        assertThat(parse(JSON.writeValueAsString(entry)).message).isEqualTo(new byte[] {'h', 'i', (byte) 255});
    }

    @Test
    void theJournalctlCommandLine() {
        JournaldSource.Options o = new JournaldSource.Options("j", "/usr/bin/journalctl", List.of("kubelet", "containerd"),
                "/var/log/journal", null, false, "n", java.util.Map.of(), 1 << 20, 1_000_000_000L, 1 << 20);
        JournaldSource s = new JournaldSource(o, null, null, b -> { }, () -> true, System::nanoTime, null);
        assertThat(s.command(null)).containsExactly("/usr/bin/journalctl", "-o", "json", "--follow", "--all", "--no-pager",
                "--no-tail", "--directory=/var/log/journal", "-u", "kubelet", "-u", "containerd");
        assertThat(s.command("s=a;i=2")).containsSubsequence("--after-cursor=s=a;i=2", "--no-tail");
        JournaldSource atEnd = new JournaldSource(new JournaldSource.Options("j", "journalctl", List.of(), null, "/j/*.journal",
                true, "n", java.util.Map.of(), 1, 1, 1), null, null, b -> { }, () -> true, System::nanoTime, null);
        assertThat(atEnd.command(null)).containsExactly("journalctl", "-o", "json", "--follow", "--all", "--no-pager",
                "--lines=0", "--file=/j/*.journal");
    }

    @Test
    void badLinesNameWhatWasExpected() {
        assertThatThrownBy(() -> parse("[1,2]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> parse("{\"MESSAGE\":\"x\"}")).hasMessageContaining("without __CURSOR");
        assertThatThrownBy(() -> parse("{\"__CURSOR\":\"s=a;i=1\",\"__REALTIME_TIMESTAMP\":\"soon\"}"))
                .hasMessageContaining("__REALTIME_TIMESTAMP \"soon\" is not a decimal number");
        assertThatThrownBy(() -> parse("{\"__CURSOR\":\"s=a;i=1\",\"MESSAGE\":[1,\"x\"]}"))
                .hasMessageContaining("expected numbers 0..255");
        assertThatThrownBy(() -> parse("{\"__CURSOR\":")).hasMessageContaining("not journalctl JSON");
    }

    @Test
    void checkpointRoundTripsAndRejectsDamage(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        JournaldCheckpoint store = new JournaldCheckpoint(tmp.resolve("j.journald"));
        assertThat(store.read()).isEqualTo(new JournaldCheckpoint.State("", List.of()));
        JournaldCheckpoint.State state = new JournaldCheckpoint.State("s=a;i=9",
                List.of(new JournaldCheckpoint.Cut("a", 12), new JournaldCheckpoint.Cut("a", 30)));
        store.write(state);
        assertThat(store.read()).isEqualTo(state);
        byte[] bytes = Files.readAllBytes(store.file());
        bytes[10] ^= 1;
        Files.write(store.file(), bytes);
        assertThatThrownBy(store::read).hasMessageContaining("checksum mismatch");
        Files.write(store.file(), new byte[5]);
        assertThatThrownBy(store::read).hasMessageContaining("5 bytes, expected at least 18");
    }
}
