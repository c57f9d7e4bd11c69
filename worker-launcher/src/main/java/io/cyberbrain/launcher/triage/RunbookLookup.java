package io.cyberbrain.launcher.triage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;

import io.cyberbrain.model.rag.RetrievalEvents;
import io.cyberbrain.redaction.Redactor;
import io.cyberbrain.model.rag.RetrievalSource;
import io.cyberbrain.rag.embed.MiniLmEmbedder;
import io.cyberbrain.rag.index.SearchIndex;
import io.cyberbrain.rag.library.LibraryLoader;
import io.cyberbrain.rag.search.HybridSearcher;
import io.cyberbrain.rag.search.SearchHit;

/**
 * Runbook passages for a log triage launched with {@code use_rag}: the run's worst and most frequent templates
 * become queries (their variable parts dropped) against the document library, with the same hybrid search as the
 * API. The worker cannot do this (it has no database), so the launcher does, after the worker reported its
 * templates. Only passages close enough in meaning are kept (the search's relevance floor, rag-core's
 * {@code Relevance}); the report keeps the document, chunk id,
 * scores and a short redacted snippet of each (a sentence, at most {@value #SNIPPET_CHARS} characters), never the whole
 * passage; each query leaves a {@code retrieval_event} with its SHA-256 and the run, never the query.
 *
 * <p>The library is read afresh for each lookup: triage runs are minutes apart and a homelab library is 10^3-10^5
 * chunks, which load in well under a second per 10^4, so a resident index kept current would cost memory all day
 * for nothing. The model is loaded at the first lookup and kept. Blocking: call it from a job's worker thread.
 */
@ApplicationScoped
public class RunbookLookup {

    static final int SNIPPET_CHARS = 200;
    private static final Redactor REDACTOR = Redactor.standard();

    private final LibraryLoader loader;
    // A provider: the model is loaded by the first lookup, on its job's thread, and not at all without one.
    private final Provider<MiniLmEmbedder> embedder;
    private final RetrievalEvents events;
    private final RunbookConfig config;

    public RunbookLookup(LibraryLoader loader, Provider<MiniLmEmbedder> embedder, RetrievalEvents events,
                         RunbookConfig config) {
        this.loader = loader;
        this.embedder = embedder;
        this.events = events;
        this.config = config;
    }

    /** A template to look up: its hash (the report's key for it) and its text with {@code <*>} for variables. */
    public record Template(String hash, String text) {
    }

    /**
     * One passage: where it is, and how well it matched: {@code score} is the search's hybrid score (relative to the
     * other candidates, as the search API returns it), {@code similarity} its relevance: the MiniLM cosine of template and
     * passage.
     */
    public record Passage(long documentId, String documentTitle, long chunkId, int chunkIndex, double score,
                          double similarity, String snippet) {
    }

    /** The passages found for one template (possibly none). */
    public record Match(String templateHash, List<Passage> passages) {
    }

    /**
     * The best passages for each template, in the order given (the first {@link RunbookConfig#templates()}); an
     * empty list when the library is empty.
     */
    public List<Match> lookup(long runId, List<Template> templates) {
        List<Template> wanted = templates.stream().limit(config.templates()).toList();
        if (wanted.isEmpty()) {
            return List.of();
        }
        Library library = load();
        if (library.index().chunkCount() == 0) {
            return List.of();
        }
        HybridSearcher searcher = new HybridSearcher(library.index(), embedder.get());
        List<Match> matches = new ArrayList<>();
        for (Template t : wanted) {
            String query = query(t.text());
            long start = System.nanoTime();
            List<SearchHit> hits = searcher.search(query, config.hits(), null);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            List<Passage> passages = hits.stream().map(h -> new Passage(h.documentId(),
                    library.titles().getOrDefault(h.documentId(), "document " + h.documentId()), h.chunkId(), h.chunkIndex(),
                    h.score(), h.relevance(), snippet(library.texts().get(h.chunkId())))).toList();
            events.record(query, RetrievalSource.TRIAGE, config.hits(), passages.stream().map(Passage::chunkId).toList(),
                    tookMs, runId).await().indefinitely();
            matches.add(new Match(t.hash(), passages));
        }
        return matches;
    }

    /** The template's constant words as a search query: each {@code <*>} that stands for a variable is dropped. */
    static String query(String templateText) {
        String q = templateText == null ? "" : templateText.replace("<*>", " ").replaceAll("\\s+", " ").strip();
        return q.length() > HybridSearcher.MAX_QUERY_CHARS ? q.substring(0, HybridSearcher.MAX_QUERY_CHARS) : q;
    }

    /**
     * The passage's first sentence, or its first {@value #SNIPPET_CHARS} characters cut at a word, redacted: enough to
     * tell whether it is worth opening the document.
     */
    static String snippet(String passage) {
        if (passage == null) {
            return "";
        }
        String flat = passage.replaceAll("\\s+", " ").strip();
        int end = -1;
        for (int i = 0; i < flat.length() - 1 && i < SNIPPET_CHARS; i++) {
            char c = flat.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && flat.charAt(i + 1) == ' ' && i >= 20) {
                end = i + 1;
                break;
            }
        }
        String cut;
        if (end > 0) {
            cut = flat.substring(0, end);
        } else if (flat.length() <= SNIPPET_CHARS) {
            cut = flat;
        } else {
            int space = flat.lastIndexOf(' ', SNIPPET_CHARS - 1);
            cut = flat.substring(0, space > SNIPPET_CHARS / 2 ? space : SNIPPET_CHARS - 1) + "…";
        }
        return REDACTOR.redact(cut);
    }

    private record Library(SearchIndex index, Map<Long, String> titles, Map<Long, String> texts) {
    }

    private Library load() {
        Map<Long, String> texts = new HashMap<>();
        SearchIndex index = LibraryLoader.newIndex();
        loader.all().forEach((documentId, chunks) -> {
            chunks.forEach(c -> texts.put(c.chunkId(), c.text()));
            index.addDocument(documentId, chunks);
        });
        return new Library(index, loader.titles(), texts);
    }

    /**
     * The templates of a triage result to look up: those at warning level or above first (as the report ranks
     * them), then the most frequent, each once; none that is all variables.
     */
    @SuppressWarnings("unchecked")
    public static List<Template> templatesOf(Map<String, Object> triageResult) {
        Set<String> seen = new LinkedHashSet<>();
        List<Template> out = new ArrayList<>();
        for (String list : List.of("top_by_severity", "top_by_count")) {
            if (triageResult != null && triageResult.get(list) instanceof List<?> items) {
                for (Object o : items) {
                    if (o instanceof Map<?, ?> m && m.get("hash") != null && m.get("text") != null
                            && !query(String.valueOf(m.get("text"))).isEmpty() && seen.add(String.valueOf(m.get("hash")))) {
                        out.add(new Template(String.valueOf(m.get("hash")), String.valueOf(m.get("text"))));
                    }
                }
            }
        }
        return out;
    }
}
