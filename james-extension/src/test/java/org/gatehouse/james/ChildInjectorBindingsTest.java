package org.gatehouse.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.apache.james.webadmin.Routes;
import org.junit.jupiter.api.Test;

import com.google.common.collect.ImmutableSet;
import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;

import spark.Service;

class ChildInjectorBindingsTest {
    /** What James's own injector holds: the set of WebAdmin routes. */
    private final Injector james = Guice.createInjector(binder -> Multibinder.newSetBinder(binder, Routes.class));

    interface Scanner {
    }

    static class ClamScanner implements Scanner {
    }

    static class OtherScanner implements Scanner {
    }

    public static class SomeRoutes implements Routes {
        @Override
        public String getBasePath() {
            return "/some";
        }

        @Override
        public void define(Service service) {
        }
    }

    /** A standalone-gateway module: its own bindings, one of its own sets, and a route for James's set. */
    private static final Module GATEWAY_MODULE = new AbstractModule() {
        @Override
        protected void configure() {
            bind(Scanner.class).to(ClamScanner.class);
            Multibinder.newSetBinder(binder(), String.class).addBinding().toInstance("policy section");
            Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(SomeRoutes.class);
        }
    };

    @Test
    void childInjectorShouldFailWhenAModuleAddsToASetJamesOwns() {
        assertThatThrownBy(() -> james.createChildInjector(GATEWAY_MODULE)).isInstanceOf(CreationException.class);
    }

    @Test
    void childInjectorShouldHoldTheModulesOwnBindingsAndSetsWithoutJamessSets() {
        Injector child = james.createChildInjector(ChildInjectorBindings.of(ImmutableSet.of(), GATEWAY_MODULE));

        assertThat(child.getInstance(Scanner.class)).isInstanceOf(ClamScanner.class);
        assertThat(child.getInstance(Key.get(new TypeLiteral<Set<String>>() { }))).containsExactly("policy section");
        assertThat(child.getInstance(Key.get(new TypeLiteral<Set<Routes>>() { }))).isEmpty();
    }

    @Test
    void childInjectorShouldTakeTheReplacementWhenAKeyIsReplaced() {
        Injector child = james.createChildInjector(ChildInjectorBindings.of(ImmutableSet.of(Key.get(Scanner.class)), GATEWAY_MODULE),
            binder -> binder.bind(Scanner.class).to(OtherScanner.class));

        assertThat(child.getInstance(Scanner.class)).isInstanceOf(OtherScanner.class);
    }
}
