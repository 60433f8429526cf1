package org.gatehouse.app;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate and its private key as PEM files, so a fresh gateway offers STARTTLS on its embedded
 * defaults (opportunistic TLS needs no trusted certificate); operators replace them with their own. Also used by
 * tests for TLS peers.
 */
public record SelfSignedCertificate(X509Certificate certificate, KeyPair keyPair) {
    public static final String PRIVATE_KEY = "private.key";
    public static final String CERTIFICATE = "certificate.pem";
    private static final Duration VALIDITY = Duration.ofDays(825);

    /** A new EC P-256 key and a certificate for {@code hostname} (CN and DNS subject alternative name). */
    public static SelfSignedCertificate generate(String hostname) throws GeneralSecurityException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keyPair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + hostname);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, keyPair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, hostname)));
            X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
            return new SelfSignedCertificate(certificate, keyPair);
        } catch (org.bouncycastle.operator.OperatorCreationException | java.security.cert.CertificateException
                 | org.bouncycastle.cert.CertIOException e) {
            throw new GeneralSecurityException("Cannot create a self-signed certificate for " + hostname, e);
        }
    }

    /**
     * Writes {@value #PRIVATE_KEY} (PKCS#8, readable by the owner only) and {@value #CERTIFICATE} into {@code directory}
     * unless a key is there already.
     *
     * @return true when written
     */
    public static boolean writeIfAbsent(Path directory, String hostname) throws IOException, GeneralSecurityException {
        if (Files.exists(directory.resolve(PRIVATE_KEY))) {
            return false;
        }
        generate(hostname).write(directory);
        return true;
    }

    public void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path key = directory.resolve(PRIVATE_KEY);
        Files.writeString(key, pem(new JcaPKCS8Generator(keyPair.getPrivate(), null)));
        try {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: left as created
        }
        Files.writeString(directory.resolve(CERTIFICATE), pem(certificate));
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
