package io.cyberbrain.model.directive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DirectiveLabelTest {

    @Test
    void aNameThatStartsWithItsCodeIsNotPrefixedTwice() {
        assertEquals("D2 GPU report", Directive.label("D2", "D2 GPU report"));
    }

    @Test
    void anyOtherNameIsShownAfterItsCode() {
        assertEquals("D4 custom", Directive.label("D4", "custom"));
        assertEquals("nightly triage", Directive.label(null, "nightly triage"));
        assertEquals("D7", Directive.label("D7", null));
    }
}
