package io.cyberbrain.ingester.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of the PDF syntax (ISO 32000 7.2, 7.3) for {@link PdfPreflight} to read dictionaries where it finds
 * them, without PDFBox and without decoding anything: names, numbers, strings, arrays, dictionaries, references.
 * A parse that meets anything else misses, and the preflight tries another header.
 */
final class PdfSyntax {

    /** A name, without its slash and with {@code #xx} escapes decoded. */
    record Name(String value) {
    }

    /** An indirect reference {@code N G R}. */
    record Ref(long number, long generation) {
    }

    /** A value parsed, and where the next token starts. */
    record Parsed(Object value, int end) {
    }

    /** A parse that did not reach a value. */
    static final Object MISS = new Object();
    static final Object NULL = new Object();
    static final Object STRING = new Object();

    private static final int WINDOW = 64 * 1024;
    private static final int MAX_DEPTH = 64;

    private PdfSyntax() {
    }

    static boolean whitespace(int b) {
        return b == 0 || b == 9 || b == 10 || b == 12 || b == 13 || b == 32;
    }

    static boolean delimiter(int b) {
        return b == '(' || b == ')' || b == '<' || b == '>' || b == '[' || b == ']' || b == '{' || b == '}' || b == '/'
                || b == '%';
    }

    static boolean bytesAt(ByteBuffer pdf, int at, String word) {
        if (at < 0 || at + word.length() > pdf.limit()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (pdf.get(at + i) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code word} at {@code at} as a token of its own. */
    static boolean keywordAt(ByteBuffer pdf, int at, String word) {
        if (!bytesAt(pdf, at, word)) {
            return false;
        }
        int before = at == 0 ? ' ' : pdf.get(at - 1);
        int after = at + word.length() >= pdf.limit() ? ' ' : pdf.get(at + word.length());
        return (whitespace(before) || delimiter(before)) && (whitespace(after) || delimiter(after));
    }

    /** The {@code N G} before an {@code obj} keyword, or {-1, -1}. */
    static long[] headerNumbers(ByteBuffer pdf, int obj) {
        int i = obj - 1;
        long[] numbers = {-1, -1};
        for (int k = 1; k >= 0; k--) {
            while (i >= 0 && whitespace(pdf.get(i))) {
                i--;
            }
            int end = i;
            while (i >= 0 && end - i < 10 && pdf.get(i) >= '0' && pdf.get(i) <= '9') {
                i--;
            }
            if (i == end) {
                return new long[] {-1, -1};
            }
            numbers[k] = Long.parseLong(ascii(pdf, i + 1, end + 1));
        }
        return numbers;
    }

    /** The value after the {@code obj} at {@code obj}, read within a window; {@link #MISS} if there is none. */
    static Object valueAfterHeader(ByteBuffer pdf, int obj) {
        Parser parser = new Parser(pdf, obj + 3, (int) Math.min(pdf.limit(), (long) obj + WINDOW));
        try {
            Object value = parser.value(0);
            parser.skipSpace();
            return new Parsed(value, parser.at);
        } catch (Miss miss) {
            return MISS;
        }
    }

    /** Where a stream's data starts: after the end of line that follows its keyword. */
    static int dataStart(ByteBuffer pdf, int afterKeyword) {
        int i = afterKeyword;
        while (i < pdf.limit() && (pdf.get(i) == ' ' || pdf.get(i) == '\t')) {
            i++;
        }
        if (i < pdf.limit() && pdf.get(i) == '\r') {
            i++;
        }
        if (i < pdf.limit() && pdf.get(i) == '\n') {
            i++;
        }
        return i;
    }

    /** The entries of the classic cross-reference table at {@code xref}: every subsection's entries, as they are there. */
    static long xrefTableEntries(ByteBuffer pdf, int xref) {
        Parser parser = new Parser(pdf, xref + 4, pdf.limit());
        long entries = 0;
        try {
            while (true) {
                parser.skipSpace();
                long start = parser.integer();
                parser.skipSpace();
                long count = parser.integer();
                if (start < 0 || count < 0) {
                    return entries;
                }
                for (long e = 0; e < count; e++) {
                    parser.skipSpace();
                    parser.integer();
                    parser.skipSpace();
                    parser.integer();
                    parser.skipSpace();
                    int kind = parser.at < parser.limit ? pdf.get(parser.at) : -1;
                    if (kind != 'n' && kind != 'f') {
                        return entries;
                    }
                    parser.at++;
                    entries++;
                }
            }
        } catch (Miss endOfTable) {
            return entries;
        }
    }

    private static String ascii(ByteBuffer pdf, int from, int to) {
        byte[] bytes = new byte[to - from];
        for (int i = from; i < to; i++) {
            bytes[i - from] = pdf.get(i);
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static final class Miss extends Exception {
        Miss() {
            super(null, null, false, false);
        }
    }

    /** A recursive-descent reader over {@code [at, limit)}; any surprise is a {@link Miss}. */
    private static final class Parser {
        private final ByteBuffer pdf;
        private final int limit;
        int at;

        Parser(ByteBuffer pdf, int at, int limit) {
            this.pdf = pdf;
            this.at = at;
            this.limit = limit;
        }

        private int peek(int offset) {
            return at + offset < limit ? pdf.get(at + offset) & 0xff : -1;
        }

        void skipSpace() {
            while (at < limit) {
                int b = peek(0);
                if (whitespace(b)) {
                    at++;
                } else if (b == '%') {
                    while (at < limit && peek(0) != '\n' && peek(0) != '\r') {
                        at++;
                    }
                } else {
                    return;
                }
            }
        }

        Object value(int depth) throws Miss {
            if (depth > MAX_DEPTH) {
                throw new Miss();
            }
            skipSpace();
            int b = peek(0);
            if (b == '<' && peek(1) == '<') {
                return dictionary(depth);
            }
            if (b == '<') {
                return hexString();
            }
            if (b == '[') {
                return array(depth);
            }
            if (b == '/') {
                return name();
            }
            if (b == '(') {
                return literalString();
            }
            if (b == '+' || b == '-' || b == '.' || (b >= '0' && b <= '9')) {
                return numberOrReference();
            }
            for (String word : List.of("true", "false", "null")) {
                if (keywordAt(pdf, at, word) && at + word.length() <= limit) {
                    at += word.length();
                    return word.equals("null") ? NULL : Boolean.valueOf(word);
                }
            }
            throw new Miss();
        }

        private Map<String, Object> dictionary(int depth) throws Miss {
            at += 2;
            Map<String, Object> map = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                if (peek(0) == '>' && peek(1) == '>') {
                    at += 2;
                    return map;
                }
                if (peek(0) != '/') {
                    throw new Miss();
                }
                String key = name().value();
                map.put(key, value(depth + 1));
            }
        }

        private List<Object> array(int depth) throws Miss {
            at++;
            List<Object> list = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek(0) == ']') {
                    at++;
                    return list;
                }
                if (peek(0) < 0) {
                    throw new Miss();
                }
                list.add(value(depth + 1));
            }
        }

        private Name name() throws Miss {
            at++;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (at < limit && !whitespace(peek(0)) && !delimiter(peek(0))) {
                int b = peek(0);
                if (b == '#' && hex(peek(1)) >= 0 && hex(peek(2)) >= 0) {
                    out.write(hex(peek(1)) * 16 + hex(peek(2)));
                    at += 3;
                } else {
                    out.write(b);
                    at++;
                }
            }
            return new Name(out.toString(StandardCharsets.ISO_8859_1));
        }

        private Object literalString() throws Miss {
            at++;
            int nesting = 1;
            while (at < limit) {
                int b = peek(0);
                at += b == '\\' ? 2 : 1;
                if (b == '(') {
                    nesting++;
                } else if (b == ')' && --nesting == 0) {
                    return STRING;
                }
            }
            throw new Miss();
        }

        private Object hexString() throws Miss {
            at++;
            while (at < limit) {
                int b = peek(0);
                at++;
                if (b == '>') {
                    return STRING;
                }
                if (!whitespace(b) && hex(b) < 0) {
                    throw new Miss();
                }
            }
            throw new Miss();
        }

        /** A number, or {@code N G R} when two integers and an R follow each other. */
        private Object numberOrReference() throws Miss {
            int start = at;
            String first = numberText();
            if (!first.contains(".") && !first.startsWith("+") && !first.startsWith("-")) {
                int afterFirst = at;
                skipSpace();
                if (peek(0) >= '0' && peek(0) <= '9') {
                    String second = numberText();
                    skipSpace();
                    if (!second.contains(".") && peek(0) == 'R' && (at + 1 >= limit || whitespace(peek(1)) || delimiter(peek(1)))) {
                        at++;
                        return new Ref(parseLong(first), parseLong(second));
                    }
                }
                at = afterFirst;
            }
            try {
                return first.contains(".") ? (Object) Double.valueOf(first) : (Object) parseLong(first);
            } catch (NumberFormatException e) {
                at = start;
                throw new Miss();
            }
        }

        long integer() throws Miss {
            int b = peek(0);
            if (b < '0' || b > '9') {
                throw new Miss();
            }
            return parseLong(numberText());
        }

        private String numberText() throws Miss {
            int start = at;
            while (at < limit && at - start < 32) {
                int b = peek(0);
                if ((b >= '0' && b <= '9') || b == '.' || ((b == '+' || b == '-') && at == start)) {
                    at++;
                } else {
                    break;
                }
            }
            if (at == start) {
                throw new Miss();
            }
            return ascii(pdf, start, at);
        }

        private static long parseLong(String text) throws Miss {
            try {
                return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
            } catch (NumberFormatException e) {
                throw new Miss();
            }
        }

        private static int hex(int b) {
            return b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
        }
    }
}
