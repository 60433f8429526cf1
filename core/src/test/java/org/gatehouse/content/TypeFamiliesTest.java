package org.gatehouse.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.junit.jupiter.api.Test;

class TypeFamiliesTest {
    private static final ContentTypes TYPES = ContentTypes.standard();

    private static TypeFamily family(String type) {
        return TYPES.familyOf(MediaType.parse(type));
    }

    @Test
    void everyTypeInTheTableShouldBeKnownToTika() {
        MediaTypeRegistry registry = TYPES.registry();

        MediaType emittedButUnregistered = MediaType.application("x-tika-ole-drm-encrypted"); // by Tika's OLE2 detector

        assertThat(TYPES.families().namedTypes()).filteredOn(type -> !type.equals(emittedButUnregistered))
                .filteredOn(type -> !registry.getTypes().contains(registry.normalize(type)))
                .as("types in the table that Tika does not know").isEmpty();
    }

    @Test
    void familyShouldComeFromTheTypeItselfBeforeItsSupertype() {
        assertThat(family("application/vnd.ms-word.document.macroenabled.12")).isEqualTo(TypeFamily.MACRO_DOCUMENT);
        assertThat(family("application/x-ms-installer")).isEqualTo(TypeFamily.EXECUTABLE); // an OLE2 file, not Office
        assertThat(family("application/x-bat")).isEqualTo(TypeFamily.SCRIPT); // a kind of text/plain
    }

    @Test
    void familyShouldBeInheritedFromTheSupertypeWhenTheTypeHasNoEntry() {
        assertThat(family("application/vnd.openxmlformats-officedocument.wordprocessingml.document")).isEqualTo(TypeFamily.OFFICE);
        assertThat(family("application/x-msdownload; format=pe32")).isEqualTo(TypeFamily.EXECUTABLE);
        assertThat(family("application/vnd.android.package-archive")).isEqualTo(TypeFamily.EXECUTABLE);
        assertThat(family("text/csv")).isEqualTo(TypeFamily.TEXT);
        assertThat(family("application/x-bzip2")).isEqualTo(TypeFamily.ARCHIVE);
    }

    @Test
    void familyShouldComeFromThePrefixBeforeTheSupertype() {
        assertThat(family("application/vnd.oasis.opendocument.text")).isEqualTo(TypeFamily.OFFICE); // not ARCHIVE via zip
        assertThat(family("image/svg+xml")).isEqualTo(TypeFamily.IMAGE); // not TEXT via xml
        assertThat(family("video/mp4")).isEqualTo(TypeFamily.MEDIA);
        assertThat(family("application/x-mach-o-executable")).isEqualTo(TypeFamily.EXECUTABLE);
    }

    @Test
    void familyShouldBeOtherWhenNothingMatches() {
        assertThat(family("application/octet-stream")).isEqualTo(TypeFamily.OTHER);
        assertThat(family("application/x-no-such-thing")).isEqualTo(TypeFamily.OTHER);
    }

    @Test
    void extensionShouldNameAFamilyOnlyWhenTheTableHasIt() {
        assertThat(TYPES.families().ofExtension("invoice.VBS")).contains(TypeFamily.SCRIPT);
        assertThat(TYPES.families().ofExtension("setup.hta")).contains(TypeFamily.SCRIPT);
        assertThat(TYPES.families().ofExtension("notes.txt")).isEmpty();
        assertThat(TYPES.families().ofExtension("README")).isEmpty();
    }

    @Test
    void asStringShouldRoundTripThroughParse() {
        for (TypeFamily family : TypeFamily.values()) {
            assertThat(TypeFamily.parse(family.asString())).isEqualTo(family);
        }
        assertThat(TypeFamily.MACRO_DOCUMENT.asString()).isEqualTo("macro_document");
    }
}
