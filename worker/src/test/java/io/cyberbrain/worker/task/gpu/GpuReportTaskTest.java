package io.cyberbrain.worker.task.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cyberbrain.redaction.Redactor;
import io.cyberbrain.worker.JobSpec;
import io.cyberbrain.worker.TaskOutcome;

class GpuReportTaskTest {

    private static final String CONTAINER_ID = "3f4e2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f";

    @TempDir
    Path jobDir;

    @TempDir
    Path proc;

    private GpuReportTask task() {
        return new GpuReportTask(proc, Redactor.standard());
    }

    private static JobSpec job(Map<String, Object> inputs, Map<String, Object> config) {
        return new JobSpec(JobSpec.CURRENT_VERSION, 1L, 2L, GpuReportTask.TASK_KEY, Map.of(), config, null,
                FakeWorkerContext.NOW, inputs);
    }

    @Test
    void withoutNvidiaSmiOrInputsTheReportSaysThereIsNoGpuAndSucceeds() throws Exception {
        FakeWorkerContext ctx = new FakeWorkerContext(jobDir);

        TaskOutcome out = task().run(job(Map.of(), Map.of()), ctx);

        assertEquals(TaskOutcome.SUCCESS, out.status());
        assertEquals(Map.of("gpus", List.of(), "gpu_available", false), out.result());
        assertTrue(out.reportMarkdown().startsWith("## GPU report\n"), out.reportMarkdown());
        assertTrue(out.reportMarkdown().contains("No NVIDIA GPU"));
        assertEquals("no NVIDIA GPU", out.summary());
        assertEquals(List.of(), out.llmCalls());
        assertEquals(List.of(GpuReportTask.XML_COMMAND), ctx.calls);
        assertEquals(Duration.ofSeconds(20), ctx.timeouts.get(0));
    }

    @Test
    void aFailingNvidiaSmiWithoutInputsIsNoGpuAndTheReasonIsShown() throws Exception {
        FakeWorkerContext ctx = new FakeWorkerContext(jobDir).answer(GpuReportTask.XML_COMMAND, 9, "",
                "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\nMore text");

        TaskOutcome out = task().run(job(Map.of(), Map.of()), ctx);

        assertEquals(TaskOutcome.SUCCESS, out.status());
        assertEquals(false, out.result().get("gpu_available"));
        assertTrue(out.reportMarkdown().contains("exited with code 9: NVIDIA-SMI has failed"), out.reportMarkdown());
        assertFalse(out.reportMarkdown().contains("More text"));
    }

