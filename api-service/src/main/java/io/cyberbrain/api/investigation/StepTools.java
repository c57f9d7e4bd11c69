package io.cyberbrain.api.investigation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cyberbrain.api.rag.RagViews.SearchHitView;
import io.cyberbrain.api.rag.RagViews.SearchInput;
import io.cyberbrain.api.rag.RagViews.SearchResult;
import io.cyberbrain.api.rag.SearchService;
import io.cyberbrain.model.directive.DirectiveType;
import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.investigation.InvestigationTool;
import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.rag.RetrievalSource;
import io.cyberbrain.model.run.DirectiveSnapshot;
import io.cyberbrain.model.run.LaunchRequest;
import io.cyberbrain.model.run.LaunchedRun;
import io.cyberbrain.model.run.RunLaunchService;
import io.cyberbrain.model.run.RunStatus;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Runs one step's tool. Task tools go through the one launch path ({@link RunLaunchService}) with the
 * investigation's directive, so the directive's and the tasks' rules apply: what the launch path refuses is a
 * forbidden step, with its reason. The directive may also list the tools an investigation under it may use
 * ({@code task_config.investigation.tools}). Blocking: engine threads.
 */
@ApplicationScoped
public class StepTools {

    private static final Logger LOG = Logger.getLogger(StepTools.class);
    static final String DIRECTIVE_SECTION = "investigation";

    /** What came of a step. */
    sealed interface Result permits Launched, Refused, Done {
    }

    /** A run was launched; the step waits for it (awaiting an admin when the directive says so). */
    record Launched(long runId, boolean awaitingApproval) implements Result {
    }

    /** The directive or the launch path refused the tool. */
    record Refused(String reason) implements Result {
    }

    /** A tool that answers at once: what it found, one line about it, whether it failed. */
    record Done(Map<String, Object> outcome, String note, boolean failed) implements Result {
    }

    private final RunLaunchService launcher;
    private final SearchService search;
    private final Evidence evidence;
    private final InvestigationConfig config;

    public StepTools(RunLaunchService launcher, SearchService search, Evidence evidence, InvestigationConfig config) {
        this.launcher = launcher;
        this.search = search;
        this.evidence = evidence;
        this.config = config;
    }

    Result run(InvestigationState state, PlannedStep step) {
        String forbidden = forbiddenByDirective(state.directive(), step.tool());
        if (forbidden != null) {
            return new Refused(forbidden);
        }
        try {
            switch (step.tool()) {
                case LOG_TRIAGE, GPU_REPORT, SERVICE_MAP:
                    return launch(state, step);
                case LIBRARY_SEARCH:
                    return librarySearch(state, step);
                case COMPARE_LAST_SUCCESS:
                    return compare(state, step);
                case GPU_HISTORY:
                    return gpuHistory(step);
                default:
                    throw new IllegalArgumentException("not a tool");
            }
        } catch (CyberbrainException refused) {
            return new Refused(reason(refused));
        }
    }

