package io.cyberbrain.api.mcp.conformance;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.mcp.server.AudioContent;
import io.quarkiverse.mcp.server.Elicitation;
import io.quarkiverse.mcp.server.ElicitationRequest.BooleanSchema;
import io.quarkiverse.mcp.server.ElicitationRequest.EnumSchema;
import io.quarkiverse.mcp.server.ElicitationRequest.IntegerSchema;
import io.quarkiverse.mcp.server.ElicitationRequest.MultiSelectEnumSchema;
import io.quarkiverse.mcp.server.ElicitationRequest.NumberSchema;
import io.quarkiverse.mcp.server.ElicitationRequest.SingleSelectEnumSchema;
import io.quarkiverse.mcp.server.ElicitationRequest.StringSchema;
import io.quarkiverse.mcp.server.ElicitationResponse;
import io.quarkiverse.mcp.server.EmbeddedResource;
import io.quarkiverse.mcp.server.ImageContent;
import io.quarkiverse.mcp.server.McpLog;
import io.quarkiverse.mcp.server.Progress;
import io.quarkiverse.mcp.server.Sampling;
import io.quarkiverse.mcp.server.SamplingMessage;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.TextResourceContents;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * The tools the official MCP conformance suite calls, with exactly the names, arguments and results its scenarios
 * describe ({@code @modelcontextprotocol/conformance}, {@code tools-call-*} and {@code elicitation-*}). Test sources
 * only: the product must never list them.
 */
@ApplicationScoped
public class ConformanceTools {

    /** The pauses the logging and progress scenarios ask for, so that notifications visibly arrive mid-call. */
    private static final Duration STEP = Duration.ofMillis(50);

    @Tool(name = "test_simple_text", description = "Returns a fixed text (conformance: tools-call-simple-text)")
    ToolResponse simpleText() {
        return ToolResponse.success("This is a simple text response for testing.");
    }

    @Tool(name = "test_image_content", description = "Returns a 1x1 red PNG (conformance: tools-call-image)")
    ToolResponse imageContent() {
        return ToolResponse.success(image());
    }

    @Tool(name = "test_audio_content", description = "Returns a short WAV (conformance: tools-call-audio)")
    ToolResponse audioContent() {
        ConformanceMedia wav = ConformanceMedia.SILENT_WAV;
        return ToolResponse.success(new AudioContent(wav.base64(), wav.mimeType()));
    }

    @Tool(name = "test_embedded_resource", description = "Returns an embedded text resource "
            + "(conformance: tools-call-embedded-resource)")
    ToolResponse embeddedResource() {
        return ToolResponse.success(new EmbeddedResource(new TextResourceContents("test://embedded-resource",
                "This is an embedded resource content.", "text/plain")));
    }

    @Tool(name = "test_multiple_content_types", description = "Returns text, an image and an embedded resource "
            + "(conformance: tools-call-mixed-content)")
    ToolResponse multipleContentTypes() {
        String json = new JsonObject().put("test", "data").put("value", 123).encode();
        return ToolResponse.success(List.of(new TextContent("Multiple content types test:"), image(),
                new EmbeddedResource(new TextResourceContents("test://mixed-content-resource", json, "application/json"))));
    }

    @Tool(name = "test_error_handling", description = "Always fails with isError: true (conformance: tools-call-error)")
    ToolResponse errorHandling() {
        // A tool failure, not a protocol error: the extension turns ToolCallException into isError with this text.
        throw new ToolCallException("This tool intentionally returns an error for testing");
    }

    @Tool(name = "test_tool_with_logging", description = "Sends three info log notifications while it runs "
            + "(conformance: tools-call-with-logging)")
    Uni<ToolResponse> toolWithLogging(McpLog log) {
        return Uni.createFrom().voidItem()
                .invoke(() -> log.info("Tool execution started"))
                .onItem().delayIt().by(STEP)
                .invoke(() -> log.info("Tool processing data"))
                .onItem().delayIt().by(STEP)
                .invoke(() -> log.info("Tool execution completed"))
                .map(ignored -> ToolResponse.success("Tool with logging executed successfully"));
    }

    @Tool(name = "test_tool_with_progress", description = "Reports progress 0, 50 and 100 of 100 when the request "
            + "carries a progress token (conformance: tools-call-with-progress)")
    Uni<ToolResponse> toolWithProgress(Progress progress) {
        // Each notification is sent before the next step starts, so the client sees them in increasing order.
        return progress(progress, 0)
                .onItem().delayIt().by(STEP)
                .chain(() -> progress(progress, 50))
                .onItem().delayIt().by(STEP)
                .chain(() -> progress(progress, 100))
                .map(ignored -> ToolResponse.success("Tool with progress executed successfully"));
    }

    @Tool(name = "test_sampling", description = "Asks the client's LLM to answer the prompt "
            + "(conformance: tools-call-sampling)")
    Uni<ToolResponse> sampling(@ToolArg(name = "prompt", description = "The prompt to send to the LLM") String prompt,
                               Sampling sampling) {
        if (!sampling.isSupported()) {
            return Uni.createFrom().item(ToolResponse.error("This client does not support sampling"));
        }
        return sampling.requestBuilder().addMessage(SamplingMessage.withUserRole(prompt)).setMaxTokens(100).build()
                .send()
                .map(answer -> ToolResponse.success("LLM response: " + (answer.content() instanceof TextContent text
                        ? text.text() : answer.content().toString())));
    }

