package io.cyberbrain.rag.index;

/** Bounded min-heap of (int id, float score) on primitive arrays: the k best without boxing. */
final class TopK {

    private final int[] ids;
    private final float[] scores;
    private int size;

    TopK(int k) {
        ids = new int[Math.max(k, 1)];
        scores = new float[Math.max(k, 1)];
    }

    /** Cheap pre-check for the scan loop: would this score enter the heap? */
    boolean accepts(float score) {
        return size < ids.length || score > scores[0];
    }

    void offer(int id, float score) {
        if (size < ids.length) {
            int i = size++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (scores[p] <= score) {
                    break;
                }
                ids[i] = ids[p];
                scores[i] = scores[p];
                i = p;
            }
            ids[i] = id;
            scores[i] = score;
        } else if (score > scores[0]) {
            int i = 0;
            int n = size;
            while (true) {
                int l = 2 * i + 1;
                if (l >= n) {
                    break;
                }
                int c = l + 1 < n && scores[l + 1] < scores[l] ? l + 1 : l;
                if (scores[c] >= score) {
                    break;
                }
                ids[i] = ids[c];
                scores[i] = scores[c];
                i = c;
            }
            ids[i] = id;
            scores[i] = score;
        }
    }

    /** Offers every entry of this heap to {@code other} (merging the partial results of a split scan). */
    void mergeInto(TopK other) {
        for (int i = 0; i < size; i++) {
            other.offer(ids[i], scores[i]);
        }
    }

    /** Ids by descending score (ties by ascending id, for reproducible results); empties the heap. */
    int[] drainDescending() {
        int n = size;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            int c = Float.compare(scores[b], scores[a]);
            return c != 0 ? c : Integer.compare(ids[a], ids[b]);
        });
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = ids[order[i]];
        }
        size = 0;
        return out;
    }
}
