package org.gatehouse.james;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.mdc.RequestLogger;

import com.google.common.collect.ImmutableSet;
import com.google.inject.Binding;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;

/**
 * The standalone gateway's Guice modules, reduced to what a child injector may hold. James builds extension modules
 * ({@code guice.extension.module}) into a child of its own injector: a child may add bindings, but a Multibinder set
 * that James reads from its own injector (WebAdmin routes, health checks, start-up operations, probes, request loggers,
 * task DTOs) is owned by the parent, and a child adding to it fails (or is never seen). Those contributions are dropped
 * here and reach James another way (see {@link GatehouseExtensionModule}); keys the extension binds differently are
 * dropped too. Everything else is kept exactly as the standalone gateway binds it: one definition for both modes.
 */
final class ChildInjectorBindings {
    static final ImmutableSet<Class<?>> HOST_SETS = ImmutableSet.of(Routes.class, HealthCheck.class,
        InitializationOperation.class, GuiceProbe.class, RequestLogger.class, AdditionalInformationDTOModule.class);

    static Module of(Set<Key<?>> replaced, Module... modules) {
        return Elements.getModule(Elements.getElements(modules).stream()
            .filter(element -> kept(element, replaced))
            .toList());
    }

    private static boolean kept(Element element, Set<Key<?>> replaced) {
        if (!(element instanceof Binding<?> binding)) {
            return true;
        }
        Key<?> key = binding.getKey();
        return !replaced.contains(key) && !mentionsHostSet(key.getTypeLiteral().getType());
    }

    /** {@code Routes}, {@code Set<Routes>}, {@code Collection<Provider<Routes>>}, {@code AdditionalInformationDTOModule<?, ?>}… */
    static boolean mentionsHostSet(Type type) {
        if (type instanceof Class<?> clazz) {
            return HOST_SETS.contains(clazz);
        }
        if (type instanceof ParameterizedType parameterized) {
            return mentionsHostSet(parameterized.getRawType())
                || Arrays.stream(parameterized.getActualTypeArguments()).anyMatch(ChildInjectorBindings::mentionsHostSet);
        }
        if (type instanceof WildcardType wildcard) {
            return Stream.concat(Arrays.stream(wildcard.getUpperBounds()), Arrays.stream(wildcard.getLowerBounds()))
                .anyMatch(ChildInjectorBindings::mentionsHostSet);
        }
        if (type instanceof GenericArrayType array) {
            return mentionsHostSet(array.getGenericComponentType());
        }
        return false;
    }

    private ChildInjectorBindings() {
    }
}
