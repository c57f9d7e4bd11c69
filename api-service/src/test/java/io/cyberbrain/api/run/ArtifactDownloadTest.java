package io.cyberbrain.api.run;

import static io.cyberbrain.api.Tokens.as;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.model.config.PathsConfig;
import io.quarkus.test.junit.QuarkusTest;

/** Downloads stream only files inside the run's own folder, whatever path was recorded. */
@QuarkusTest
class ArtifactDownloadTest {

    @Inject
    AgroalDataSource ds;
    @Inject
    PathsConfig paths;

    int run;
    Path runFolder;

    @BeforeEach
    void runWithFiles() throws Exception {
        run = as("operator").body(Map.of("tasks", List.of("gpu_report"))).post("/api/runs").then().statusCode(201).extract().path("id");
        runFolder = paths.logs().resolve("runs").resolve(Integer.toString(run));
        Files.createDirectories(runFolder.resolve("7"));
        Files.writeString(runFolder.resolve("report.md"), "# Run report");
        Path outside = paths.logs().resolve("secret.txt");
        Files.createDirectories(outside.getParent());
        Files.writeString(outside, "not for download");
        Files.deleteIfExists(runFolder.resolve("7/link.txt"));
        Files.createSymbolicLink(runFolder.resolve("7/link.txt"), outside.toAbsolutePath());
        Path otherRun = paths.logs().resolve("runs").resolve("999999");
        Files.createDirectories(otherRun);
        Files.writeString(otherRun.resolve("report.md"), "another run");
    }

    long artifact(String path) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into run_artifact (run_id, path, artifact_type, size_bytes, mime_type, created_at)
                values (?, ?, 'report', 1, 'text/markdown', now()) returning id""")) {
            ps.setLong(1, run);
            ps.setString(2, path);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aFileInsideTheRunFolderIsStreamed() throws Exception {
        long id = artifact("runs/" + run + "/report.md");
        as("viewer").get("/api/runs/" + run + "/artifacts/" + id + "/download").then().statusCode(200)
                .header("Content-Disposition", equalTo("attachment; filename=\"report.md\""))
                .body(equalTo("# Run report"));
    }

    @Test
    void pathsThatLeaveTheRunFolderAreRefused() throws Exception {
        for (String path : List.of("runs/" + run + "/../../secret.txt", "/etc/passwd", "../secret.txt", "secret.txt",
                "runs/999999/report.md", "runs/" + run + "/7/link.txt")) {
            long id = artifact(path);
            as("viewer").get("/api/runs/" + run + "/artifacts/" + id + "/download").then().statusCode(404)
                    .contentType("application/problem+json");
        }
    }
}
