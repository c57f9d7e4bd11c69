package io.cyberbrain.rag.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Text to index terms for BM25: Unicode letters/digits runs, lower-cased, accents folded, English possessive
 * "'s" dropped, stopwords removed, Porter-stemmed. The same chain runs on documents and queries, which is all
 * that matching needs.
 *
 * <p>The stopword list is the common English function-word list (close to NLTK's): BM25's idf already damps
 * frequent words, but question words and auxiliaries ("what", "does", "should") carry no topic and only add
 * postings to scan. Numbers are kept (versions, error codes, ports matter in an operations library).
 * Thread-safe: state is per call.
 */
public final class EnglishAnalyzer {

    /** Tokens longer than this are skipped (base64 blobs, hashes) : they never match a query. */
    private static final int MAX_TOKEN_LENGTH = 40;

    public static final Set<String> STOPWORDS = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
            "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
            "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
            "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
            "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "must", "my", "myself", "no",
            "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves",
            "out", "over", "own", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the",
            "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through",
            "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
            "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself",
            "yourselves");

    public List<String> analyze(String text) {
        List<String> terms = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return terms;
        }
        PorterStemmer stemmer = new PorterStemmer();
        String s = fold(text);
        int len = s.length();
        int i = 0;
        StringBuilder tok = new StringBuilder();
        while (i < len) {
            int cp = s.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            tok.setLength(0);
            while (i < len) {
                cp = s.codePointAt(i);
                if (Character.isLetterOrDigit(cp)) {
                    tok.appendCodePoint(Character.toLowerCase(cp));
                    i += Character.charCount(cp);
                } else if ((cp == '\'' || cp == '\u2019') && i + 1 < len && Character.isLetter(s.charAt(i + 1))) {
                    // keep "don't" / "o'brien" together; "'s" is dropped below
                    tok.append('\'');
                    i++;
                } else {
                    break;
                }
            }
            String t = tok.toString();
            if (t.endsWith("'s")) {
                t = t.substring(0, t.length() - 2);
            }
            t = t.replace("'", "");
            if (t.isEmpty() || t.length() > MAX_TOKEN_LENGTH || STOPWORDS.contains(t)) {
                continue;
            }
            terms.add(stemmer.stem(t));
        }
        return terms;
    }

    /** NFKD and drop combining marks: "café" and "cafe" are the same term. */
    private static String fold(String text) {
        boolean ascii = true;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return text;
        }
        String d = Normalizer.normalize(text, Normalizer.Form.NFKD);
        StringBuilder sb = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