    @Tool(name = "test_elicitation", description = "Asks the user for a username and an email address "
            + "(conformance: tools-call-elicitation)")
    Uni<ToolResponse> elicitation(@ToolArg(name = "message", description = "The message to show the user") String message,
                                  Elicitation elicitation) {
        if (!elicitation.isFormModeSupported()) {
            return Uni.createFrom().item(ToolResponse.error("This client does not support elicitation"));
        }
        return elicitation.requestBuilder().setMessage(message)
                .addSchemaProperty("username", StringSchema.builder().setDescription("User's response")
                        .setRequired(true).build())
                .addSchemaProperty("email", StringSchema.builder().setDescription("User's email address")
                        .setRequired(true).build())
                .build().send()
                .map(answer -> ToolResponse.success("User response: " + describe(answer)));
    }

    @Tool(name = "test_elicitation_sep1034_defaults", description = "Elicits one field of each primitive type, each "
            + "with a default (conformance: elicitation-sep1034-defaults)")
    Uni<ToolResponse> elicitationDefaults(Elicitation elicitation) {
        return elicitation.requestBuilder().setMessage("Please review and update the form fields with defaults")
                .addSchemaProperty("name", StringSchema.builder().setDescription("User name")
                        .setDefaultValue("John Doe").build())
                .addSchemaProperty("age", IntegerSchema.builder().setDescription("User age").setDefaultValue(30).build())
                .addSchemaProperty("score", NumberSchema.builder().setDescription("User score")
                        .setDefaultValue(95.5).build())
                .addSchemaProperty("status", SingleSelectEnumSchema.builder(List.of("active", "inactive", "pending"))
                        .setDescription("User status").setDefaultValue("active").build())
                .addSchemaProperty("verified", BooleanSchema.builder().setDescription("Verification status")
                        .setDefaultValue(true).build())
                .build().send()
                .map(answer -> ToolResponse.success("Elicitation completed: " + describe(answer)));
    }

    @Tool(name = "test_elicitation_sep1330_enums", description = "Elicits the five enum schema variants "
            + "(conformance: elicitation-sep1330-enums)")
    Uni<ToolResponse> elicitationEnums(Elicitation elicitation) {
        List<String> options = List.of("option1", "option2", "option3");
        List<String> values = List.of("value1", "value2", "value3");
        return elicitation.requestBuilder().setMessage("Please select options from the enum fields")
                .addSchemaProperty("untitledSingle", SingleSelectEnumSchema.builder(options)
                        .setDescription("Untitled single-select").build())
                .addSchemaProperty("titledSingle", SingleSelectEnumSchema.builder(values)
                        .setDescription("Titled single-select")
                        .setEnumTitles(List.of("First Option", "Second Option", "Third Option")).build())
                // The deprecated form (enum + enumNames) that SEP-1330 still asks servers to be able to send.
                .addSchemaProperty("legacyEnum", EnumSchema.builder(List.of("opt1", "opt2", "opt3"))
                        .setDescription("Legacy titled enum")
                        .setEnumNames(List.of("Option One", "Option Two", "Option Three")).build())
                .addSchemaProperty("untitledMulti", MultiSelectEnumSchema.builder(options)
                        .setDescription("Untitled multi-select").build())
                .addSchemaProperty("titledMulti", MultiSelectEnumSchema.builder(values)
                        .setDescription("Titled multi-select")
                        .setEnumTitles(List.of("First Choice", "Second Choice", "Third Choice")).build())
                .build().send()
                .map(answer -> ToolResponse.success("Elicitation completed: " + describe(answer)));
    }

    /** A street address; only here so the 2020-12 tool's method accepts what its hand-written schema declares. */
    public record Address(String street, String city) {
    }

    @Tool(name = "json_schema_2020_12_tool", description = "Tool with JSON Schema 2020-12 features "
            + "(conformance: json-schema-2020-12)",
            inputSchema = @Tool.InputSchema(generator = JsonSchema2020Generator.class))
    ToolResponse jsonSchema2020(@ToolArg(name = "name", required = false) String name,
                                @ToolArg(name = "address", required = false) Address address) {
        return ToolResponse.success("name=" + name + ", address=" + address);
    }

    private static ImageContent image() {
        ConformanceMedia png = ConformanceMedia.RED_PIXEL_PNG;
        return new ImageContent(png.base64(), png.mimeType());
    }

    private static Uni<Void> progress(Progress progress, int done) {
        if (progress.token().isEmpty()) {
            return Uni.createFrom().voidItem(); // no token: the scenario's "just execute with delays"
        }
        return progress.notificationBuilder().setProgress(done).setTotal(100).build().send();
    }

    private static String describe(ElicitationResponse answer) {
        return "action=" + answer.action().toString().toLowerCase() + ", content="
                + new JsonObject(answer.content().asMap()).encode();
    }
}
