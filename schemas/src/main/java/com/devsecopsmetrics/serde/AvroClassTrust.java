package com.devsecopsmetrics.serde;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.outputs.Alert;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Trusts the classes generated from the contract, and no others, with Avro's {@link ClassSecurityValidator}. Since
 * Avro 1.12.2 every class that Avro loads by name (the class of a record, enum or fixed schema, which
 * {@code SpecificData} looks up when it builds a reader or writer and when it meets an enum) must be trusted, and
 * by default only a few {@code java.lang} types are: a writer schema from the registry can no longer make a reader
 * load whatever class its name spells. This adds the contract's packages ({@code com.devsecopsmetrics.events} and
 * {@code .outputs}) to whatever the process already trusts (Avro's defaults, and the operator's
 * {@code org.apache.avro.SERIALIZABLE_CLASSES} / {@code SERIALIZABLE_PACKAGES}). {@link #install()} must run before
 * any specific record is read or written; every serde of this project calls it from a static initializer.
 */
public final class AvroClassTrust {
    static final Set<String> CONTRACT_PACKAGES = Set.of(Commit.class.getPackageName(), Alert.class.getPackageName());

    static {
        ClassSecurityValidator.setGlobal(
                ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), AvroClassTrust::isContractClass));
    }

    private AvroClassTrust() {
    }

    /** Trusts the contract's classes (once per class loader of Avro; the work is done by this class's initializer). */
    public static void install() {
        // loading the class is the installation
    }

    /** A record or enum generated from the contract's schemas. */
    static boolean isContractClass(Class<?> type) {
        return CONTRACT_PACKAGES.contains(type.getPackageName())
                && (SpecificRecord.class.isAssignableFrom(type) || type.isEnum());
    }
}
