package io.cyberbrain.api.investigation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cyberbrain.api.investigation.ScriptedChatServer.Answer;

/** Scripts the model server the application talks to, and reads what it was sent, over HTTP. */
final class ModelScript {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ModelScript() {
    }

    private static String base() {
        return ConfigProvider.getConfig().getValue("cyberbrain.investigation.llm.endpoint", String.class);
    }

    static void script(String scenario, Answer... answers) throws IOException, InterruptedException {
        HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/script/" + scenario))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(answers))).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 204) {
            throw new IllegalStateException("scripting failed: HTTP " + r.statusCode());
        }
    }

    static List<JsonNode> requestsOf(String scenario) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/requests/" + scenario)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).forEach(out::add);
        return out;
    }
}
