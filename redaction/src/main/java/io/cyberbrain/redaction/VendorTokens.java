package io.cyberbrain.redaction;

import static io.cyberbrain.redaction.Chars.TE;
import static io.cyberbrain.redaction.Chars.TS;
import static io.cyberbrain.redaction.TokenRuns.embeddedInBase64;
import static io.cyberbrain.redaction.TokenRuns.isPlaceholderToken;
import static io.cyberbrain.redaction.Validators.bech32Valid;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vendor tokens with a fixed prefix or structure (AWS, GitHub, Slack, Stripe, ...) and webhook URLs.
 */
final class VendorTokens {

    private VendorTokens() {
    }

    /*
     * Vendor token formats with a fixed prefix (or fixed structure). Prefixes are specific enough
     * that no keyword is needed; the body lengths follow the vendors' documentation (and the
     * gitleaks / CredSweeper rule sets). Every match also goes through isPlaceholderToken(), which
     * drops documentation values ("...EXAMPLE", "xxxx", "123456", "abcdef").
     */
    private static final Pattern VENDOR_TOKEN = Pattern.compile(TS + "(?:" + String.join("|",
            // AWS access key id (AKIA long-term, ASIA temporary, other IAM unique-id prefixes)
            "(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}",
            // GitHub classic and fine-grained tokens
            "gh[pousr]_[A-Za-z0-9]{36,255}",
            "github_pat_[A-Za-z0-9_]{50,255}",
            // GitLab personal/deploy/runner/... tokens
            "gl(?:pat|dt|rt|ptt|soat|cbt|imt|ft|agent|oas|ffct)-[A-Za-z0-9_\\-]{20,}",
            // Grafana: cloud access policy, service account, legacy API key (= base64 '{"k":"')
            "glc_[A-Za-z0-9+/_\\-]{32,}={0,2}",
            "glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}",
            "eyJrIjoi[A-Za-z0-9+/]{40,}={0,2}",
            // Slack bot/user/refresh/config tokens and app-level tokens
            "xox[abposre]-[A-Za-z0-9\\-]{10,}",
            "xapp-\\d-[A-Za-z0-9\\-]{10,}",
            // Stripe secret/restricted/publishable keys and webhook secrets
            "(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}",
            "whsec_[A-Za-z0-9]{24,}",
            // Google: API key, OAuth client secret, access token, refresh token
            "AIza[A-Za-z0-9_\\-]{35}",
            "GOCSPX-[A-Za-z0-9_\\-]{28}",
            "ya29\\.[A-Za-z0-9_\\-]{20,}",
            "1//0[A-Za-z0-9_\\-]{40,}",
            // OpenAI / Anthropic / DeepSeek style "sk-" keys
            "sk-(?:proj-|svcacct-|admin-|ant-(?:api|admin)\\d{2}-)?[A-Za-z0-9_\\-]{20,}",
            // LLM / AI platforms: Groq, xAI, Perplexity, Tavily, Hugging Face, Replicate
            "gsk_[A-Za-z0-9]{40,}",
            "xai-[A-Za-z0-9]{40,}",
            "pplx-[A-Za-z0-9]{40,}",
            "tvly-(?:dev-|prod-)?[A-Za-z0-9]{20,}",
            "hf_[A-Za-z]{30,}",
            "r8_[A-Za-z0-9]{30,}",
            // Postman
            "PMAK-[a-f0-9]{24}-[a-f0-9]{34}",
            "PMAT-[A-Z0-9]{26}",
            // New Relic (user/browser/insights/... keys, and license keys ending in NRAL)
            "NR(?:AK|JS|BR|II|IQ|RA|RI|AA|SP)-[A-Za-z0-9_\\-]{10,}",
            "[a-z0-9]{36}NRAL",
            // Heroku, DigitalOcean, Docker Hub, Docker swarm
            "HRKU-[A-Za-z0-9_\\-]{20,}",
            "do[opr]_v1_[a-f0-9]{64}",
            "dckr_(?:pat|oat)_[A-Za-z0-9_\\-]{20,}",
            "SWMTKN-1-[a-z0-9]{40,60}-[a-z0-9]{20,30}",
            "SWMKEY-1-[A-Za-z0-9+/]{40,}",
            // Sentry, Supabase, SonarQube, Linear, PlanetScale, RubyGems, PostHog, Figma
            "sntry[su]_[A-Za-z0-9+/=_\\-]{40,}",
            "sbp_(?:v0_)?[a-f0-9]{40}",
            "sq[uap]_[a-f0-9]{40}",
            "lin_(?:api|oauth)_[A-Za-z0-9]{40}",
            "pscale_(?:pw|tkn|oauth|otkn)_[A-Za-z0-9_.=\\-]{32,}",
            "rubygems_[a-f0-9]{48}",
            "ph[cxsra]_[A-Za-z0-9]{40,}",
            "figd_[A-Za-z0-9_\\-]{40}",
            // Cloudflare, Doppler, Dynatrace, SendGrid
            "cf(?:at|ut|k)_[A-Za-z0-9]{40,}",
            "dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,}",
            "dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}",
            "SG\\.[A-Za-z0-9_\\-]{16,32}\\.[A-Za-z0-9_\\-]{16,64}",
            // Mailgun private key and webhook signing key, Mailchimp (datacenter suffix)
            "key-[a-f0-9]{32}",
            "[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}",
            "[A-Za-z0-9]{32}-us\\d{1,2}",
            // Square
            "sq0(?:atp|csp|idp)-[A-Za-z0-9_\\-]{22,}",
            "EAAA[A-Za-z0-9_\\-]{60}",
            // Telegram bot token: numeric bot id ':' "AA" + 33
            "\\d{8,10}:AA[A-Za-z0-9_\\-]{33}",
            // age secret key (bech32, checksum verified below), NATS nkey seed
            "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
            "S[UNOACSAXP][A-Z2-7]{56}",
            // Atlassian API token, Bitbucket app password, Bitbucket DC HTTP token
            "AT[AC]TT3[A-Za-z0-9_=\\-]{150,}",
            "ATBB[A-Za-z0-9]{28,}",
            "BBDC-[A-Za-z0-9+/=]{40,}",
            // 1Password service account, Brevo, WunderGraph, Defined Networking
            "ops_eyJ[A-Za-z0-9+/=_\\-]{100,}",
            "x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16}",
            "cosmo_[a-f0-9]{32}",
            "dnkey-[A-Z0-9]{26}-[A-Z0-9]{52}",
            // Facebook user/page access token and app token (app id | app secret)
            "EAA[A-Za-z0-9]{30,}",
            "\\d{15,16}\\|[A-Za-z0-9_\\-]{27,}",
            // Tencent WeChat app id
            "wx[a-f0-9]{16}",
            // PayPal Braintree access token
            "access_token\\$(?:production|sandbox)\\$[a-z0-9]{16}\\$[a-f0-9]{32}",
            // Salesforce session/access token (org id '!' token) and connected-app consumer key
            "00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{40,}",
            "3MVG9?[A-Za-z0-9._]{60,}",
            // Microsoft "common annotated security key" (Azure storage, ...): fixed JQQJ9 signature
            "[A-Za-z0-9]{52}JQQJ9[A-Za-z0-9]{20,}={0,2}",
            // Dropbox long-lived (11 chars + 10 x 'A' + 43) and short-lived tokens
            "[A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_=\\-]{43}",
            "sl\\.[A-Za-z0-9_=\\-]{130,}",
            // Twitter/X app-only bearer token
            "AAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{30,}",
            // NTLM authentication message (base64 of "NTLMSSP\0")
            "TlRMTVNTUA[A-Za-z0-9+/]{20,}={0,2}",
            // Shopify, npm, PyPI, HashiCorp Vault, Tailscale, Databricks, Pulumi, Terraform Cloud,
            // Portainer, Twilio API key
            "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}",
            "npm_[A-Za-z0-9]{36}",
            "pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\\-]{50,}",
            "hv[sb]\\.[A-Za-z0-9_\\-]{24,}",
            "tskey-[a-z]{0,8}-?[A-Za-z0-9]{6,}-[A-Za-z0-9]{10,}",
            "dapi[a-f0-9]{32}(?:-\\d)?",
            "pul-[a-f0-9]{40}",
            "[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=\\-]{60,}",
            "ptr_[A-Za-z0-9+/=]{40,}",
            "SK[0-9a-f]{32}",
            // Azure AD client secret ("8Q~" style marker), JFrog API key and reference token
            // (base64 "reftkn:01:"), Airtable PAT, Alibaba access key id, Akamai EdgeGrid tokens
            "[A-Za-z0-9_~.\\-]{3}\\dQ~[A-Za-z0-9_~.\\-]{31,34}",
            "AKCp[A-Za-z0-9]{69}",
            "cmVmdGtuOjAx[A-Za-z0-9]{50,}",
            "pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}",
            "LTAI[A-Za-z0-9]{12,20}",
            "akab-[a-z0-9]{16}-[a-z0-9]{16}",
            // CircleCI, Clojars, Contentful, Buildkite, Sourcegraph, LangSmith, Pinecone, Notion
            "CCIP(?:AT|RJ)_[A-Za-z0-9]{22}_[a-f0-9]{40}",
            "CLOJARS_[a-z0-9]{60}",
            "CFPAT-[A-Za-z0-9_\\-]{43}",
            "bkua_[a-f0-9]{40}",
            "sgp_(?:[a-f0-9]{16}_)?[a-f0-9]{40}",
            "lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}",
            "pcsk_[A-Za-z0-9_]{40,}",
            "ntn_\\d{11}[A-Za-z0-9]{35}",
            // AWS MWS, Instagram, NuGet, GitLab runner registration, Mapbox secret, Cloudflare
            // origin CA key, Scaleway access key
            "amzn\\.mws\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            "IGQVJ[A-Za-z0-9_]{100,}",
            "oy2[a-z0-9]{43}",
            "GR1348941[A-Za-z0-9_\\-]{20}",
            "sk\\.eyJ[A-Za-z0-9_\\-]{20,}\\.[A-Za-z0-9_\\-]{20,}",
            "v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}",
            "SCW[A-Z0-9]{17}",
            // Discord bot token: base64(user id).timestamp.hmac
            "[MNO][A-Za-z0-9_\\-]{23,25}\\.[A-Za-z0-9_\\-]{6}\\.[A-Za-z0-9_\\-]{27,38}") + ")" + TE);