    @Test
    void xmlFromInputsGivesTheFullReportAndArtifact() throws Exception {
        FakeWorkerContext ctx = new FakeWorkerContext(jobDir);
        Map<String, Object> inputs = Map.of("nvidia_smi_xml", Fixtures.read("xml/openpai/nvidia_smi_out_of_order.xml"));

        TaskOutcome out = task().run(job(inputs, Map.of()), ctx);

        assertEquals(TaskOutcome.SUCCESS, out.status());
        // 4 K80s of 11441 MiB: 10854 + 10854 + 11441 + 11441 free of 45764 = 97 %; ECC warnings on GPUs 1 and 2
        assertEquals("4 GPUs, 2 processes, 97% VRAM free, 2 warnings", out.summary());
        assertEquals(List.of(), out.llmCalls());
        assertEquals(List.of(new TaskOutcome.ArtifactRecord("gpu-report.json", "data", "application/json")), out.artifacts());

        Map<String, Object> result = out.result();
        assertEquals(true, result.get("gpu_available"));
        assertEquals("inputs.nvidia_smi_xml", result.get("source"));
        assertEquals("2024-05-01T12:00:00Z", result.get("captured_at"));
        List<Map<String, Object>> gpus = list(result.get("gpus"));
        assertEquals(List.of(0, 1, 2, 3), gpus.stream().map(g -> g.get("gpu_index")).toList());
        Map<String, Object> gpu1 = gpus.get(1);
        assertEquals("Tesla K80", gpu1.get("name"));
        assertEquals(11441, gpu1.get("memory_total_mb"));
        assertEquals(587, gpu1.get("memory_used_mb"));
        assertEquals(64, gpu1.get("temperature_c"));
        assertEquals(135.72, gpu1.get("power_draw_w"));
        assertEquals(7L, gpu1.get("ecc_errors"));
        assertEquals(Map.of("58813", Map.of("process_name", "python", "used_memory_mb", 576)),
                withoutNulls(gpu1.get("processes")));
        assertEquals(0.6 * 587 / 11441 + 0.4 * 0.99, (double) gpu1.get("idleness_score"), 1e-9);
        assertEquals(2, list(result.get("processes")).size());
        assertEquals(List.of(), result.get("history"));
        assertEquals(2, list(result.get("warnings")).size());

        String md = out.reportMarkdown();
        assertTrue(md.startsWith("## GPU report\n"), md);
        for (String section : List.of("### GPU 0: Tesla K80", "### GPU 3: Tesla K80", "### Processes", "### History",
                "No history yet.", "### Capacity", "### Health", "`ecc_uncorrected`")) {
            assertTrue(md.contains(section), section + " in\n" + md);
        }
        assertTrue(md.contains("| 1 | 58813 | python | C | 576 MiB | - |"), md);

        Path artifact = jobDir.resolve("gpu-report.json");
        assertTrue(Files.isRegularFile(artifact));
        Map<?, ?> written = new ObjectMapper().readValue(artifact.toFile(), Map.class);
        assertEquals(4, ((List<?>) written.get("gpus")).size());
        assertEquals(true, written.get("gpu_available"));
    }

    @Test
    void nvidiaSmiOutputIsPreferredAndComputeAppsFillMissingProcesses() throws Exception {
        String xml = Fixtures.read("xml/telegraf/rtx-3090-v12.xml");
        String apps = """
                pid, process_name, gpu_uuid, used_gpu_memory [MiB]
                4242, /usr/bin/python3, GPU-12345678-aaaa-bbbb-cccc-0123456789ab, 8000 MiB
                """;
        FakeWorkerContext ctx = new FakeWorkerContext(jobDir)
                .answer(GpuReportTask.XML_COMMAND, 0, xml, "")
                .answer(GpuReportTask.COMPUTE_APPS_COMMAND, 0, apps, "");

        TaskOutcome out = task().run(job(Map.of("nvidia_smi_xml", "<not used/>"), Map.of()), ctx);

        assertEquals(List.of(GpuReportTask.XML_COMMAND, GpuReportTask.COMPUTE_APPS_COMMAND), ctx.calls);
        assertEquals("nvidia-smi", out.result().get("source"));
        assertEquals("nvidia-smi --query-compute-apps", out.result().get("process_source"));
        List<Map<String, Object>> ps = list(out.result().get("processes"));
        assertEquals(1, ps.size());
        assertEquals(0, ps.get(0).get("gpu_index"));
        assertEquals(8000, ps.get(0).get("used_memory_mb"));
        assertEquals("1 GPU, 1 process, 99% VRAM free, 0 warnings", out.summary());
    }

    @Test
    void computeAppsCsvFromInputsIsUsedWhenTheXmlHasNoProcesses() throws Exception {
        Map<String, Object> inputs = Map.of(
                "nvidia_smi_xml", Fixtures.read("xml/telegraf/rtx-3090-v12.xml"),
                "compute_apps_csv", Fixtures.read(
                        "query_gpu_csv/linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__load__query-compute-apps.csv"));

        TaskOutcome out = task().run(job(inputs, Map.of()), new FakeWorkerContext(jobDir));

        assertEquals("inputs.compute_apps_csv", out.result().get("process_source"));
        // masked UUIDs match no GPU, but with a single GPU they can only be on it
        assertEquals(List.of(0, 0, 0), list(out.result().get("processes")).stream().map(p -> p.get("gpu_index")).toList());
    }

