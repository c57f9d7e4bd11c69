package io.cyberbrain.worker.task.triage.mine;

import java.util.Arrays;

/**
 * The miner's two caches, both direct-mapped (a colliding entry replaces the slot's), so their size is bounded:
 * masked tokens by their chars, and glob results of a template token against a message token by instance
 * (templates and cached masked tokens are long-lived instances). They change no result: they are keyed by the
 * exact chars and string instances. Not thread-safe, like the miner that owns them.
 */
final class MaskCaches {

    /** Slots of the cache of masked tokens. */
    private static final int TOKEN_SLOTS = 1 << 14;
    /** Slots of the cache of glob results. */
    private static final int GLOB_SLOTS = 1 << 12;
    /** Longer tokens are masked without the cache. */
    private static final int TOKEN_MAX_CHARS = 64;

    private final char[][] tokenKey = new char[TOKEN_SLOTS][];
    private final String[] tokenValue = new String[TOKEN_SLOTS];
    private final int[] tokenHash = new int[TOKEN_SLOTS];
    private final boolean[] tokenDate = new boolean[TOKEN_SLOTS];
    private boolean lastDate;

    private final String[] globPattern = new String[GLOB_SLOTS];
    private final String[] globText = new String[GLOB_SLOTS];
    private final boolean[] globResult = new boolean[GLOB_SLOTS];

    /**
     * The masked form of the token {@code b[s, e)} (the chars of {@code m} from {@code s} to {@code e}, hash {@code h}),
     * with the variable marker as its one instance; {@link #lastWasDateWord()} then tells whether it is a weekday or
     * month name.
     */
    String mask(String m, char[] b, int s, int e, int h) {
        int len = e - s;
        if (len > TOKEN_MAX_CHARS) {
            String v = TemplateTokens.canonical(Masker.maskToken(m.substring(s, e)));
            lastDate = TemplateTokens.isDateWord(v);
            return v;
        }
        int slot = (h ^ (h >>> 14)) & (TOKEN_SLOTS - 1);
        char[] key = tokenKey[slot];
        if (key != null && tokenHash[slot] == h && key.length == len && sameChars(key, b, s)) {
            lastDate = tokenDate[slot];
            return tokenValue[slot];
        }
        String v = TemplateTokens.canonical(Masker.maskToken(m.substring(s, e)));
        boolean date = TemplateTokens.isDateWord(v);
        tokenKey[slot] = Arrays.copyOfRange(b, s, e);
        tokenValue[slot] = v;
        tokenHash[slot] = h;
        tokenDate[slot] = date;
        lastDate = date;
        return v;
    }

    boolean lastWasDateWord() {
        return lastDate;
    }

    /** {@link TemplateTokens#glob}, cached. */
    boolean glob(String pattern, String s) {
        int slot = (pattern.hashCode() * 31 + s.hashCode()) & (GLOB_SLOTS - 1);
        if (globPattern[slot] == pattern && globText[slot] == s) {
            return globResult[slot];
        }
        boolean r = TemplateTokens.glob(pattern, s);
        globPattern[slot] = pattern;
        globText[slot] = s;
        globResult[slot] = r;
        return r;
    }

    private static boolean sameChars(char[] key, char[] b, int s) {
        for (int k = 0; k < key.length; k++) {
            if (key[k] != b[s + k]) {
                return false;
            }
        }
        return true;
    }
}
