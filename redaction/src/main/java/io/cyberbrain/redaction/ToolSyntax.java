package io.cyberbrain.redaction;

import static io.cyberbrain.redaction.KeyNames.classifyKey;
import static io.cyberbrain.redaction.Values.acceptPassword;
import static io.cyberbrain.redaction.Values.acceptSecret;
import static io.cyberbrain.redaction.Values.parseValue;

import io.cyberbrain.redaction.KeyNames.KeyKind;
import io.cyberbrain.redaction.Values.Val;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passwords in the documented syntax of well-known tools, where no key names them: short options whose meaning
 * depends on the command ({@code mysql -pX}, {@code sshpass -p X}, {@code docker login -p X}, {@code redis-cli -a X},
 * {@code ldapsearch -w X}, {@code smbclient -U user%X}, {@code htpasswd -b file user X}, {@code net use \\h\s X},
 * Impacket's {@code domain/user:X@host}), a password piped into {@code --password-stdin}, {@code .netrc} entries
 * ({@code machine h login u password X}), Dockerfile's legacy {@code ENV KEY value}, SASL PLAIN responses
 * ({@code AUTH PLAIN base64(authzid NUL user NUL password)}, RFC 4616), PsExec's {@code -u user -p X} and the
 * password argument of .NET's {@code NetworkCredential} and Java's {@code PasswordAuthentication}.
 *
 * <p>The same letters mean other things elsewhere ({@code -p 8080} is a port, {@code -a} "all"), so an option is only
 * read after its own command word, within the same command (up to a newline, '|', ';' or '&amp;').
 */
final class ToolSyntax {

    private ToolSyntax() {
    }

    private enum Tool { MYSQL, SSHPASS, REGISTRY_LOGIN, REDIS, LDAP, SMB, IMPACKET, HTPASSWD, NET, PSEXEC }

    private static final Map<String, Tool> TOOLS = Map.ofEntries(
            Map.entry("mysql", Tool.MYSQL), Map.entry("mysqldump", Tool.MYSQL), Map.entry("mysqladmin", Tool.MYSQL),
            Map.entry("mysqlimport", Tool.MYSQL), Map.entry("mysqlcheck", Tool.MYSQL), Map.entry("mysqlshow", Tool.MYSQL),
            Map.entry("mariadb", Tool.MYSQL), Map.entry("mariadb-dump", Tool.MYSQL),
            Map.entry("sshpass", Tool.SSHPASS),
            Map.entry("docker", Tool.REGISTRY_LOGIN), Map.entry("podman", Tool.REGISTRY_LOGIN),
            Map.entry("nerdctl", Tool.REGISTRY_LOGIN), Map.entry("buildah", Tool.REGISTRY_LOGIN),
            Map.entry("skopeo", Tool.REGISTRY_LOGIN), Map.entry("helm", Tool.REGISTRY_LOGIN),
            Map.entry("oras", Tool.REGISTRY_LOGIN),
            Map.entry("redis-cli", Tool.REDIS),
            Map.entry("ldapsearch", Tool.LDAP), Map.entry("ldapadd", Tool.LDAP), Map.entry("ldapmodify", Tool.LDAP),
            Map.entry("ldapdelete", Tool.LDAP), Map.entry("ldapwhoami", Tool.LDAP), Map.entry("ldappasswd", Tool.LDAP),
            Map.entry("ldapcompare", Tool.LDAP), Map.entry("ldapmodrdn", Tool.LDAP),
            Map.entry("smbclient", Tool.SMB), Map.entry("rpcclient", Tool.SMB), Map.entry("smbcacls", Tool.SMB),
            Map.entry("smbget", Tool.SMB), Map.entry("smbmap", Tool.SMB),
            Map.entry("psexec.py", Tool.IMPACKET), Map.entry("smbexec.py", Tool.IMPACKET),
            Map.entry("wmiexec.py", Tool.IMPACKET), Map.entry("atexec.py", Tool.IMPACKET),
            Map.entry("dcomexec.py", Tool.IMPACKET), Map.entry("secretsdump.py", Tool.IMPACKET),
            Map.entry("getuserspns.py", Tool.IMPACKET), Map.entry("getnpusers.py", Tool.IMPACKET),
            Map.entry("gettgt.py", Tool.IMPACKET), Map.entry("mssqlclient.py", Tool.IMPACKET),
            Map.entry("smbclient.py", Tool.IMPACKET),
            Map.entry("htpasswd", Tool.HTPASSWD),
            Map.entry("net", Tool.NET),
            Map.entry("psexec", Tool.PSEXEC), Map.entry("psexec64", Tool.PSEXEC), Map.entry("paexec", Tool.PSEXEC));

    static void toolSyntax(Scan s) {
        String lower = s.lower();
        // every rule below needs an option dash, a UNC path or an '@' (Impacket targets)
        boolean commands = lower.indexOf('-') >= 0 || lower.indexOf('\\') >= 0 || lower.indexOf('@') >= 0;
        for (Map.Entry<String, Tool> e : commands ? TOOLS.entrySet() : Map.<String, Tool>of().entrySet()) {
            String name = e.getKey();
            for (int i = lower.indexOf(name); i >= 0; i = lower.indexOf(name, i + name.length())) {
                if (isCommandWord(s.text, i, i + name.length())) {
                    command(s, e.getValue(), segment(s.text, i + name.length()));
                }
            }
        }
        if (lower.contains("password")) {
            netrc(s, lower);
            if (lower.contains("--password-stdin")) {
                passwordStdin(s, lower);
            }
        }
        if (lower.contains("env ")) {
            dockerfileEnv(s);
        }
        if (lower.contains("plain")) {
            saslPlain(s);
        }
        if (lower.contains("credential(") || lower.contains("passwordauthentication(")) {
            credentialConstructors(s);
        }
    }

    /*
     * The user name and password arguments of the platforms' credential types: .NET
     * {@code new NetworkCredential("user", "pw"[, "domain"])}, Java {@code new PasswordAuthentication("user", "pw".toCharArray())}.
     */
    private static final Pattern CREDENTIAL_CONSTRUCTOR = Pattern.compile(
            "(?:NetworkCredential|PasswordAuthentication)[ \\t]*\\([ \\t]*\"[^\"\\n]{0,128}\"[ \\t]*,[ \\t]*\"([^\"\\n]{1,128})\"");

    private static void credentialConstructors(Scan s) {
        Matcher m = s.matcher(CREDENTIAL_CONSTRUCTOR);
        m.region(0, s.n);
        while (m.find()) {
            addPassword(s, m.start(1), m.end(1), true);
        }
    }

    // ----- commands --------------------------------------------------------------------------

    /** A word of the command line: its span and the span of its value without the quotes. */
    private record Word(int start, int end, int vStart, int vEnd) {
        boolean quoted() {
            return vStart > start;
        }
    }

    private static boolean isCommandWord(String t, int s, int e) {
        char before = s == 0 ? ' ' : t.charAt(s - 1);
        if (!(Character.isWhitespace(before) || "/\\'\"`(|;&$".indexOf(before) >= 0)) {
            return false;
        }
        if (e < t.length() && t.startsWith(".exe", e)) {
            e += 4;
        }
        return e < t.length() && (t.charAt(e) == ' ' || t.charAt(e) == '\t');
    }

    /** The words after the command word, up to the end of the command. */
    private static List<Word> segment(String t, int from) {
        List<Word> words = new ArrayList<>();
        int n = Math.min(t.length(), from + 1024);
        int i = from;
        while (i < n) {
            char ch = t.charAt(i);
            if (ch == '\n' || ch == '\r' || ch == '|' || ch == ';' || ch == '&') {
                break;
            }
            if (ch == ' ' || ch == '\t' || ch == '\\' && i + 1 < n && t.charAt(i + 1) == '\n') {
                i++;
                continue;
            }
            int st = i;
            if (ch == '\'' || ch == '"') {
                int close = t.indexOf(ch, i + 1);
                if (close < 0 || close >= n || t.indexOf('\n', i) >= 0 && t.indexOf('\n', i) < close) {
                    break;
                }
                words.add(new Word(st, close + 1, st + 1, close));
                i = close + 1;
                continue;
            }
            while (i < n && !Character.isWhitespace(t.charAt(i)) && "|;&".indexOf(t.charAt(i)) < 0) {
                char q = t.charAt(i);
                int close = q == '\'' || q == '"' ? t.indexOf(q, i + 1) : -1;
                int eol = t.indexOf('\n', i);
                i = close > i && close < n && (eol < 0 || close < eol) ? close + 1 : i + 1; // -p'two words'
            }
            words.add(new Word(st, i, st, i));
        }
        return words;
    }

    private static void command(Scan s, Tool tool, List<Word> w) {
        String t = s.text;
        switch (tool) {
            case MYSQL -> attachedOrNext(s, w, "-p", true, false);
            case SSHPASS -> attachedOrNext(s, w, "-p", true, true);
            case REGISTRY_LOGIN -> {
                int login = indexOfWord(t, w, "login");
                if (login >= 0) {
                    attachedOrNext(s, w.subList(login + 1, w.size()), "-p", false, true);
                }
            }
            case REDIS -> attachedOrNext(s, w, "-a", false, true);
            case LDAP -> attachedOrNext(s, w, "-w", false, true);
            case SMB -> {
                for (int k = 0; k < w.size(); k++) {
                    String word = text(t, w.get(k));
                    Word user = word.equals("-U") && k + 1 < w.size() ? w.get(k + 1)
                            : word.startsWith("--user=") ? w.get(k) : null;
                    if (user != null) {
                        int pct = t.indexOf('%', user.vStart());
                        if (pct >= 0 && pct < user.vEnd()) {
                            addPassword(s, pct + 1, user.vEnd(), user.quoted());
                        }
                    }
                }
            }
            case IMPACKET -> {
                for (Word word : w) {
                    Matcher m = s.matcher(IMPACKET_TARGET);
                    m.region(word.vStart(), word.vEnd());
                    if (m.matches()) {
                        addPassword(s, m.start(1), m.end(1), true);
                    }
                }
            }
            case HTPASSWD -> htpasswd(s, w);
            case NET -> netUse(s, w);
            case PSEXEC -> attachedOrNext(s, w, "-p", false, true);
            default -> { }
        }
    }

    /* [domain/]user:password@target (the target: a host or address, no path). */
    private static final Pattern IMPACKET_TARGET = Pattern.compile("(?:[^/\\s:@]{1,64}/)?[^/\\s:@]{1,64}:([^\\s@]{1,128})@[A-Za-z0-9.\\-]{1,253}");

    /** {@code -pVALUE} (when attached values are allowed) or {@code -p VALUE} (when separate ones are). */
    private static void attachedOrNext(Scan s, List<Word> w, String flag, boolean attached, boolean separate) {
        String t = s.text;
        for (int k = 0; k < w.size(); k++) {
            Word word = w.get(k);
            if (word.quoted() || !t.startsWith(flag, word.start())) {
                continue;
            }
            int len = word.end() - word.start();
            if (len > 2 && attached) {
                int vs = word.start() + 2;
                boolean quoted = len > 4 && (t.charAt(vs) == '\'' || t.charAt(vs) == '"') && t.charAt(word.end() - 1) == t.charAt(vs);
                addPassword(s, quoted ? vs + 1 : vs, quoted ? word.end() - 1 : word.end(), quoted);
            } else if (len == 2 && separate && k + 1 < w.size()) {
                Word v = w.get(k + 1);
                if (v.quoted() || t.charAt(v.start()) != '-') {
                    addPassword(s, v.vStart(), v.vEnd(), v.quoted());
                }
            }
        }
    }

    /** htpasswd -b[c|n|B|m|...] [file] user password: the last of two (-n) or three operands. */
    private static void htpasswd(Scan s, List<Word> w) {
        String t = s.text;
        boolean batch = false;
        boolean noFile = false;
        List<Word> operands = new ArrayList<>();
        for (Word word : w) {
            String x = text(t, word);
            if (!word.quoted() && x.startsWith("-") && operands.isEmpty()) {
                batch |= x.indexOf('b') > 0;
                noFile |= x.indexOf('n') > 0;
            } else {
                operands.add(word);
            }
        }
        int need = noFile ? 2 : 3;
        if (batch && operands.size() >= need) {
            Word pw = operands.get(need - 1);
            addPassword(s, pw.vStart(), pw.vEnd(), pw.quoted());
        }
    }

    /** net use [device|*] \\host\share [password|*] [/user:...]: the operand after the share. */
    private static void netUse(Scan s, List<Word> w) {
        String t = s.text;
        if (w.isEmpty() || !text(t, w.get(0)).equalsIgnoreCase("use")) {
            return;
        }
        for (int k = 1; k + 1 < w.size(); k++) {
            if (text(t, w.get(k)).startsWith("\\\\")) {
                Word pw = w.get(k + 1);
                String x = text(t, pw);
                if (!x.startsWith("/") && !x.equals("*")) {
                    addPassword(s, pw.vStart(), pw.vEnd(), pw.quoted());
                }
                return;
            }
        }
    }

    private static int indexOfWord(String t, List<Word> w, String word) {
        for (int k = 0; k < w.size(); k++) {
            if (text(t, w.get(k)).equals(word)) {
                return k;
            }
        }
        return -1;
    }

    private static String text(String t, Word w) {
        return t.substring(w.vStart(), w.vEnd());
    }

    private static void addPassword(Scan s, int st, int e, boolean quoted) {
        if (e > st && acceptPassword(s.text.substring(st, e), quoted)) {
            s.add(st, e, EntityClass.PASSWORD);
        }
    }

    // ----- files and protocols ---------------------------------------------------------------

    /* .netrc: machine NAME [login U] [account A] [port P] password X, or "default" instead of machine NAME. */
    private static final Pattern NETRC = Pattern.compile(
            "(?:machine[ \\t\\r\\n]+\\S{1,253}+|default)(?:[ \\t\\r\\n]+(?:login|account|port)[ \\t\\r\\n]+\\S{1,256}+){0,3}"
                    + "[ \\t\\r\\n]+password[ \\t\\r\\n]+(\\S{1,256}+)");

    private static void netrc(Scan s, String lower) {
        for (String h : new String[] {"machine", "default"}) {
            for (int i = lower.indexOf(h); i >= 0; i = lower.indexOf(h, i + h.length())) {
                if (i > 0 && Character.isLetterOrDigit(s.text.charAt(i - 1))) {
                    continue;
                }
                Matcher m = s.matcher(NETRC);
                m.region(i, Math.min(s.n, i + 1100));
                if (m.lookingAt()) {
                    addPassword(s, m.start(1), m.end(1), false);
                }
            }
        }
    }

    /* echo X | docker login --password-stdin: the echoed word. */
    private static final Pattern ECHOED = Pattern.compile(
            "(?:^|[\\s;&(])(?:echo|printf)(?:[ \\t]+-[neE]{1,3})*[ \\t]+"
                    + "(?:\"([^\"\\n]{1,256})\"|'([^'\\n]{1,256})'|([^\\s|;&'\"]{1,256}))[ \\t]*(?=\\|)");

    private static void passwordStdin(Scan s, String lower) {
        String t = s.text;
        for (int i = lower.indexOf("--password-stdin"); i >= 0; i = lower.indexOf("--password-stdin", i + 1)) {
            int ls = t.lastIndexOf('\n', i) + 1;
            int pipe = t.lastIndexOf('|', i);
            if (pipe < ls) {
                continue;
            }
            Matcher m = s.matcher(ECHOED);
            m.region(Math.max(ls, pipe - 300), pipe + 1);
            if (m.find()) {
                int g = m.group(1) != null ? 1 : m.group(2) != null ? 2 : 3;
                addPassword(s, m.start(g), m.end(g), g < 3);
            }
        }
    }

    /* Dockerfile ENV in its legacy form, key and value separated by blanks. */
    private static final Pattern ENV_LEGACY =
            Pattern.compile("(?im)^[ \\t]*ENV[ \\t]+([A-Za-z_][A-Za-z0-9_.\\-]{0,63})[ \\t]+(?=[^\\s=])");

    private static void dockerfileEnv(Scan s) {
        Matcher m = s.matcher(ENV_LEGACY);
        m.region(0, s.n);
        while (m.find()) {
            KeyKind kind = classifyKey(m.group(1));
            Val v = kind == KeyKind.NONE ? null : parseValue(s.text, m.end());
            if (v == null) {
                continue;
            }
            String value = s.text.substring(v.start(), v.end());
            if (kind == KeyKind.PASSWORD ? acceptPassword(value, v.quoted()) : acceptSecret(value, v.quoted())) {
                s.add(v.start(), v.end(), kind == KeyKind.PASSWORD ? EntityClass.PASSWORD : EntityClass.API_KEY);
            }
        }
    }

    /* SMTP/IMAP/POP3 AUTH PLAIN with the initial response on the same line. */
    private static final Pattern SASL_PLAIN =
            Pattern.compile("(?i)(?<![A-Za-z])AUTH(?:ENTICATE)?[ \\t]+PLAIN[ \\t]+([A-Za-z0-9+/]{8,684}={0,2})(?![A-Za-z0-9+/=])");

    private static void saslPlain(Scan s) {
        Matcher m = s.matcher(SASL_PLAIN);
        m.region(0, s.n);
        while (m.find()) {
            byte[] d;
            try {
                d = Base64.getDecoder().decode(m.group(1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            int nul = -1;
            for (int k = d.length - 1; k >= 0 && nul < 0; k--) {
                nul = d[k] == 0 ? k : -1;
            }
            if (nul > 0 && nul < d.length - 1) {
                s.add(m.start(1), m.end(1), EntityClass.PASSWORD);
            }
        }
    }
}