    @Test
    void processesAreMappedToContainersFromInputsOrFromTheirCgroup() throws Exception {
        Files.createDirectories(proc.resolve("2384"));
        Files.writeString(proc.resolve("2384/cgroup"), "0::/system.slice/docker-" + CONTAINER_ID + ".scope\n");
        Map<String, Object> inputs = Map.of(
                "nvidia_smi_xml", Fixtures.read("xml/openpai/nvidia_smi_sample.xml"),
                "process_containers", Map.of("3093", Map.of("container_id", "abc", "container_name", "miner")));

        TaskOutcome out = task().run(job(inputs, Map.of()), new FakeWorkerContext(jobDir));

        Map<Object, Map<String, Object>> byPid = new HashMap<>();
        for (Map<String, Object> p : list(out.result().get("processes"))) {
            byPid.put(p.get("pid"), p);
        }
        assertEquals("miner", byPid.get(3093L).get("container_name"));
        assertEquals("abc", byPid.get(3093L).get("container_id"));
        assertEquals(CONTAINER_ID, byPid.get(2384L).get("container_id"));
        assertNull(byPid.get(2384L).get("container_name"));
        assertNull(byPid.get(1357L).get("container_id"), "no cgroup file: unknown");
        assertTrue(out.reportMarkdown().contains("| 0 | 2384 | /usr/bin/gnome-shell | G | 79 MiB | 3f4e2a1b9c8d |"),
                out.reportMarkdown());
        assertTrue(out.reportMarkdown().contains("| miner |"));
    }

    @Test
    void processNamesAreRedactedBeforeTheyReachTheReport() throws Exception {
        String xml = """
                <?xml version="1.0" ?>
                <nvidia_smi_log>
                  <gpu id="00000000:01:00.0">
                    <product_name>Test GPU</product_name><uuid>GPU-1</uuid><minor_number>0</minor_number>
                    <fb_memory_usage><total>8192 MiB</total><used>1024 MiB</used><free>7168 MiB</free></fb_memory_usage>
                    <processes><process_info><pid>7</pid><type>C</type>
                      <process_name>/home/alice/venv/bin/python serve.py --api-key=sk-live-R8kq2LmZ0vXw9TnB4cYd | x</process_name>
                      <used_memory>1000 MiB</used_memory></process_info></processes>
                  </gpu>
                </nvidia_smi_log>
                """;
        TaskOutcome out = task().run(job(Map.of("nvidia_smi_xml", xml), Map.of()), new FakeWorkerContext(jobDir));

        String name = (String) list(out.result().get("processes")).get(0).get("process_name");
        assertFalse(name.contains("alice"), name);
        assertFalse(name.contains("sk-live-R8kq2LmZ0vXw9TnB4cYd"), name);
        assertFalse(out.reportMarkdown().contains("alice"));
        assertFalse(out.reportMarkdown().contains("sk-live"));
        assertFalse(Files.readString(jobDir.resolve("gpu-report.json")).contains("alice"));
        assertTrue(out.reportMarkdown().contains("\\| x"), "pipes escaped in the table");
    }