    /*
     * Webhook URLs whose path is the secret; the path is masked. Beyond Slack and Discord, any URL path segment
     * "webhook(s)", "hooks" or "IncomingWebhook" followed by a generated-looking path (Teams, Mattermost, Rocket.Chat,
     * Zapier, self-hosted): at least 6 digits and 6 letters, so "/webhooks/github/push" stays.
     */
    private static final Pattern WEBHOOK = Pattern.compile(
            "(?:hooks\\.slack\\.com/(?:services|workflows|triggers)/|discord(?:app)?\\.com/api/webhooks/"
                    + "|/(?i:webhooks?|hooks|incomingwebhook)/)([A-Za-z0-9/_\\-]{20,512}+)");
    /* Google OAuth client id (project number - 32 chars .apps.googleusercontent.com). */
    private static final Pattern GOOGLE_CLIENT_ID =
            Pattern.compile(TS + "\\d{6,14}-[a-z0-9]{32}\\.apps\\.googleusercontent\\.com");

    static void vendorTokens(Scan s, int a, int b) {
        String t = s.text;
        Matcher m = s.matcher(VENDOR_TOKEN);
        m.region(a, b);
        while (m.find()) {
            int st = m.start();
            int e = m.end();
            if (isPlaceholderToken(t, st, e) || embeddedInBase64(t, st, e)) {
                continue;
            }
            if (t.startsWith("AGE-SECRET-KEY-1", st) && !bech32Valid(t.substring(st, e).toLowerCase(Locale.ROOT))) {
                continue;
            }
            s.add(st, e, EntityClass.API_KEY);
        }
        if (b - a >= 40) {
            m = s.matcher(WEBHOOK);
            m.region(a, b);
            while (m.find()) {
                if (!isPlaceholderToken(t, m.start(1), m.end(1)) && generatedPath(t, m.start(1), m.end(1))) {
                    s.add(m.start(1), m.end(1), EntityClass.API_KEY);
                }
            }
            m = s.matcher(GOOGLE_CLIENT_ID);
            m.region(a, b);
            while (m.find()) {
                s.add(m.start(), m.end(), EntityClass.API_KEY);
            }
        }
    }


    private static boolean generatedPath(String t, int s, int e) {
        int digits = 0;
        int letters = 0;
        for (int i = s; i < e; i++) {
            char ch = t.charAt(i);
            if (ch >= '0' && ch <= '9') {
                digits++;
            } else if (Character.isLetter(ch)) {
                letters++;
            }
        }
        return digits >= 6 && letters >= 6;
    }
}
