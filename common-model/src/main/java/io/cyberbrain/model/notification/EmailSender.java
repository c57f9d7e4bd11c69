package io.cyberbrain.model.notification;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends a plain-text mail over SMTP with Jakarta Mail. {@code starttls} (the default) insists on the
 * upgrade rather than falling back to plain text, so a password never crosses the network in the clear
 * when the operator asked for TLS; server certificates and host names are checked for both TLS modes.
 * The server's address is checked by the {@link EgressPolicy} and connected to as checked.
 */
@ApplicationScoped
public class EmailSender implements NotificationSender {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration IO_TIMEOUT = Duration.ofSeconds(30);

    private final EgressPolicy egress;

    public EmailSender(EgressPolicy egress) {
        this.egress = egress;
    }

    @Override
    public NotificationKind kind() {
        return NotificationKind.EMAIL;
    }

    @Override
    public DeliveryResult send(Map<String, Object> settings, NoticeMessage message) {
        String host = (String) settings.get(TargetConfig.SMTP_HOST);
        String security = TargetConfig.string(settings, TargetConfig.SMTP_SECURITY, "starttls");
        int port = settings.get(TargetConfig.SMTP_PORT) instanceof Integer p ? p : defaultPort(security);
        String user = TargetConfig.string(settings, TargetConfig.SMTP_USERNAME, null);
        String password = TargetConfig.string(settings, TargetConfig.SMTP_PASSWORD, null);
        String server = "SMTP server " + host + ":" + port;
        InetAddress address;
        try {
            address = egress.resolve(host);
        } catch (EgressRefusedException e) {
            return DeliveryResult.permanent(e.getMessage());
        } catch (UnknownHostException e) {
            return DeliveryResult.retryable("could not reach " + server + ": the name does not resolve");
        }
        Properties properties = properties(host, port, security, user != null);
        // Connect to the address the policy checked; no fallback to a socket that would resolve the name again.
        properties.put("mail.smtp.socketFactory", new PinnedSocketFactory(address));
        properties.put("mail.smtp.socketFactory.fallback", "false");
        Session session = Session.getInstance(properties);
        try (Transport transport = session.getTransport("smtp")) {
            MimeMessage mail = mail(session, settings, message);
            transport.connect(host, port, user, password);
            transport.sendMessage(mail, mail.getAllRecipients());
            return DeliveryResult.sent();
        } catch (AuthenticationFailedException e) {
            return DeliveryResult.permanent(server + " refused the login: " + text(e));
        } catch (MessagingException e) {
            return classify(server, e);
        }
    }

    static int defaultPort(String security) {
        return switch (security) {
            case "ssl" -> 465;
            case "none" -> 25;
            default -> 587;
        };
    }

    static Properties properties(String host, int port, String security, boolean auth) {
        Properties p = new Properties();
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.auth", Boolean.toString(auth));
        p.put("mail.smtp.connectiontimeout", Long.toString(CONNECT_TIMEOUT.toMillis()));
        p.put("mail.smtp.timeout", Long.toString(IO_TIMEOUT.toMillis()));
        p.put("mail.smtp.writetimeout", Long.toString(IO_TIMEOUT.toMillis()));
        if (security.equals("ssl")) {
            p.put("mail.smtp.ssl.enable", "true");
        } else if (security.equals("starttls")) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (!security.equals("none")) {
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        return p;
    }

    static MimeMessage mail(Session session, Map<String, Object> settings, NoticeMessage message) throws MessagingException {
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress((String) settings.get(TargetConfig.FROM), true));
        mail.setRecipients(Message.RecipientType.TO, TargetConfig.recipients(settings).toArray(InternetAddress[]::new));
        mail.setSubject(message.title(), StandardCharsets.UTF_8.name());
        mail.setText(message.plainText(), StandardCharsets.UTF_8.name());
        return mail;
    }

    /** SMTP's own verdict when there is one (4xx try again, 5xx do not), else a network failure is retryable. */
    static DeliveryResult classify(String server, MessagingException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            int code = t instanceof SMTPSendFailedException s ? s.getReturnCode()
                    : t instanceof SMTPAddressFailedException a ? a.getReturnCode() : 0;
            if (code >= 500) {
                return DeliveryResult.permanent(server + " rejected the mail: " + text(t));
            }
            if (code >= 400) {
                return DeliveryResult.retryable(server + " deferred the mail: " + text(t));
            }
            if (t instanceof AddressException) {
                return DeliveryResult.permanent("bad address: " + text(t));
            }
            if (t instanceof IOException) {
                return DeliveryResult.retryable("could not talk to " + server + ": " + text(t));
            }
        }
        return DeliveryResult.retryable(server + ": " + text(e));
    }

    private static String text(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip().replaceAll("\\s+", " ");
    }
}
