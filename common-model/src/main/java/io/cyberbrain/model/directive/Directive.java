package io.cyberbrain.model.directive;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
@Table(name = "directive")
public class Directive extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** D1..D4 for the seeded directives; null for the operator's own. */
    public String code;

    public String name;

    @Column(name = "directive_type")
    public DirectiveType type;

    public String description;

    @Column(name = "directive_text")
    public String text;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "task_config")
    public Map<String, Object> taskConfig;

    public int version;

    public boolean active;

    @Column(name = "approval_required")
    public boolean approvalRequired;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public boolean isCustom() {
        return type == DirectiveType.CUSTOM;
    }

    /** How a person reads a directive: its name, after its code unless the name already starts with it ("D2 GPU report"). */
    public static String label(String code, String name) {
        String n = name == null ? "" : name;
        return code == null || code.isBlank() || n.startsWith(code) ? n : (code + " " + n).strip();
    }
}
