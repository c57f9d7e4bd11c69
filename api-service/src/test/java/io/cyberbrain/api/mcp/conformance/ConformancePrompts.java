package io.cyberbrain.api.mcp.conformance;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.mcp.server.CompleteArg;
import io.quarkiverse.mcp.server.CompletePrompt;
import io.quarkiverse.mcp.server.EmbeddedResource;
import io.quarkiverse.mcp.server.ImageContent;
import io.quarkiverse.mcp.server.Prompt;
import io.quarkiverse.mcp.server.PromptArg;
import io.quarkiverse.mcp.server.PromptMessage;
import io.quarkiverse.mcp.server.PromptResponse;
import io.quarkiverse.mcp.server.TextResourceContents;

/** The prompts and the prompt completion the conformance suite asks for ({@code prompts-*}, {@code completion-complete}). */
@ApplicationScoped
public class ConformancePrompts {

    /** The completion scenario's example values; a prefix picks among them, as an editor's completion would. */
    private static final List<String> ARG1_SUGGESTIONS = List.of("paris", "park", "party");

    @Prompt(name = "test_simple_prompt", description = "A prompt without arguments (conformance: prompts-get-simple)")
    PromptMessage simplePrompt() {
        return PromptMessage.withUserRole("This is a simple prompt for testing.");
    }

    @Prompt(name = "test_prompt_with_arguments", description = "A prompt that repeats its two arguments "
            + "(conformance: prompts-get-with-args)")
    PromptMessage promptWithArguments(@PromptArg(name = "arg1", description = "First test argument") String arg1,
                                      @PromptArg(name = "arg2", description = "Second test argument") String arg2) {
        return PromptMessage.withUserRole("Prompt with arguments: arg1='" + arg1 + "', arg2='" + arg2 + "'");
    }

    @CompletePrompt("test_prompt_with_arguments")
    List<String> completeArg1(@CompleteArg(name = "arg1") String prefix) {
        return ARG1_SUGGESTIONS.stream().filter(value -> value.startsWith(prefix)).toList();
    }

    @Prompt(name = "test_prompt_with_embedded_resource", description = "A prompt embedding a text resource "
            + "(conformance: prompts-get-embedded-resource)")
    PromptResponse promptWithEmbeddedResource(
            @PromptArg(name = "resourceUri", description = "URI of the resource to embed") String resourceUri) {
        return PromptResponse.withMessages(
                PromptMessage.withUserRole(new EmbeddedResource(new TextResourceContents(resourceUri,
                        "Embedded resource content for testing.", "text/plain"))),
                PromptMessage.withUserRole("Please process the embedded resource above."));
    }

    @Prompt(name = "test_prompt_with_image", description = "A prompt carrying an image "
            + "(conformance: prompts-get-with-image)")
    PromptResponse promptWithImage() {
        ConformanceMedia png = ConformanceMedia.RED_PIXEL_PNG;
        return PromptResponse.withMessages(
                PromptMessage.withUserRole(new ImageContent(png.base64(), png.mimeType())),
                PromptMessage.withUserRole("Please analyze the image above."));
    }
}