    /** The directive's own list of tools, when it has one: anything else is forbidden. */
    static String forbiddenByDirective(DirectiveSnapshot directive, InvestigationTool tool) {
        Object section = directive.config() == null ? null : directive.config().get(DIRECTIVE_SECTION);
        if (section instanceof Map<?, ?> m && m.get("tools") instanceof List<?> tools
                && tools.stream().noneMatch(t -> tool.wire().equals(t))) {
            return "directive " + directive.label() + " allows only the tools "
                    + tools.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        return null;
    }

    private Result launch(InvestigationState state, PlannedStep step) {
        TaskKey task = step.tool().task().orElseThrow();
        DirectiveSnapshot d = state.directive();
        boolean custom = DirectiveType.CUSTOM.wire().equals(d.type());
        @SuppressWarnings("unchecked")
        List<String> files = (List<String>) step.arguments().get("files");
        @SuppressWarnings("unchecked")
        List<String> containers = (List<String>) step.arguments().get("containers");
        LaunchRequest.LogScopeInput scope = files == null && containers == null ? null
                : new LaunchRequest.LogScopeInput(files, containers);
        LaunchRequest request = new LaunchRequest(List.of(task.wire()), custom ? null : d.directiveId(),
                custom ? d.text() : null, false, (String) step.arguments().get("scope"), state.origin().runTrigger(),
                "investigation " + state.id(), null, scope);
        LaunchedRun launched = await(() -> launcher.launch(request));
        return new Launched(launched.run().id, launched.run().status == RunStatus.AWAITING_APPROVAL);
    }

    /** The query: the rules' own, else the text of the template the model named, else the goal. */
    private Result librarySearch(InvestigationState state, PlannedStep step) {
        String query = (String) step.arguments().get("query");
        if (query == null && step.arguments().get("template") instanceof String hash) {
            query = evidence.templateText(hash).orElse(null);
        }
        if (query == null) {
            query = state.goal().length() <= ToolCatalog.MAX_QUERY ? state.goal() : state.goal().substring(0, ToolCatalog.MAX_QUERY);
        }
        String q = query;
        SearchResult result;
        try {
            result = await(() -> search.search(new SearchInput(q, config.libraryHits(), null),
                    RetrievalSource.INVESTIGATION, null));
        } catch (CyberbrainException e) {
            throw e;
        } catch (RuntimeException e) {
            // the query is never logged (it may hold what the goal said); the failure's type is
            LOG.warnf("library search of a step failed: %s", e.getClass().getSimpleName());
            return new Done(Map.of("passages", List.of()), "the library search failed (" + e.getClass().getSimpleName() + ")",
                    true);
        }
        List<Map<String, Object>> passages = new ArrayList<>();
        for (SearchHitView h : result.hits()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("document_id", h.documentId());
            p.put("title", h.documentTitle());
            p.put("chunk_id", h.chunkId());
            p.put("relevance", Math.round(h.relevance() * 1000) / 1000.0);
            passages.add(p);
        }
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("passages", passages);
        outcome.put("no_relevant_passage", result.noRelevantPassage());
        return new Done(outcome, passages.isEmpty() ? "no relevant passage in the library"
                : passages.size() + " passage(s), best: " + passages.get(0).get("title"), false);
    }

    private Result compare(InvestigationState state, PlannedStep step) {
        TaskKey task = io.cyberbrain.model.support.WireEnum.parse(TaskKey.class, (String) step.arguments().get("task"))
                .orElse(TaskKey.LOG_TRIAGE);
        Long ownRun = state.steps().stream().filter(s -> s.tool().task().orElse(null) == task && s.runId() != null)
                .map(InvestigationState.Step::runId).reduce((a, b) -> b).orElse(null);
        Map<String, Object> outcome = evidence.compareWithLastSuccess(task, ownRun);
        boolean compared = Boolean.TRUE.equals(outcome.get("compared"));
        String note = compared ? ((Map<?, ?>) outcome.get("changes")).size() + " figure(s) changed since run "
                + outcome.get("baseline_run_id") : String.valueOf(outcome.get("reason"));
        return new Done(outcome, note, false);
    }

    private Result gpuHistory(PlannedStep step) {
        int hours = step.arguments().get("hours") instanceof Number n ? n.intValue() : config.gpuHistoryHours();
        Map<String, Object> outcome = evidence.gpuHistory(hours);
        int gpus = ((List<?>) outcome.get("gpus")).size();
        return new Done(outcome, gpus == 0 ? "no GPU samples in the last " + hours + " h"
                : gpus + " GPU(s) sampled in the last " + hours + " h", false);
    }

    static String reason(CyberbrainException e) {
        if (e instanceof InvalidRequestException invalid && !invalid.fieldErrors().isEmpty()) {
            return invalid.fieldErrors().stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        }
        return e.getMessage();
    }

    /** Runs a reactive call on a Vert.x context (Hibernate Reactive needs one) and waits for it on this thread. */
    static <T> T await(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