    @Test
    void historyAndCapacityFiguresComeFromInputsAndConfig() throws Exception {
        List<Object> history = List.of(
                GpuHistoryTest.sample(0, "2024-05-01T10:00:00Z", 1000, 24576, 10, 40, 100.0),
                GpuHistoryTest.sample(0, "2024-05-01T11:00:00Z", 20000, 24576, 90, 70, 300.0),
                GpuHistoryTest.sample(0, "2024-05-01T11:30:00Z", 5000, 24576, 30, 50, 150.0));
        Map<String, Object> inputs = Map.of(
                "nvidia_smi_xml", Fixtures.read("xml/telegraf/rtx-3090-v12.xml"),
                "gpu_history", history);
        Map<String, Object> config = Map.of("model_sizes_gib", List.of(8, 23.5, "24"), "headroom_mib", 256);

        TaskOutcome out = task().run(job(inputs, config), new FakeWorkerContext(jobDir));

        Map<String, Object> h = list(out.result().get("history")).get(0);
        assertEquals(3, h.get("samples"));
        assertEquals(Map.of("peak", 20000.0, "p95", 20000.0, "samples", 3), h.get("memory_used_mb"));
        assertEquals(Map.of("peak", 90.0, "p95", 90.0, "samples", 3), h.get("utilization_gpu_pct"));
        assertEquals(Map.of("peak", 70.0, "p95", 70.0, "samples", 3), h.get("temperature_c"));

        Map<String, Object> capacity = map(out.result().get("capacity"));
        assertEquals(256, capacity.get("headroom_mb"));
        List<Map<String, Object>> models = list(capacity.get("models"));
        assertEquals(List.of(8.0, 23.5, 24.0), models.stream().map(m -> m.get("size_gib")).toList());
        // 24258 MiB free: 8 GiB (8448 needed) fits, 23.5 GiB (24320 needed) and 24 GiB do not
        assertEquals(List.of(List.of(0), List.of(), List.of()), models.stream().map(m -> m.get("fits_on")).toList());
        assertEquals(0, models.get(0).get("best_gpu"));
        assertEquals(24258L - 8192, models.get(0).get("free_after_mb"));

        String md = out.reportMarkdown();
        assertTrue(md.contains("| 0 | 3 | 20000 / 20000 MiB | 90 / 90 % | 70 / 70 °C |"), md);
        assertTrue(md.contains("| 8 GiB | 8448 MiB | 0 | 0 | 16066 MiB |"), md);
        assertTrue(md.contains("| 23.5 GiB | 24320 MiB | none | - | - |"), md);
        assertTrue(md.contains("| 0 | 24258 MiB | 24258 MiB | 0.00 |"), md);
    }

    @Test
    void queryGpuCsvFromInputsIsTheLastResort() throws Exception {
        Map<String, Object> inputs = Map.of("query_gpu_csv",
                Fixtures.read("query_gpu_csv/linux-x86_64__nvidia-l40s__595.80__load__query-gpu.csv"));

        TaskOutcome out = task().run(job(inputs, Map.of()), new FakeWorkerContext(jobDir));

        assertEquals("inputs.query_gpu_csv", out.result().get("source"));
        Map<String, Object> gpu = list(out.result().get("gpus")).get(0);
        assertEquals("NVIDIA L40S", gpu.get("name"));
        assertEquals(46068, gpu.get("memory_total_mb"));
        assertEquals(44225, gpu.get("memory_free_mb"));
    }

    @Test
    void unreadableSuppliedXmlFailsInsteadOfClaimingThereIsNoGpu() throws Exception {
        TaskOutcome out = task().run(job(Map.of("nvidia_smi_xml", "<nvidia_smi_log><gpu>"), Map.of()),
                new FakeWorkerContext(jobDir));

        assertEquals(TaskOutcome.FAILED, out.status());
        assertTrue(out.errorSummary().contains("inputs.nvidia_smi_xml"), out.errorSummary());
        assertTrue(out.reportMarkdown().startsWith("## GPU report"));
    }

    @Test
    void unreadableNvidiaSmiOutputFallsBackToSuppliedXml() throws Exception {
        FakeWorkerContext ctx = new FakeWorkerContext(jobDir).answer(GpuReportTask.XML_COMMAND, 0, "garbage", "");
        TaskOutcome out = task().run(job(Map.of("nvidia_smi_xml", Fixtures.read("xml/telegraf/a10g.xml")), Map.of()), ctx);

        assertEquals(TaskOutcome.SUCCESS, out.status());
        assertEquals("inputs.nvidia_smi_xml", out.result().get("source"));
        assertEquals("1 GPU, 1 process, 98% VRAM free, 0 warnings", out.summary());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> withoutNulls(Object byPid) {
        Map<String, Object> out = new HashMap<>();
        map(byPid).forEach((pid, entry) -> {
            Map<String, Object> clean = new HashMap<>();
            map(entry).forEach((k, v) -> {
                if (v != null) {
                    clean.put(k, v);
                }
            });
            out.put(pid, clean);
        });
        return out;
    }
}
