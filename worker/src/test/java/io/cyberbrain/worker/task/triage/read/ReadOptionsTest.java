package io.cyberbrain.worker.task.triage.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReadOptionsTest {

    @Test
    void anEmptyConfigGivesTheDefaults() {
        assertEquals(ReadOptions.defaults(), ReadOptions.from(Map.of()));
        assertEquals(1024 * 1024, ReadOptions.defaults().firstRunTailBytes());
        assertEquals(64 * 1024, ReadOptions.defaults().maxLineBytes());
    }

    @Test
    void flatAndNestedKeysAreRead() {
        ReadOptions o = ReadOptions.from(Map.of(
                "logs.first_run_tail_bytes", 2048,
                "logs", Map.of("max_bytes_per_file", "4096", "include", List.of("*.log"),
                        "read_compressed_on_first_run", true)));

        assertEquals(2048, o.firstRunTailBytes());
        assertEquals(4096, o.maxBytesPerFile());
        assertEquals(List.of("*.log"), o.include());
        assertEquals(true, o.readCompressedOnFirstRun());
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertEquals("logs.max_line_bytes must be positive, got 0",
                assertThrows(IllegalArgumentException.class,
                        () -> ReadOptions.from(Map.of("logs.max_line_bytes", 0))).getMessage());
        assertEquals("logs.max_bytes_per_run must be a whole number of bytes, got lots",
                assertThrows(IllegalArgumentException.class,
                        () -> ReadOptions.from(Map.of("logs.max_bytes_per_run", "lots"))).getMessage());
        assertEquals("logs.include has an invalid glob: [a-",
                assertThrows(IllegalArgumentException.class,
                        () -> ReadOptions.from(Map.of("logs.include", List.of("[a-")))).getMessage());
    }

    @Test
    void cursorsFromJobInputsAreCheckedEntryByEntry() {
        assertEquals(List.of(new FileCursor("a.log", 1L, 2L, 3, 4, "ab")), FileCursor.listFromJson(List.of(
                Map.of("source_key", "a.log", "device", 1, "inode", 2, "offset", 3, "file_size", 4,
                        "head_sha256", "ab"))));
        assertEquals("log cursor #0 has no source_key", assertThrows(IllegalArgumentException.class,
                () -> FileCursor.listFromJson(List.of(Map.of("offset", 1)))).getMessage());
    }
}
