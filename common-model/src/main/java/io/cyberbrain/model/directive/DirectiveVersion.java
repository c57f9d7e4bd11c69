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

/** One saved version of a directive, written on create and on every edit. */
@Entity
@Table(name = "directive_version")
public class DirectiveVersion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "directive_id")
    public Long directiveId;

    public int version;

    public String name;

    @Column(name = "directive_type")
    public DirectiveType type;

    public String description;

    @Column(name = "directive_text")
    public String text;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "task_config")
    public Map<String, Object> taskConfig;

    @Column(name = "approval_required")
    public boolean approvalRequired;

    @Column(name = "created_at")
    public Instant createdAt;

    public static DirectiveVersion of(Directive d, Instant at) {
        DirectiveVersion v = new DirectiveVersion();
        v.directiveId = d.id;
        v.version = d.version;
        v.name = d.name;
        v.type = d.type;
        v.description = d.description;
        v.text = d.text;
        v.taskConfig = d.taskConfig;
        v.approvalRequired = d.approvalRequired;
        v.createdAt = at;
        return v;
    }
}
