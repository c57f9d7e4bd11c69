package io.cyberbrain.api.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.cyberbrain.model.allowlist.AllowedContainer;
import io.cyberbrain.model.gpu.GpuState;
import io.cyberbrain.model.inventory.ContainerSnapshot;
import io.cyberbrain.model.notification.NotificationKind;
import io.cyberbrain.model.notification.NotificationTarget;
import io.cyberbrain.model.policy.NetworkPolicyRecommendation;
import io.cyberbrain.model.rag.Chunk;
import io.cyberbrain.model.rag.Document;
import io.cyberbrain.model.rag.Embedding;
import io.cyberbrain.model.rag.RetrievalEvent;
import io.cyberbrain.model.rag.RetrievalSource;
import io.cyberbrain.model.rag.UploadFile;
import io.cyberbrain.model.rag.UploadStatus;
import io.cyberbrain.model.run.DirectiveSnapshot;
import io.cyberbrain.model.run.Run;
import io.cyberbrain.model.run.RunStatus;
import io.cyberbrain.model.run.RunTrigger;
import io.cyberbrain.model.run.Task3Scope;
import io.cyberbrain.model.schedule.Schedule;
import io.cyberbrain.model.schedule.ScheduleType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Writes and reads back the entities whose columns Hibernate's validation does not fully check:
 * JSON objects, SQL arrays, bytea, enums and the directive snapshot record.
 */
@QuarkusTest
class EntityRoundTripTest {

    static final Instant T = Instant.parse("2026-05-01T08:00:00Z");

    static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
    }

    @SuppressWarnings("unchecked")
    static <E extends PanacheEntityBase> E roundTrip(E entity, Object id) throws Throwable {
        await(entity::persist);
        return (E) await(() -> Panache.withSession(() -> Panache.getSession()
                .flatMap(s -> s.find(entity.getClass(), id == null ? idOf(entity) : id))));
    }

    static Object idOf(PanacheEntityBase e) {
        try {
            return e.getClass().getField("id").get(e);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void arraysAndJsonObjectsSurviveARoundTrip() throws Throwable {
        AllowedContainer c = new AllowedContainer();
        c.containerId = "a1b2c3d4e5f6";
        c.name = "ollama";
        c.enabled = true;
        c.tags = new String[] {"llm", "gpu"};
        c.createdAt = T;
        c.updatedAt = T;
        assertArrayEquals(new String[] {"llm", "gpu"}, roundTrip(c, c.containerId).tags);

        ContainerSnapshot s = new ContainerSnapshot();
        s.snapshotAt = T;
        s.containerId = "a1b2c3d4e5f6";
        s.name = "ollama";
        s.labels = Map.of("com.docker.compose.service", "ollama");
        s.networks = Map.of("llm_net", Map.of("aliases", java.util.List.of("ollama")));
        s.ports = Map.of("11434/tcp", java.util.List.of(Map.of("HostPort", "11434")));
        ContainerSnapshot s2 = roundTrip(s, null);
        assertEquals("ollama", s2.labels.get("com.docker.compose.service"));
        assertEquals(s.networks, s2.networks);

        GpuState g = new GpuState();
        g.capturedAt = T;
        g.gpuIndex = 0;
        g.powerDrawW = new BigDecimal("123.45");
        g.throttleReasons = new String[] {"sw_power_cap"};
        g.processes = Map.of("4242", Map.of("name", "ollama", "used_mb", 5120));
        GpuState g2 = roundTrip(g, null);
        assertArrayEquals(new String[] {"sw_power_cap"}, g2.throttleReasons);
        assertEquals(new BigDecimal("123.45"), g2.powerDrawW);
        assertEquals(g.processes, g2.processes);

        NotificationTarget n = new NotificationTarget();
        n.name = "discord-ops";
        n.kind = NotificationKind.DISCORD;
        n.config = Map.of("webhook_url_env", "DISCORD_WEBHOOK");
        n.createdAt = T;
        n.updatedAt = T;
        NotificationTarget n2 = roundTrip(n, null);
        assertArrayEquals(new String[] {"run_failed"}, n2.events);
        assertEquals(NotificationKind.DISCORD, n2.kind);
    }

    @Test
    void runsKeepTheirDirectiveSnapshotAndRagRowsTheirVectors() throws Throwable {
        Run run = new Run();
        run.status = RunStatus.PENDING;
        run.trigger = RunTrigger.SCHEDULE;
        run.task3Scope = Task3Scope.ALL;
        run.directiveSnapshot = new DirectiveSnapshot(1L, "D1", "D1 Log triage", "log_triage", "text",
                Map.of("log_triage", Map.of("top_templates", 5)), 7, false);
        run.createdAt = T;
        Run r2 = roundTrip(run, null);
        assertEquals(run.directiveSnapshot, r2.directiveSnapshot);
        assertEquals(Task3Scope.ALL, r2.task3Scope);

        NetworkPolicyRecommendation p = new NetworkPolicyRecommendation();
        p.runId = run.id;
        p.serviceName = "postgres";
        p.allowedFrom = new String[] {"api", "scheduler"};
        p.policyYaml = "kind: NetworkPolicy";
        p.createdAt = T;
        NetworkPolicyRecommendation p2 = roundTrip(p, null);
        assertArrayEquals(new String[] {"api", "scheduler"}, p2.allowedFrom);
        assertEquals("default", p2.namespace);

        UploadFile u = new UploadFile();
        u.originalName = "runbook.md";
        u.storedName = "u-1.md";
        u.sha256 = "a".repeat(64);
        u.sizeBytes = 10;
        u.mimeType = "text/markdown";
        u.status = UploadStatus.READY;
        u.createdAt = T;
        u.updatedAt = T;
        assertEquals(3, roundTrip(u, null).maxAttempts);
        Document d = new Document();
        d.uploadId = u.id;
        d.title = "Runbook";
        d.mimeType = "text/markdown";
        d.createdAt = T;
        roundTrip(d, null);
        Chunk ch = new Chunk();
        ch.documentId = d.id;
        ch.chunkIndex = 0;
        ch.chunkText = "restart the ollama container when VRAM is exhausted";
        ch.startOffset = 0;
        ch.endOffset = ch.chunkText.length();
        ch.wordCount = 8;
        roundTrip(ch, null);
        Embedding e = new Embedding();
        e.chunkId = ch.id;
        e.model = "all-MiniLM-L6-v2";
        e.dimensions = 2;
        e.vector = new byte[] {0, 0, -128, 63, 0, 0, 0, 64};
        e.createdAt = T;
        assertArrayEquals(e.vector, roundTrip(e, e.chunkId).vector);

        RetrievalEvent re = new RetrievalEvent();
        re.querySha256 = "b".repeat(64);
        re.source = RetrievalSource.MCP;
        re.topK = 5;
        re.resultCount = 1;
        re.hitChunkIds = new Long[] {ch.id};
        re.createdAt = T;
        assertArrayEquals(new Long[] {ch.id}, roundTrip(re, null).hitChunkIds);

        Schedule sc = new Schedule();
        sc.name = "nightly triage";
        sc.jobId = 1L;
        sc.scheduleType = ScheduleType.CRON;
        sc.cronExpr = "0 3 * * *";
        sc.timezone = "Europe/Berlin";
        sc.createdAt = T;
        sc.anchorAt = T;
        sc.updatedAt = T;
        Schedule sc2 = roundTrip(sc, null);
        assertEquals(ScheduleType.CRON, sc2.scheduleType);
        assertEquals(Task3Scope.ALLOWLIST, sc2.task3Scope);
    }
}
