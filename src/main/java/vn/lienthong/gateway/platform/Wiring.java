package vn.lienthong.gateway.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a flow's wiring class (its FlowModule and adapters between Camel and its domain classes): the only classes
 * of a flow package that may use Camel (ArchitectureTest). Domain classes stay plain Java.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Wiring {
}
