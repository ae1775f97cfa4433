package dev.clusterlog.core.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cases from go-humanize's {@code ParseBytes} tests and kubelet's quantities. */
class ByteSizesTest {

    @ParameterizedTest
    @CsvSource({"42, 42", "42B, 42", "42b, 42", "42 B, 42", "42 byte?, -1", "1k, 1000", "1kB, 1000", "1KB, 1000",
        "1 KB, 1000", "1Ki, 1024", "1KiB, 1024", "1kib, 1024", "1MiB, 1048576", "1Mi, 1048576", "1MB, 1000000",
        "1 GiB, 1073741824", "5.5GiB, 5905580032", "'1,024 B', 1024", "'1,048,576', 1048576", "1EiB, 1152921504606846976",
        "1.5MiB, 1572864", "20KB, 20000", "64KiB, 65536"})
    void humanized(String text, long bytes) {
        if (bytes < 0) {
            assertThat(ByteSizes.tryParse(text)).isEmpty();
        } else {
            assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "B", "x", "1 XB", "10EB", "-1", "1..2"})
    void humanizedRefuses(String text) {
        assertThat(ByteSizes.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> ByteSizes.parse(text)).hasMessageStartingWith("invalid size \"" + text + "\"");
        assertThatThrownBy(() -> ByteSizes.parseSetting("output.batch_size", text))
                .hasMessage("Invalid value " + text + " for configuration output.batch_size: expected a size like 512, 64KiB, 1MiB or 1GB");
    }

    @ParameterizedTest
    @CsvSource({"10Mi, 10485760", "512Ki, 524288", "1M, 1000000", "1e6, 1000000", "1.5Ki, 1536", "0.1, 1", "100, 100",
        "2E-1, 1", "1k, 1000"})
    void kubernetesQuantities(String text, long bytes) {
        assertThat(ByteSizes.parseQuantity(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10MB", "10 Mi", "ten", "1KiB", "1mi"})
    void kubernetesQuantitiesRefuse(String text) {
        assertThatThrownBy(() -> ByteSizes.parseQuantity(text)).hasMessageContaining("quantities must match");
    }

    @ParameterizedTest
    @CsvSource({"512, 512B", "65536, 64KiB", "1572864, 1.5MiB"})
    void humanRendering(long bytes, String text) {
        assertThat(ByteSizes.formatHuman(bytes)).isEqualTo(text);
    }
}
