package io.cyberbrain.launcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cyberbrain.launcher.execution.WorkerOutput;

class WorkerLogArtifactTest {

    @TempDir
    Path logs;

    private static WorkerOutput output(int limit, String text) {
        WorkerOutput output = new WorkerOutput(limit);
        output.write(text.getBytes(StandardCharsets.UTF_8));
        return output;
    }

    @Test
    void aShortLogIsKeptWholeAndRedacted() {
        String text = WorkerLogArtifact.text(output(4096, "connecting\ncannot reach postgres://app:s3cr3t-pw@db:5432/app\n"));
        assertTrue(text.startsWith("connecting\n"), text);
        assertFalse(text.contains("s3cr3t-pw"), text);
        assertFalse(text.contains("[cut"), text);
    }

    @Test
    void aLongLogKeepsItsTailFromALineStartAndSaysWhatWasCut() {
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            log.append("line ").append(i).append(" password=hunter2-").append(i).append('\n');
        }
        WorkerOutput output = output(200, log.toString());
        String text = WorkerLogArtifact.text(output);
        String[] lines = text.split("\n");
        assertTrue(lines[0].startsWith("[cut: the worker wrote " + output.totalBytes() + " bytes; only the last "), lines[0]);
        assertTrue(lines[1].startsWith("line "), "the partial first line of the tail is dropped: " + lines[1]);
        assertTrue(lines[lines.length - 1].startsWith("line 1000 "), text);
        assertFalse(text.contains("hunter2"), text);
    }

    @Test
    void anIncompleteReadIsSaidAtTheTop() {
        WorkerOutput output = output(100, "partial\n");
        output.markIncomplete("the engine did not hand over all of the output within 30 s");
        assertTrue(WorkerLogArtifact.text(output).startsWith("[incomplete: the engine did not hand over"));
    }

    @Test
    void theFileIsWrittenInTheJobFolderWithItsArtifactRowAndALinkLeftThereIsReplacedNotFollowed() throws Exception {
        Path jobDir = Files.createDirectories(logs.resolve("runs/7/12"));
        Path elsewhere = Files.writeString(logs.resolve("precious.txt"), "keep me");
        Files.createSymbolicLink(jobDir.resolve(WorkerLogArtifact.FILE), elsewhere);

        LauncherStore.ArtifactRow row = WorkerLogArtifact.write(jobDir, logs, output(4096, "worker started\n"));

        assertEquals("keep me", Files.readString(elsewhere));
        Path file = jobDir.resolve(WorkerLogArtifact.FILE);
        assertFalse(Files.isSymbolicLink(file));
        assertEquals("worker started\n", Files.readString(file));
        assertEquals("runs/7/12/worker.log", row.path());
        assertEquals("worker_log", row.type());
        assertEquals("text/plain", row.mimeType());
        assertEquals(Files.size(file), row.sizeBytes());
        assertEquals(Hashes.sha256(file), row.sha256());
    }

    @Test
    void aWorkerCannotDeclareTheLaunchersLogAsItsOwnArtifact() throws Exception {
        Path jobDir = Files.createDirectories(logs.resolve("runs/7/13"));
        Files.writeString(jobDir.resolve("worker.log"), "forged");
        String problem = ResultValidator.artifactProblem(
                new io.cyberbrain.launcher.worker.TaskOutcome.ArtifactRecord("./worker.log", "data", "text/plain"), jobDir);
        assertTrue(problem != null && problem.contains("the launcher's"), String.valueOf(problem));
    }
}
