package io.cyberbrain.api.usage;

import java.math.BigDecimal;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Per-model prices for the cost report, e.g. {@code cyberbrain.cost.prices."llama3:8b".input-per-million=0.02}.
 * Local models cost electricity, not API fees: the operator sets what a million tokens costs them. A model
 * named {@code default} prices every model that has no entry of its own.
 */
@ConfigMapping(prefix = "cyberbrain.cost")
public interface CostConfig {

    @WithDefault("USD")
    String currency();

    Map<String, Price> prices();

    interface Price {
        BigDecimal inputPerMillion();

        BigDecimal outputPerMillion();
    }
}
